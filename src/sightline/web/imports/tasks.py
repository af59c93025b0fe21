"""Queued jobs of the imports app, run by the job queue's worker (`python -m sightline.web
db_worker`), never in the web process: see docs/decisions (job queue)."""

from __future__ import annotations

from django_tasks import task


@task()
def run_import(job_id: str) -> str:
    from sightline.web.imports.services import import_run

    return str(import_run(job_id).status)
