"""Imports: upload returns, follow their progress, read their problems, browse the snapshots."""

from __future__ import annotations

from urllib.parse import quote

import pyarrow as pa
from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from sightline.store import StoreError
from sightline.web.accesslog.services import log_denied, log_list_view
from sightline.web.accounts.permissions import has_capability, permitted_children, requires
from sightline.web.accounts.roles import Capability
from sightline.web.core import engine
from sightline.web.imports import selectors, services
from sightline.web.imports.forms import UploadForm
from sightline.web.imports.models import ImportJob

PAGE_SIZE = 200
SNAPSHOTS_PAGE = 25  # a council keeps a snapshot per return, year and correction: they add up


@requires(Capability.VIEW_IMPORTS)
def index(request: HttpRequest) -> HttpResponse:
    snapshots = selectors.snapshot_rows(engine.store())
    page = Paginator(snapshots, SNAPSHOTS_PAGE).get_page(request.GET.get("page"))
    context = {
        "jobs": ImportJob.objects.select_related("created_by")[:20],
        "snapshots": page.object_list,
        "page": page,
        "snapshot_count": len(snapshots),
        "can_import": has_capability(request.user, Capability.IMPORT_RETURNS),
    }
    return render(request, "imports/index.html", context)


def _too_big(request: HttpRequest) -> bool:
    limit = settings.SIGHTLINE_MAX_UPLOAD_BYTES * settings.SIGHTLINE_MAX_UPLOAD_FILES
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > limit
    except ValueError:
        return True


def _refused(request: HttpRequest, status: int) -> int:
    """htmx only swaps successful replies in: it gets the page with its errors as a 200."""
    return 200 if request.htmx else status


@requires(Capability.IMPORT_RETURNS)
def upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm()
    if request.method == "POST":
        if _too_big(request):
            log_denied(request, reason="upload refused: larger than the limit")
            form.errors["files"] = form.error_class(["The upload is larger than the limit allowed"])
            return render(
                request, "imports/upload.html", {"form": form}, status=_refused(request, 413)
            )
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            job = services.import_start(
                request.user, form.cleaned_data["files"], year=form.cleaned_data.get("year")
            )
            url = reverse("imports:job", kwargs={"job_id": job.id})
            if request.htmx:
                response = HttpResponse(status=204)
                response["HX-Redirect"] = url
                return response
            return redirect(url)
        log_denied(request, reason=f"upload refused: {'; '.join(form.errors.get('files', []))}")
        return render(request, "imports/upload.html", {"form": form}, status=_refused(request, 400))
    return render(
        request, "imports/upload.html", {"form": form, "limit": settings.SIGHTLINE_MAX_UPLOAD_BYTES}
    )


FIRST_PROBLEMS = 10  # shown on the import's own page; the problem report has them all


def _status_context(request: HttpRequest, the_job: ImportJob) -> dict:
    """The import's state and, once it has finished, its first problems (errors first), so the
    page shows what went wrong where its message says so (and logs the children they name)."""
    context = {
        "job": the_job,
        "can_import": has_capability(request.user, Capability.IMPORT_RETURNS),
    }
    if the_job.finished and (the_job.errors or the_job.warnings):
        problems = selectors.job_problems(the_job)
        first = selectors.first_problems(problems, FIRST_PROBLEMS)
        shown = _visible_problems(request, first)
        log_list_view(request, "import result", [p.get("child_id") for p in shown])
        context |= {"first_problems": shown, "problem_count": problems.num_rows}
    return context


@requires(Capability.VIEW_IMPORTS)
def job(request: HttpRequest, job_id) -> HttpResponse:
    the_job = services.job_refresh(get_object_or_404(ImportJob, pk=job_id))
    return render(request, "imports/job.html", _status_context(request, the_job))


@requires(Capability.IMPORT_RETURNS)
@require_POST
def job_cancel(request: HttpRequest, job_id) -> HttpResponse:
    """Stop an import that is waiting or running; nothing of it is kept."""
    services.import_cancel(get_object_or_404(ImportJob, pk=job_id))
    return redirect(reverse("imports:job", kwargs={"job_id": job_id}))


@requires(Capability.VIEW_IMPORTS)
def job_status(request: HttpRequest, job_id) -> HttpResponse:
    """The progress panel, polled by htmx until the import finishes."""
    the_job = services.job_refresh(get_object_or_404(ImportJob, pk=job_id))
    return render(request, "imports/_job_status.html", _status_context(request, the_job))


def _visible_problems(request: HttpRequest, problems: list[dict]) -> list[dict]:
    """Problems name children: the decision says which the reader may see (teams are not known
    before a return is loaded, so only the all-children roles see them); others' are withheld."""
    permitted = permitted_children(request.user, {p.get("child_id"): None for p in problems})
    return [
        p
        if not p.get("child_id") or p["child_id"] in permitted
        else {**p, "child_id": "", "value": "", "location": "(withheld)"}
        for p in problems
    ]


def _problem_page(
    request: HttpRequest, problems: pa.Table, what: str, context: dict
) -> HttpResponse:
    """The problem report: filtered and paged on the table; only the page shown becomes rows
    (and is logged); the download has every problem that matches."""
    chosen = selectors.filter_problems(problems, request.GET.dict())
    if request.GET.get("format") == "csv":
        rows = _visible_problems(request, selectors.ProblemRows(chosen).all())
        log_list_view(
            request, f"{what} (download)", [p.get("child_id") for p in rows], kind="download"
        )
        response = HttpResponse(
            selectors.problems_csv(rows), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = 'attachment; filename="problems.csv"'
        return response
    page = Paginator(selectors.ProblemRows(chosen), PAGE_SIZE).get_page(request.GET.get("page"))
    shown = _visible_problems(request, list(page.object_list))
    log_list_view(request, what, [p.get("child_id") for p in shown])
    context |= {
        "problems": shown,
        "page": page,
        "total": problems.num_rows,
        "matching": chosen.num_rows,
        "choices": selectors.filter_choices(problems),
        "selected": request.GET.dict(),
        "page_size": PAGE_SIZE,
        "query": "&".join(
            f"{k}={quote(v)}" for k, v in request.GET.items() if k not in ("page", "format")
        ),
    }
    return render(request, context.pop("template"), context)


@requires(Capability.VIEW_IMPORTS)
def job_problems(request: HttpRequest, job_id) -> HttpResponse:
    the_job = get_object_or_404(ImportJob, pk=job_id)
    problems = selectors.job_problems(the_job)
    return _problem_page(
        request,
        problems,
        "import problem report",
        {"job": the_job, "template": "imports/job_problems.html"},
    )


@requires(Capability.VIEW_IMPORTS)
def snapshot(request: HttpRequest, snapshot_id: str) -> HttpResponse:
    store = engine.store()
    try:
        the_snapshot = store.get(snapshot_id)
    except StoreError:
        raise Http404("No such snapshot") from None
    problems = selectors.snapshot_problems(the_snapshot)
    context = {
        "snapshot": the_snapshot,
        "manifest": the_snapshot.manifest,
        "diff": selectors.snapshot_diff(store, the_snapshot),
        "template": "imports/snapshot.html",
    }
    return _problem_page(request, problems, "snapshot problem report", context)
