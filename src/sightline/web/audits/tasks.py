"""Queued jobs of the audits area, run by the job queue's worker (`python -m sightline.web
db_worker`), not in the web process: drawing a round's sample reads the snapshot for every open
case and works out each drawn case's compliance picture."""

from __future__ import annotations

from django_tasks import task


@task()
def draw_round(round_id: int, username: str) -> int:
    from sightline.web.audits.services import round_draw_run

    return round_draw_run(round_id=round_id, username=username)
