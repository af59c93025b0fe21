"""The child's timeline: one page, every return's events in order, every timescale met or missed."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from sightline.web.accesslog.services import log_child_view, log_denied
from sightline.web.accounts.permissions import check_child_access, requires
from sightline.web.accounts.roles import Capability
from sightline.web.children import selectors
from sightline.web.common.areas import child_panels


@requires(Capability.VIEW_CHILDREN)
def find(request: HttpRequest) -> HttpResponse:
    """Find a child by ID from any page (the header's search box): to their timeline, which
    checks the reader's teams and logs the view; an ID not in the returns is logged too."""
    child_id = request.GET.get("id", "").strip()
    error = ""
    if child_id:
        if len(child_id) > 100 or not selectors.child_exists(child_id):
            log_denied(request, reason="find a child: not found", child_id=child_id[:100])
            error = f"There is no child with the ID {child_id[:100]} in the latest returns."
        else:
            return redirect("children:timeline", child_id=child_id)
    status = 404 if error else 200
    return render(
        request, "children/find.html", {"child_id": child_id, "error": error}, status=status
    )


@requires(Capability.VIEW_CHILDREN)
def timeline(request: HttpRequest, child_id: str) -> HttpResponse:
    page = selectors.child_page(child_id)
    if page is None:
        log_denied(request, reason="child not found", child_id=child_id)
        raise Http404("No child with that ID in the latest snapshots")
    check_child_access(request, child_id, [page.child.team])
    log_child_view(request, child_id, "child timeline", snapshot_ids=page.snapshot_ids)
    # Other areas' blocks for this child (e.g. its audits), declared in their AppConfig.
    panels = [
        (panel.template, found)
        for panel in child_panels()
        if (found := panel.context(request, child_id)) is not None
    ]
    return render(request, "children/timeline.html", {"page": page, "panels": panels})
