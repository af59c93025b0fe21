"""Writing the access log. Call one of these from every view that shows child-level data.

log_child_view(request, child_id, "child timeline", snapshot_ids=...)
log_list_view(request, "overdue list", child_ids)
log_denied(request, reason, child_id="")   # permission checks call this for you
"""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpRequest

from sightline.web.accesslog.models import AccessEntry
from sightline.web.accounts.client_address import client_address


def _entry(request: HttpRequest, **fields) -> AccessEntry:
    user = request.user if request.user.is_authenticated else None
    return AccessEntry.objects.create(
        user=user,
        username=user.get_username() if user else "(not signed in)",
        role=getattr(user, "role", "") if user else "",
        path=request.get_full_path()[:500],
        method=request.method or "",
        ip=client_address(request),
        **fields,
    )


def log_child_view(
    request: HttpRequest, child_id: str, what: str, snapshot_ids: Iterable[str] = ()
) -> AccessEntry:
    return _entry(
        request,
        outcome=AccessEntry.Outcome.VIEWED,
        kind=AccessEntry.Kind.CHILD,
        what=what,
        child_id=str(child_id)[:100],
        children_shown=1,
        snapshot_ids=",".join(snapshot_ids)[:500],
    )


def log_list_view(
    request: HttpRequest,
    what: str,
    child_ids: Iterable[str],
    snapshot_ids: Iterable[str] = (),
    kind: str = AccessEntry.Kind.LIST,
) -> AccessEntry:
    ids = sorted({str(c) for c in child_ids if c})
    return _entry(
        request,
        outcome=AccessEntry.Outcome.VIEWED,
        kind=kind,
        what=what,
        children_shown=len(ids),
        detail=("children: " + ", ".join(ids))[:500] if ids else "",
        snapshot_ids=",".join(snapshot_ids)[:500],
    )


def log_denied(request: HttpRequest, reason: str, child_id: str = "") -> AccessEntry:
    return _entry(
        request,
        outcome=AccessEntry.Outcome.DENIED,
        kind=AccessEntry.Kind.CHILD if child_id else AccessEntry.Kind.ATTEMPT,
        what=reason[:200],
        child_id=str(child_id)[:100],
    )
