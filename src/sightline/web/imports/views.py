from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sightline.web.accounts.permissions import requires
from sightline.web.accounts.roles import Capability


@requires(Capability.VIEW_IMPORTS)
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "imports/index.html")
