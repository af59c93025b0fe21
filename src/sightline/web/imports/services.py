"""Writes for imports: keep the upload, queue the job, run the engine's importer, record what
became of it.

The uploaded files are written to `<home>/uploads/<job id>/` before anything else happens, so an
import that fails (or a server that stops) never loses them. The job is queued (django-tasks'
database backend: the same database, so it survives a restart of the web or the worker) and run by
the worker, which runs the importer in a child process with a memory and time cap
(`sightline.jobs`). The importer writes the snapshots of a batch all or nothing: a failed,
cancelled or killed import leaves nothing but its report.
"""

from __future__ import annotations

import logging
import os
import socket
from datetime import timedelta
from pathlib import Path

import pyarrow.parquet as pq
from django.conf import settings
from django.db import connections
from django.utils import timezone

from sightline.jobs import Limits, run_capped
from sightline.jobs.capped import CANCELLED
from sightline.problems import problems_table
from sightline.returns.formats import ZIP_MAGIC
from sightline.returns.limits import check_zip
from sightline.safe_output import safe_file_name
from sightline.web.core import engine
from sightline.web.imports.models import ImportJob

log = logging.getLogger("sightline.web.imports")
PROBLEMS_FILE = "problems.parquet"


HEARTBEAT_EVERY = timedelta(seconds=2)
# A running job whose worker has not been heard of for this long is taken as gone (a worker on
# another host, whose process this one cannot see).
SILENT_AFTER = timedelta(seconds=30)
GONE_MESSAGE = (
    "The import stopped before it finished (its worker was stopped). Nothing was imported; your "
    "files are kept. Upload them again."
)


def _worker_gone(job: ImportJob) -> bool:
    if job.worker_host == socket.gethostname() and job.worker_pid:
        try:
            os.kill(job.worker_pid, 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            return False
        return False
    last = job.heartbeat_at or job.created_at
    return timezone.now() - last > SILENT_AFTER


def job_refresh(job: ImportJob) -> ImportJob:
    """A job marked running whose worker has gone (killed, or its host stopped) failed: say so
    at once, keep the files. Nothing of it is in the store: its batch never committed."""
    if job.status == ImportJob.Status.RUNNING and _worker_gone(job):
        updated = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.RUNNING).update(
            status=ImportJob.Status.FAILED,
            stage="Stopped",
            message=GONE_MESSAGE,
            finished_at=timezone.now(),
        )
        if updated:
            job.refresh_from_db()
    return job


import_mark_stale = job_refresh  # the name the views used


def import_cancel(job: ImportJob) -> ImportJob:
    """Ask for a job to stop: a queued job never starts; a running one is stopped by its worker
    (its child process is killed; its batch never commits)."""
    if job.status == ImportJob.Status.QUEUED:
        ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.QUEUED).update(
            status=ImportJob.Status.CANCELLED,
            stage="Cancelled",
            message="The import was cancelled before it started. Nothing was imported.",
            finished_at=timezone.now(),
        )
    elif job.status == ImportJob.Status.RUNNING:
        ImportJob.objects.filter(pk=job.pk).update(cancel_requested=True, stage="Stopping")
    job.refresh_from_db()
    return job


def uploads_dir() -> Path:
    return Path(settings.SIGHTLINE_HOME) / "uploads"


def import_start(user, uploads, year: int | None = None) -> ImportJob:
    """Keep the uploaded files, create the job, and start the import (of the collection year
    chosen on the form, else the one the importer works out from the files)."""
    job = ImportJob(created_by=user, year=year)
    folder = uploads_dir() / str(job.id)
    folder.mkdir(parents=True, exist_ok=False)
    kept = []
    for upload in uploads:
        target = folder / safe_file_name(upload.name)  # never a path; at most 200 bytes
        if target.exists():  # two long names that shorten alike
            target = folder / safe_file_name(f"{len(kept) + 1}-{upload.name}")
        with target.open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        kept.append({"name": target.name, "bytes": target.stat().st_size})
    job.files = kept
    job.upload_dir = str(folder)
    job.stage = f"{len(kept)} file(s) received"
    job.save()
    if _refuse_bombs(job, folder):
        return job
    if settings.SIGHTLINE_IMPORT_MODE == "inline":
        import_run(job.id)
    else:
        from sightline.web.imports.tasks import run_import

        run_import.enqueue(str(job.id))
    return job


