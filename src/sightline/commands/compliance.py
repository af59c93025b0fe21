"""`sightline compliance`: overdue and due-soon events for every open case."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from sightline.commands.options import COUNCIL, FORMAT, HOME, OUTPUT, call, emit, workspace

# The statuses of sightline.compliance.due.STATUSES, named here so that `--help` loads no engine
# (tests/compliance/test_due_list.py checks the two agree).
STATUSES = ("overdue", "due_this_week", "due_next_week", "later", "not_shown")


@click.command("compliance")
@HOME
@COUNCIL
@click.option(
    "--today",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Date to check against (default: $SIGHTLINE_TODAY, else the end of the data).",
)
@click.option(
    "--standards",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="The council's standards (YAML; default: $SIGHTLINE_STANDARDS, else the defaults).",
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
    work = workspace(home, council)
    if bands_period is not None:
        period = call(lambda: work.period(bands_period))
        table = call(lambda: work.timeliness(period))
        emit(table.to_pylist(), format_, output, f"Timeliness {period.label}")
        return

    day = today.date() if today else work.config.today
    if day is None:  # no --today, no SIGHTLINE_TODAY: the data's end, not the wall clock
        day = call(lambda: work.dataset().reference_date())
        if day is not None:
            click.echo(
                f"No --today given: due dates as at {day.day} {day:%B %Y}, the end of the data "
                "(give --today to choose another date).",
                err=True,
            )
    due = call(lambda: work.due(day, standards))
    rows = [
        r
        for r in due.table.to_pylist()
        if (not statuses or r["status"] in statuses)
        and (team is None or r["team"] == team)
        and (worker is None or r["worker"] == worker)
    ]
    if summary_by:
        import pyarrow as pa

        from sightline.compliance import summary

        schema = due.table.schema
        table = pa.Table.from_pylist(rows, schema=schema) if rows else due.table.slice(0, 0)
        emit(
            summary(table, summary_by).to_pylist(),
            format_,
            output,
            f"Due at {due.today} by {summary_by}",
        )
        return
    emit(rows, format_, output, f"Due at {due.today}")


COMMANDS = [compliance_command]
