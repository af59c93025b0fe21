"""`sightline indicators`: every national indicator for a council, from its snapshots."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import click

from sightline.commands.options import COUNCIL, FORMAT, HOME, OUTPUT, call, emit, fail, workspace

if TYPE_CHECKING:
    from sightline.dataset import Dataset
    from sightline.indicators.model import Result

COLUMNS = (
    "indicator",
    "name",
    "period",
    "breakdown_value",
    "value",
    "unit",
    "numerator",
    "denominator",
    "note",
    "snapshots",
)


@click.command("indicators")
@HOME
@COUNCIL
@click.option(
    "--period", default=None, help="2025 (year to 31 March), 2025-03 (a month) or 12m:2025-06-30."
)
@click.option(
    "--breakdown",
    default=None,
    help="team, worker, age_band, sex, ethnicity, disability, primary_need, band, factor.",
)
@click.option("--indicator", "ids", multiple=True, help="Only these indicators (repeatable).")
@click.option("--list", "list_only", is_flag=True, help="List the indicators and what they mean.")
@click.option(
    "--children",
    "children_of",
    default=None,
    metavar="ID",
    help="List the rows behind one indicator.",
)
@FORMAT
@OUTPUT
def indicators_command(
    home: Path | None,
    council: str | None,
    period: str | None,
    breakdown: str | None,
    ids: tuple[str, ...],
    list_only: bool,
    children_of: str | None,
    format_: str,
    output: Path | None,
) -> None:
    """Every national indicator for a council, from its latest snapshots."""
    if list_only:
        emit(catalogue(), format_, output, "Indicators")
        return
    work = workspace(home, council)
    wanted = call(lambda: work.period(period))
    if children_of:
        table = call(lambda: work.children_behind(children_of, wanted))
        emit(table.to_pylist(), format_, output, f"{children_of} {wanted.label}")
        return
    covered = call(lambda: _coverage(work.dataset_for(wanted)))
    if covered and (wanted.end < covered[0] or wanted.start > covered[1]):
        fail(
            f"no data for {wanted.label}: the returns held cover {covered[0].day} "
            f"{covered[0]:%B %Y} to {covered[1].day} {covered[1]:%B %Y}"
        )
    results = call(lambda: work.indicators(wanted, breakdown, ids))
    if results and all(r.value is None and not r.not_computed for r in results):
        fail(f"no data for {wanted.label}: the snapshots held do not cover it")
    rows = [as_row(r) for r in results]
    columns = COLUMNS if breakdown else tuple(c for c in COLUMNS if c != "breakdown_value")
    emit(
        [{c: row[c] for c in columns} for row in rows],
        format_,
        output,
        f"Indicators {wanted.label}",
    )


def _coverage(data: Dataset) -> tuple[dt.date, dt.date] | None:
    """The first and last day the dataset's case returns cover (the workforce census aside)."""
    from sightline.returns import formats

    periods = [
        m["period"]
        for m in data.manifests.values()
        if formats.is_case_return(m.get("return", "")) and m.get("period", {}).get("start")
    ]
    if not periods:
        return None
    return (
        min(dt.date.fromisoformat(p["start"]) for p in periods),
        max(dt.date.fromisoformat(p["end"]) for p in periods),
    )


def as_row(result: Result) -> dict[str, object]:
    """A result as the command prints it: its name, and the value as DfE publishes the
    indicator (its places, rounded half up)."""
    from sightline import indicators
    from sightline.indicators.rounding import round_half_up

    row: dict[str, object] = result.as_row()
    declared = indicators.get(result.indicator)
    row["name"] = declared.name
    if result.value is not None:
        row["value"] = round_half_up(result.value, declared.decimals)
    return row


def catalogue() -> list[dict[str, object]]:
    """One row per declared indicator: what it is, what it reads, where DfE publishes it."""
    from sightline import indicators

    return [
        {
            "id": i.id,
            "family": i.family,
            "name": i.name,
            "unit": i.unit,
            "polarity": i.polarity,
            "periods": " ".join(i.period_kinds),
            "breakdowns": " ".join(i.breakdowns),
            "published": i.published.describe() if i.published else "",
            "not_published": i.not_published,
            "definition": i.definition,
            "interpretation": i.interpretation,
        }
        for i in indicators.indicators()
    ]


COMMANDS = [indicators_command]
