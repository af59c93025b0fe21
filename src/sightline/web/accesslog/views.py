from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sightline.web.accesslog.forms import AccessSearchForm
from sightline.web.accesslog.models import AccessEntry
from sightline.web.accesslog.selectors import access_entries
from sightline.web.accesslog.services import log_list_view
from sightline.web.accounts.permissions import permitted_children, requires
from sightline.web.accounts.roles import ROLE_LABELS, Capability
from sightline.web.common import export

EXPORT_LIMIT = 100_000  # the newest entries matching the search
ACCESS_COLUMNS = [
    ("at", "When"), ("username", "User"), ("role", "Role"), ("outcome", "Outcome"),
    ("kind", "Kind"), ("what", "What"), ("child", "Child"), ("children", "Children shown"),
    ("path", "Page"), ("ip", "Address"), ("detail", "Detail"), ("seq", "Record"),
    ("prev_hash", "Previous hash"), ("hash", "Hash"),
]  # fmt: skip


@requires(Capability.VIEW_ACCESS_LOG)
def search(request: HttpRequest) -> HttpResponse:
    form = AccessSearchForm(request.GET or None)
    valid = form.is_valid()
    filters = form.cleaned_data if valid else {}
    entries = access_entries(**filters)
    if fmt := export.requested(request):
        if form.is_bound and not valid:  # never a whole log for a search that was mistyped
            page = Paginator(entries.none(), 50).get_page(1)
            return render(
                request, "accesslog/search.html", {"form": form, "page": page}, status=400
            )
        return _export(request, entries, filters, fmt)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    # The log names children: reading it is asked of the one decision and logged like any list.
    shown = {e.child_id: None for e in page if e.child_id}
    permitted_children(request.user, shown)
    log_list_view(request, "access log", shown)
    return render(request, "accesslog/search.html", {"form": form, "page": page})


def _export(request: HttpRequest, entries, filters: dict, fmt: str) -> HttpResponse:
    """The matching records as evidence (with each record's place in the hash chain, so the file
    can be checked against `sightline verify-log`); the children it names are asked of the one
    decision, and the export itself is logged, one record per child named."""
    chosen = list(entries[:EXPORT_LIMIT])
    named = {e.child_id: None for e in chosen if e.child_id}
    permitted = permitted_children(request.user, named)
    rows = [
        {"at": e.at, "username": e.username, "role": ROLE_LABELS.get(e.role, e.role),
         "outcome": e.get_outcome_display(), "kind": e.get_kind_display(), "what": e.what,
         "child": e.child_id if e.child_id in permitted else ("" if not e.child_id else "withheld"),
         "children": e.children_shown, "path": e.path, "ip": e.ip, "detail": e.detail,
         "seq": e.seq, "prev_hash": e.prev_hash, "hash": e.hash}
        for e in chosen
    ]  # fmt: skip
    said = ", ".join(f"{k}={v}" for k, v in filters.items() if v not in ("", None)) or "none"
    log_list_view(
        request,
        f"access log export ({fmt})",
        permitted,
        kind=AccessEntry.Kind.EXPORT,
        detail=f"{len(rows)} records; filters: {said}",
    )
    return export.download(request, "access-log", ACCESS_COLUMNS, rows, fmt)
