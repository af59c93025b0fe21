"""The validation report of a CIN census or 903 snapshot: the DfE's rules of its year, as an analyst
works through them before submitting (summary by rule, filters, a child's findings together,
XLSX and CSV downloads, the ready-to-submit line, and what a re-import fixed)."""

from __future__ import annotations

from urllib.parse import quote

import pyarrow as pa
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from sightline.rules import report
from sightline.rules.engine import FINDING_SCHEMA
from sightline.store import StoreError
from sightline.web.accesslog.services import log_child_view, log_list_view
from sightline.web.accounts.permissions import requires
from sightline.web.accounts.roles import Capability
from sightline.web.core import engine
from sightline.web.validation import selectors

PAGE_SIZE = 200


@requires(Capability.VIEW_IMPORTS)
def report_view(request: HttpRequest, snapshot_id: str) -> HttpResponse:
    store = engine.store()
    try:
        snapshot = store.get(snapshot_id)
    except StoreError:
        raise Http404("No such snapshot") from None
    result = selectors.validation(store, snapshot)
    if result is None:
        raise Http404("The DfE's validation rules are run on CIN census and 903 returns only")
    kind = selectors.VALIDATED[snapshot.return_]
    selected = {k: v for k, v in request.GET.dict().items() if k in selectors.FILTERS and v}
    chosen = selectors.filtered(result, selected)
    download = request.GET.get("format")
    if download in ("csv", "xlsx"):
        log_list_view(
            request,
            "validation report (download)",
            [r["child_id"] for r in chosen],
            [snapshot.id],
            kind="download",
        )
        table = pa.Table.from_pylist(chosen, schema=FINDING_SCHEMA)
        name = f"validation-{snapshot.id}"
        if download == "csv":
            response = HttpResponse(report.to_csv(table), content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
            return response
        response = HttpResponse(
            report.to_xlsx(table, f"{result.file}: {kind} {result.label} rules"),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    page = Paginator(chosen, PAGE_SIZE).get_page(request.GET.get("page"))
    shown = list(page.object_list)
    if selected.get("child_id"):
        log_child_view(request, selected["child_id"], "validation report", [snapshot.id])
    else:
        log_list_view(request, "validation report", [r["child_id"] for r in shown], [snapshot.id])
    before = selectors.previous(store, snapshot)
    earlier = selectors.validation(store, before) if before else None
    context = {
        "snapshot": snapshot,
        "result": result,
        "kind": kind,
        "not_run": selectors.not_run(result),
        "ready": report.ready_line(result.findings),
        "summary": selectors.summary(result),
        "findings": shown,
        "page": page,
        "matching": len(chosen),
        "total": result.findings.num_rows,
        "page_size": PAGE_SIZE,
        "choices": selectors.choices(result),
        "selected": selected,
        "query": "&".join(
            f"{k}={quote(v)}" for k, v in request.GET.items() if k not in ("page", "format")
        ),
        "previous": before,
        "changes": selectors.changes(earlier, result) if earlier else None,
        "child": selected.get("child_id", ""),
    }
    return render(request, "validation/report.html", context)