def _refuse_bombs(job: ImportJob, folder: Path) -> bool:
    """A workbook or zip that would unpack past the limits is refused at once, from its central
    directory alone (a millisecond; nothing is unpacked here): no worker's time is spent on it."""
    refused = []
    for kept in job.files:
        path = folder / kept["name"]
        with path.open("rb") as handle:
            is_zip = handle.read(4) == ZIP_MAGIC
        if is_zip and (problem := check_zip(path)) is not None:
            refused.append(problem)
    if not refused:
        return False
    pq.write_table(problems_table(refused), folder / PROBLEMS_FILE)
    job.status = ImportJob.Status.FAILED
    job.stage = "Not imported"
    job.errors = len(refused)
    job.percent = 100
    job.finished_at = timezone.now()
    job.message = (
        "Nothing was imported: correct the problems listed below and upload the files again."
    )
    job.save()
    return True


def _claim(job_id) -> ImportJob | None:
    """Take a queued job for this process; None when it was cancelled (or taken) meanwhile."""
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.QUEUED).update(
        status=ImportJob.Status.RUNNING,
        stage="Reading and checking the files",
        worker_pid=os.getpid(),
        worker_host=socket.gethostname(),
        heartbeat_at=timezone.now(),
    )
    return ImportJob.objects.get(pk=job_id) if claimed else None


def import_run(job_id) -> ImportJob:
    """Run the engine's importer over the job's files, in a capped child process, and record the
    outcome. Progress and a heartbeat go to the job row; a cancel request stops the child."""
    job = _claim(job_id)
    if job is None:
        return ImportJob.objects.get(pk=job_id)
    paths = [str(Path(job.upload_dir) / f["name"]) for f in job.files]
    username = job.created_by.get_username() if job.created_by else "web"
    problems_path = Path(job.upload_dir) / PROBLEMS_FILE
    last_beat = [timezone.now()]

    def on_progress(fraction: float, stage: str) -> None:
        ImportJob.objects.filter(pk=job.pk).update(
            percent=min(99, int(fraction * 100)), stage=stage[:200], heartbeat_at=timezone.now()
        )
        last_beat[0] = timezone.now()

    def should_cancel() -> bool:
        if timezone.now() - last_beat[0] >= HEARTBEAT_EVERY:
            ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now())
            last_beat[0] = timezone.now()
        return ImportJob.objects.filter(pk=job.pk, cancel_requested=True).exists()

    try:
        outcome = run_capped(
            "sightline.returns.importer:import_job",
            {
                "home": str(settings.SIGHTLINE_HOME),
                "paths": paths,
                "created_by": username,
                "max_bytes": settings.SIGHTLINE_MAX_UPLOAD_BYTES,
                "problems_path": str(problems_path),
                "year": job.year,
            },
            limits=job_limits(),
            on_progress=on_progress,
            should_cancel=should_cancel,
        )
    finally:
        _close_idle_connections()
    job.refresh_from_db()
    job.finished_at = timezone.now()
    job.percent = 100
    job.peak_memory_bytes = outcome.peak_rss_bytes or None
    if outcome.status == CANCELLED:
        job.status = ImportJob.Status.CANCELLED
        job.stage = "Cancelled"
        job.message = "The import was cancelled. Nothing was imported; your files are kept."
        job.save()
        return job
    if not outcome.ok:
        log.warning("import %s did not finish: %s", job.id, outcome.message)
        job.status = ImportJob.Status.FAILED
        job.stage = "Not imported"
        job.message = f"{outcome.message} Your files are kept (import {job.id})."
        job.save()
        return job
    result = outcome.value
    job.snapshot_ids = result["snapshot_ids"]
    job.errors = result["errors"]
    job.warnings = result["warnings"]
    job.report_path = result["report_path"]
    if job.snapshot_ids:
        job.status = ImportJob.Status.DONE
        job.stage = f"{len(job.snapshot_ids)} snapshot(s) created"
        job.message = (
            ""
            if result["ok"]
            else "Some files or rows have errors: the first are listed below and the problem "
            "report has them all. Files with a file-level error were not imported."
        )
    else:
        job.status = ImportJob.Status.FAILED
        job.stage = "Not imported"
        job.message = (
            "Nothing was imported: correct the problems listed below and upload the files again."
        )
    job.save()
    engine.clear_cache()
    return job


def _close_idle_connections() -> None:
    """A worker's long poll must not hold database connections open between jobs; but a
    connection inside a transaction (an inline import within a request or a test) is closed by
    its owner, never here: closing it would break the rest of that transaction on PostgreSQL."""
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close()


def job_limits() -> Limits:
    """The memory and time cap of one job (SIGHTLINE_JOB_MEMORY_MB, SIGHTLINE_JOB_SECONDS)."""
    return Limits.from_environment()
