"""`sightline compliance`: overdue and due-soon events for every open case."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from sightline.compliance.due import STATUSES
from sightline.indicators.command_options import FORMAT, HOME, OUTPUT, dataset_for, emit, fail


@click.command("compliance")
@HOME
@click.option(
    "--council", default=None, help="3-digit LA code (default: the only council in the store)."
)
@click.option(
    "--today",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Date to check against (default: today).",
)
@click.option(
    "--standards",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="The council's standards (YAML).",
)
@click.option(
    "--status",
    "statuses",
    multiple=True,
    type=click.Choice(list(STATUSES)),
    help="Only these statuses.",
)
@click.option("--team", default=None, help="Only this team.")
@click.option("--worker", default=None, help="Only this worker.")
@click.option(
    "--bands",
    "bands_period",
    default=None,
    metavar="PERIOD",
    help="Instead: assessments and ICPCs in DfE's timeliness bands over a period (e.g. 2025).",
)
@click.option(
    "--summary",
    "summary_by",
    type=click.Choice(["team", "worker"]),
    default=None,
    help="Counts per team or worker instead of the list.",
)
@FORMAT
@OUTPUT
def compliance_command(
    home: Path | None,
    council: str | None,
    today: dt.datetime | None,
    standards: Path | None,
    statuses: tuple[str, ...],
    team: str | None,
    worker: str | None,
    bands_period: str | None,
    summary_by: str | None,
    format_: str,
    output: Path | None,
) -> None:
    """Overdue and due-soon events for every open case, per team and worker."""
    from sightline.compliance import Standards, StandardsError, due_list, summary, timeliness
    from sightline.indicators.model import Period

    if bands_period is not None:
        try:
            period = Period.parse(bands_period)
        except ValueError as error:
            fail(str(error))
        dataset = dataset_for(
            home, council, period.collection_year if period.kind == "year" else None
        )
        table = timeliness(dataset, period)
        emit(table.to_pylist(), format_, output, f"Timeliness {period.label}")
        return

    try:
        loaded = Standards.load(standards)
    except StandardsError as error:
        fail(str(error))
    dataset = dataset_for(home, council, None)
    day = today.date() if today else dt.date.today()
    due = due_list(dataset, day, loaded)
    rows = due.to_pylist()
    rows = [
        r
        for r in rows
        if (not statuses or r["status"] in statuses)
        and (team is None or r["team"] == team)
        and (worker is None or r["worker"] == worker)
    ]
    if summary_by:
        import pyarrow as pa

        table = pa.Table.from_pylist(rows, schema=due.schema) if rows else due.slice(0, 0)
        emit(
            summary(table, summary_by).to_pylist(), format_, output, f"Due at {day} by {summary_by}"
        )
        return
    emit(rows, format_, output, f"Due at {day}")


COMMANDS = [compliance_command]
