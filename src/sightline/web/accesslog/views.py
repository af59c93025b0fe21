from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sightline.web.accesslog.forms import AccessSearchForm
from sightline.web.accesslog.selectors import access_entries
from sightline.web.accounts.permissions import requires
from sightline.web.accounts.roles import Capability


@requires(Capability.VIEW_ACCESS_LOG)
def search(request: HttpRequest) -> HttpResponse:
    form = AccessSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(access_entries(**filters), 50).get_page(request.GET.get("page"))
    return render(request, "accesslog/search.html", {"form": form, "page": page})
