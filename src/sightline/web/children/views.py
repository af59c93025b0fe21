from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sightline.web.accesslog.services import log_child_view
from sightline.web.accounts.permissions import requires
from sightline.web.accounts.roles import Capability


@requires(Capability.VIEW_CHILDREN)
def timeline(request: HttpRequest, child_id: str) -> HttpResponse:
    log_child_view(request, child_id, "child timeline")
    return render(request, "children/timeline.html", {"child_id": child_id})
