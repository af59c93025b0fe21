from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sightline.web.accesslog.forms import AccessSearchForm
from sightline.web.accesslog.selectors import access_entries
from sightline.web.accesslog.services import log_list_view
from sightline.web.accounts.permissions import permitted_children, requires
from sightline.web.accounts.roles import ROLE_LABELS, Capability
from sightline.web.common import export

EXPORT_LIMIT = 100_000  # the newest entries matching the search
ACCESS_COLUMNS = [
    ("at", "When"), ("username", "User"), ("role", "Role"), ("outcome", "Outcome"),
    ("kind", "Kind"), ("what", "What"), ("child", "Child"), ("children", "Children shown"),
    ("path", "Page"), ("ip", "Address"), ("detail", "Detail"),
]  # fmt: skip


@requires(Capability.VIEW_ACCESS_LOG)
def search(request: HttpRequest) -> HttpResponse:
    form = AccessSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    entries = access_entries(**filters)
    if fmt := export.requested(request):
        rows = [
            {"at": e.at, "username": e.username, "role": ROLE_LABELS.get(e.role, e.role),
             "outcome": e.get_outcome_display(), "kind": e.get_kind_display(), "what": e.what,
             "child": e.child_id, "children": e.children_shown, "path": e.path, "ip": e.ip,
             "detail": e.detail}
            for e in entries[:EXPORT_LIMIT]
        ]  # fmt: skip
        return export.download(request, "access-log", ACCESS_COLUMNS, rows, fmt)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    # The log names children: reading it is asked of the one decision and logged like any list.
    shown = {e.child_id: None for e in page if e.child_id}
    permitted_children(request.user, shown)
    log_list_view(request, "access log", shown)
    return render(request, "accesslog/search.html", {"form": form, "page": page})
