"""Queued jobs of the validation area, run by the job queue's worker (`python -m sightline.web
db_worker`), never in the web process."""

from __future__ import annotations

from django_tasks import task


@task()
def run_validation(run_id: str) -> str:
    from sightline.web.validation.services import validation_run

    return str(validation_run(run_id).status)
