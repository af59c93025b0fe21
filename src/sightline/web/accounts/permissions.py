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

from collections.abc import Callable, Iterable, Mapping
from contextvars import ContextVar
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
    """The teams whose children the user may see: None means every team. Internal to the decision
    below; views and selectors call `permitted_children` (or `may_see_child`)."""
    scope = user.child_scope
    if scope is ChildScope.ALL:
        return None
    if scope is ChildScope.TEAMS:
        return user.team_names
    return frozenset()


# The children the current request has asked about, so a test can prove that every child
# identifier a response shows went through the decision (tests/web/test_child_data_decision.py).
_decided: ContextVar[set[str] | None] = ContextVar("sightline_children_decided", default=None)


def start_request() -> None:
    """Called by the middleware at the start of each request: nothing decided yet."""
    _decided.set(set())


def decided_children() -> frozenset[str]:
    return frozenset(_decided.get() or ())


def permitted_children(
    user, teams_by_child: Mapping[str, Iterable[str | None] | str | None]
) -> set[str]:
    """THE decision for child-level data: which of these children may this user see?

    `teams_by_child` maps each child's ID to the team(s) the child is allocated to (a team name,
    several, or None for no team). Every page, list, pack, PDF, export, download and search that
    shows a child's identifier asks here first and shows only the children returned. Team
    managers get their teams' children; roles without VIEW_CHILDREN (elected members) get none;
    other child-level roles get all. A child with no team is seen only by the all-children roles.
    """
    ids = {str(c) for c in teams_by_child if c}
    decided = _decided.get()
    if decided is not None:
        decided |= ids
    if not has_capability(user, Capability.VIEW_CHILDREN):
        return set()
    allowed = child_teams_filter(user)
    if allowed is None:
        return ids
    permitted = set()
    for child, teams in teams_by_child.items():
        team_list = [teams] if teams is None or isinstance(teams, str) else list(teams)
        if any(team in allowed for team in team_list if team):
            permitted.add(str(child))
    return permitted


def may_see_child(user, child_teams: Iterable[str | None], child_id: str = "") -> bool:
    """Whether a user may see one child allocated to `child_teams` (`permitted_children` for one)."""
    key = child_id or "(child)"
    return key in permitted_children(user, {key: list(child_teams)})


def check_child_access(
    request: HttpRequest, child_id: str, child_teams: Iterable[str | None]
) -> None:
    """Raise PermissionDenied, logged with the child's ID, unless the user may see this child."""
    if not may_see_child(request.user, child_teams, child_id):
        from sightline.web.accesslog.services import log_denied

        log_denied(request, reason="child outside the user's teams", child_id=child_id)
        raise PermissionDenied("This child is not allocated to one of your teams.")


def aggregates_only(user) -> bool:
    """Readers who may not see children (elected members): small figures are shown as "c"."""
    return not has_capability(user, Capability.VIEW_CHILDREN)
