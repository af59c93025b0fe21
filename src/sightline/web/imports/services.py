"""Writes for imports: keep the upload, run the engine's importer, record what became of it.

The uploaded files are written to `<home>/uploads/<job id>/` before anything else happens, so an
import that fails (or a server that stops) never loses them. The engine's importer then writes the
snapshots atomically: a failed import leaves nothing but its report.
"""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import asdict
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.utils import timezone

from sightline.web.core import engine
from sightline.web.imports.models import ImportJob

log = logging.getLogger("sightline.web.imports")


STALE_AFTER = timedelta(hours=1)


def import_mark_stale(job: ImportJob) -> ImportJob:
    """An import still "running" an hour on was stopped with its server: say so, keep the files."""
    if not job.finished and timezone.now() - job.created_at > STALE_AFTER:
        job.status = ImportJob.Status.FAILED
        job.stage = "Stopped"
        job.message = (
            "The import stopped before it finished (the server was restarted). Nothing was "
            "imported; your files are kept. Upload them again."
        )
        job.finished_at = timezone.now()
        job.save()
    return job


def uploads_dir() -> Path:
    return Path(settings.SIGHTLINE_HOME) / "uploads"


def import_start(user, uploads) -> ImportJob:
    """Keep the uploaded files, create the job, and start the import."""
    job = ImportJob(created_by=user)
    folder = uploads_dir() / str(job.id)
    folder.mkdir(parents=True, exist_ok=False)
    kept = []
    for upload in uploads:
        target = folder / Path(upload.name).name  # never a path from the browser
        with target.open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        kept.append({"name": target.name, "bytes": target.stat().st_size})
    job.files = kept
    job.upload_dir = str(folder)
    job.stage = f"{len(kept)} file(s) received"
    job.save()
    if settings.SIGHTLINE_IMPORT_MODE == "inline":
        import_run(job.id)
    else:
        threading.Thread(target=_run_in_thread, args=(job.id,), daemon=True).start()
    return job


def _run_in_thread(job_id) -> None:
    try:
        import_run(job_id)
    finally:
        connections.close_all()  # this thread's own connections: nobody else will close them


def import_run(job_id) -> ImportJob:
    """Run the engine's importer over the job's files and record the outcome."""
    from sightline.returns.importer import import_files

    job = ImportJob.objects.get(pk=job_id)
    job.status = ImportJob.Status.RUNNING
    job.stage = "Reading and checking the files"
    job.save(update_fields=["status", "stage"])
    paths = [Path(job.upload_dir) / f["name"] for f in job.files]
    username = job.created_by.get_username() if job.created_by else "web"
    try:
        result = import_files(
            engine.writable_store(),
            paths,
            created_by=username,
            max_bytes=settings.SIGHTLINE_MAX_UPLOAD_BYTES,
        )
    except Exception:  # a fault in the importer must not lose the upload or show a traceback
        log.exception("import %s failed", job.id)
        job.status = ImportJob.Status.FAILED
        job.message = (
            "The import stopped unexpectedly. Nothing was imported; your files are kept "
            f"(import {job.id}). Tell your administrator."
        )
        job.finished_at = timezone.now()
        job.save()
        return job
    problems = [asdict(p) for p in result.problems]
    (Path(job.upload_dir) / "problems.json").write_text(json.dumps(problems, default=str))
    job.snapshot_ids = [s.id for s in result.snapshots]
    job.errors = sum(1 for p in problems if p["severity"] == "error")
    job.warnings = sum(1 for p in problems if p["severity"] == "warning")
    job.report_path = str(result.report_path or "")
    job.finished_at = timezone.now()
    if result.snapshots:
        job.status = ImportJob.Status.DONE
        job.stage = f"{len(result.snapshots)} snapshot(s) created"
        job.message = (
            ""
            if result.ok
            else "Some files or rows have errors: see the problems below. "
            "Files with a file-level error were not imported."
        )
    else:
        job.status = ImportJob.Status.FAILED
        job.stage = "Not imported"
        job.message = (
            "Nothing was imported: see the problems below, correct the files and upload them again."
        )
    job.save()
    engine.clear_cache()
    return job
