"""The child's timeline: one page, every return's events in order, every timescale met or missed."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from sightline.web.accesslog.services import log_child_view, log_denied
from sightline.web.accounts.permissions import check_child_access, requires
from sightline.web.accounts.roles import Capability
from sightline.web.children import selectors
from sightline.web.common.areas import child_panels


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
