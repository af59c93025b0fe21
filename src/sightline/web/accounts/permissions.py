"""Permission checks for views: a decorator for functions, a mixin for classes, a helper for code.

    @requires(Capability.VIEW_CHILDREN)
    def my_view(request): ...

    class MyView(CapabilityRequiredMixin, TemplateView):
        capability = Capability.VIEW_AGGREGATES

A refusal raises PermissionDenied (the 403 page explains it in plain words) and is written to the
access log. Child-level access also goes through `check_child_access` so team managers only reach
their own teams' children.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from sightline.web.accounts.roles import CAPABILITY_WORDS, Capability, ChildScope


def has_capability(user, capability: Capability | str) -> bool:
    return bool(user.is_authenticated and user.can(capability))


def ensure(request: HttpRequest, capability: Capability | str, child_id: str = "") -> None:
    """Raise PermissionDenied (and log the refusal, with the child asked for) unless the user has
    the capability."""
    if not has_capability(request.user, capability):
        from sightline.web.accesslog.services import log_denied

        needed = CAPABILITY_WORDS[Capability(capability)]
        log_denied(request, reason=f"needs permission to {needed}", child_id=child_id)
        raise PermissionDenied(
            f"Your role does not allow this page: it needs permission to {needed}."
        )


def requires(*capabilities: Capability | str) -> Callable:
    """Decorator: the view runs only for signed-in users holding every listed capability."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs):
            for capability in capabilities:
                ensure(request, capability, child_id=str(kwargs.get("child_id", "")))
            return view(request, *args, **kwargs)

        wrapped.required_capabilities = tuple(Capability(c) for c in capabilities)  # type: ignore[attr-defined]
        return wrapped

    return decorate


class CapabilityRequiredMixin:
    """Class-based views: set `capability` (or `capabilities`)."""

    capability: Capability | None = None
    capabilities: tuple[Capability, ...] = ()

    def dispatch(self, request, *args, **kwargs):
        for capability in (self.capability, *self.capabilities):
            if capability is not None:
                ensure(request, capability)
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


def child_teams_filter(user) -> frozenset[str] | None:
    """The teams whose children the user may see: None means every team."""
    scope = user.child_scope
    if scope is ChildScope.ALL:
        return None
    if scope is ChildScope.TEAMS:
        return user.team_names
    return frozenset()


def may_see_child(user, child_teams: Iterable[str | None]) -> bool:
    """Whether a user may see a child allocated to `child_teams` (all teams the child ever had)."""
    if not has_capability(user, Capability.VIEW_CHILDREN):
        return False
    allowed = child_teams_filter(user)
    if allowed is None:
        return True
    return any(team in allowed for team in child_teams if team)


def check_child_access(
    request: HttpRequest, child_id: str, child_teams: Iterable[str | None]
) -> None:
    """Raise PermissionDenied, logged with the child's ID, unless the user may see this child."""
    if not may_see_child(request.user, child_teams):
        from sightline.web.accesslog.services import log_denied

        log_denied(request, reason="child outside the user's teams", child_id=child_id)
        raise PermissionDenied("This child is not allocated to one of your teams.")


def aggregates_only(user) -> bool:
    """Readers who may not see children (elected members): small figures are shown as "c"."""
    return not has_capability(user, Capability.VIEW_CHILDREN)
