"""`sightline indicators`: every national indicator for a council, from its snapshots."""

from __future__ import annotations

from pathlib import Path

import click

from sightline.indicators.command_options import FORMAT, HOME, OUTPUT, dataset_for, emit, fail
from sightline.indicators.rounding import round_half_up


@click.command("indicators")
@HOME
@click.option(
    "--council", default=None, help="3-digit LA code (default: the only council in the store)."
)
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
    from sightline import indicators
    from sightline.indicators.model import Period

    if list_only:
        emit(catalogue(), format_, output, "Indicators")
        return

    try:
        wanted = Period.parse(period) if period else None
        for i in ids:
            indicators.get(i)
    except (ValueError, KeyError) as error:
        fail(str(error.args[0]))
    dataset = dataset_for(
        home, council, wanted.collection_year if wanted and wanted.kind == "year" else None
    )
    if wanted is None:
        reference = dataset.reference_date()
        if reference is None:
            fail("no period given and the snapshots do not say one: use --period")
        wanted = Period.year(reference.year if reference.month <= 3 else reference.year + 1)
    try:
        if children_of:
            table = indicators.children_behind(dataset, children_of, wanted)
            emit(table.to_pylist(), format_, output, f"{children_of} {wanted.label}")
            return
        results = indicators.run(dataset, wanted, breakdown, ids or None)
    except (indicators.IndicatorError, KeyError) as error:
        fail(str(error.args[0]))
    rows = []
    for r in results:
        row = r.as_row()
        row["name"] = indicators.get(r.indicator).name
        if r.value is not None:
            # as DfE publishes the indicator: its places, rounded half up
            row["value"] = round_half_up(r.value, indicators.get(r.indicator).decimals)
        rows.append(row)
    columns: tuple[str, ...] = (
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
    if breakdown is None:
        columns = tuple(c for c in columns if c != "breakdown_value")
    emit(
        [{c: row[c] for c in columns} for row in rows],
        format_,
        output,
        f"Indicators {wanted.label}",
    )


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
            "definition": i.definition,
            "interpretation": i.interpretation,
        }
        for i in indicators.indicators()
    ]


COMMANDS = [indicators_command]
