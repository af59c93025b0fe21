"""The validation report of a CIN census or 903 snapshot: the DfE's rules of its year, as an analyst
works through them before submitting (summary by rule, filters, a child's findings together,
XLSX and CSV downloads, the ready-to-submit line, and what a re-import fixed)."""

from __future__ import annotations

from urllib.parse import quote

import pyarrow as pa
from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from sightline.rules import report
from sightline.rules.engine import FINDING_SCHEMA
from sightline.rules.validate import rule_set_note
from sightline.store import StoreError
from sightline.web.accesslog.models import AccessEntry
from sightline.web.accesslog.services import log_child_view, log_denied, log_event, log_list_view
from sightline.web.accounts.permissions import has_capability, requires
from sightline.web.accounts.roles import Capability
from sightline.web.core import engine
from sightline.web.validation import forms, selectors, services
from sightline.web.validation.forms import ReferenceUploadForm
from sightline.web.validation.models import ValidationRun

PAGE_SIZE = 200


@requires(Capability.VIEW_IMPORTS)
def report_view(request: HttpRequest, snapshot_id: str) -> HttpResponse:
    store = engine.store()
    try:
        snapshot = store.get(snapshot_id)
    except StoreError:
        raise Http404("No such snapshot") from None
    if not selectors.validated(snapshot):
        raise Http404("The DfE's validation rules are run on CIN census and 903 returns only")
    kind = selectors.VALIDATED[snapshot.return_]
    run = services.run_for(request.user, snapshot)
    result = selectors.loaded(run)
    if result is None:  # waiting for the worker, or failed: the page says which
        return render(
            request,
            "validation/waiting.html",
            {
                "snapshot": snapshot,
                "kind": kind,
                "run": run,
                "can_import": has_capability(request.user, Capability.IMPORT_RETURNS),
            },
        )
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
            report.to_xlsx(
                table,
                f"{result.file}: {kind} {result.label} rules",
                not_run=selectors.not_run(result),
            ),
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
    earlier = selectors.loaded(services.run_for(request.user, before)) if before else None
    context = {
        "snapshot": snapshot,
        "result": result,
        "kind": kind,
        "rule_set_note": rule_set_note(snapshot.return_, snapshot.year, result.year),
        "not_run": selectors.not_run(result),
        "needs_references": selectors.needs_references(result),
        "run": run,
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


@requires(Capability.IMPORT_RETURNS)
@require_POST
def rerun(request: HttpRequest, run_id) -> HttpResponse:
    """Check a snapshot again after its check failed (e.g. its worker was stopped)."""
    run = get_object_or_404(ValidationRun, pk=run_id)
    if run.status == ValidationRun.Status.FAILED:
        services.rerun(request.user, run)
    return redirect(reverse("validation:report", kwargs={"snapshot_id": run.snapshot_id}))


@requires(Capability.VIEW_IMPORTS)
def references(request: HttpRequest) -> HttpResponse:
    """The reference lists the 903 rules read beside the return, the council's code, and the
    checks of the latest returns against them."""
    code, source = services.council_code()
    runs = {run.snapshot_id: run for run in reversed(selectors.recent_runs(50))}
    latest = [(s, runs.get(s.id)) for s in services.latest_903s()]
    context = {
        "lists": selectors.reference_lists(),
        "uploads": selectors.uploads(),
        "council_code": code,
        "council_source": source,
        "latest": latest,
        "can_import": has_capability(request.user, Capability.IMPORT_RETURNS),
    }
    return render(request, "validation/references.html", context)


def _content_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 1 << 62  # unreadable: refused as too large


@requires(Capability.IMPORT_RETURNS)
def reference_upload(request: HttpRequest) -> HttpResponse:
    """Upload a reference list: kept as a snapshot when it reads, else refused in plain words with
    nothing kept; the latest 903 returns are then checked again beside it (a job each)."""
    limit = settings.SIGHTLINE_MAX_UPLOAD_BYTES
    form = ReferenceUploadForm(initial={"kind": request.GET.get("kind", "")})
    status = 200
    if request.method == "POST":
        if _content_length(request) > limit * forms.MAX_FILES:
            log_denied(request, reason="reference list refused: larger than the limit")
            form.errors["files"] = form.error_class(["The upload is larger than the limit allowed"])
            status = 413
        else:
            form = ReferenceUploadForm(request.POST, request.FILES)
            if form.is_valid():
                try:
                    listed = services.store_reference(
                        request.user, form.cleaned_data["kind"], form.cleaned_data["files"]
                    )
                except services.ReferenceRefused as refused:
                    form.add_error("files", str(refused))
                else:
                    log_event(
                        request,
                        AccessEntry.Kind.ATTEMPT,
                        f"reference list uploaded: {listed}"[:200],
                        detail=f"{listed.rows} rows",
                    )
                    return redirect(reverse("validation:references") + "?uploaded=1")
            errors = "; ".join(str(e) for e in form.errors.get("files", []))
            log_denied(request, reason=f"reference list refused: {errors}"[:200])
            status = 400
    return render(
        request, "validation/reference_upload.html", {"form": form, "limit": limit}, status=status
    )
