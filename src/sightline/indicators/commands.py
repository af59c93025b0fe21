"""`sightline indicators`, `sightline compliance` and `sightline benchmark`: thin commands."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from sightline.indicators.output import FORMATS, OutputError, render

HOME = click.option(
    "--home",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Sightline home (default: $SIGHTLINE_HOME or ./var).",
)
FORMAT = click.option(
    "--format", "format_", type=click.Choice(FORMATS), default="text", show_default=True
)
OUTPUT = click.option(
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Write to this file.",
)


def _fail(message: str) -> None:
    click.echo(f"Error: {message}", err=True)
    sys.exit(1)


def _emit(rows: list[dict[str, object]], format_: str, output: Path | None, title: str) -> None:
    try:
        text = render(rows, format_, output, title)
    except OutputError as error:
        _fail(str(error))
    if text:
        click.echo(text, nl=False)
    elif output is not None:
        click.echo(f"Wrote {len(rows)} rows to {output}", err=True)


def _dataset(home: Path | None, council: str | None, year: int | None):  # type: ignore[no-untyped-def]
    from sightline.dataset import Dataset, DatasetError
    from sightline.store import Store

    store = Store(home)
    if council is None:
        councils = sorted({s.council for s in store.snapshots()})
        if len(councils) != 1:
            _fail(
                "say which council with --council"
                + (
                    f" (the store holds {', '.join(councils)})"
                    if councils
                    else ": the store is empty"
                )
            )
        council = councils[0]
    try:
        return Dataset.from_store(store, council, year)
    except DatasetError as error:
        _fail(str(error))


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
        _emit(catalogue(), format_, output, "Indicators")
        return

    try:
        wanted = Period.parse(period) if period else None
        for i in ids:
            indicators.get(i)
    except (ValueError, KeyError) as error:
        _fail(str(error.args[0]))
    dataset = _dataset(
        home, council, wanted.collection_year if wanted and wanted.kind == "year" else None
    )
    if wanted is None:
        reference = dataset.reference_date()
        if reference is None:
            _fail("no period given and the snapshots do not say one: use --period")
        wanted = Period.year(reference.year if reference.month <= 3 else reference.year + 1)
    try:
        if children_of:
            table = indicators.children_behind(dataset, children_of, wanted)
            _emit(table.to_pylist(), format_, output, f"{children_of} {wanted.label}")
            return
        results = indicators.run(dataset, wanted, breakdown, ids or None)
    except (indicators.IndicatorError, KeyError) as error:
        _fail(str(error.args[0]))
    rows = []
    for r in results:
        row = r.as_row()
        row["name"] = indicators.get(r.indicator).name
        if r.value is not None:
            row["value"] = round(r.value, indicators.get(r.indicator).decimals + 1)
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
    _emit(
        [{c: row[c] for c in columns} for row in rows],
        format_,
        output,
        f"Indicators {wanted.label}",
    )


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
    type=click.Choice(["overdue", "due_this_week", "due_next_week", "later"]),
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
            _fail(str(error))
        dataset = _dataset(home, council, period.collection_year if period.kind == "year" else None)
        table = timeliness(dataset, period)
        _emit(table.to_pylist(), format_, output, f"Timeliness {period.label}")
        return

    try:
        loaded = Standards.load(standards)
    except StandardsError as error:
        _fail(str(error))
    dataset = _dataset(home, council, None)
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
        _emit(
            summary(table, summary_by).to_pylist(), format_, output, f"Due at {day} by {summary_by}"
        )
        return
    _emit(rows, format_, output, f"Due at {day}")


@click.command("benchmark")
@HOME
@click.option("--council", required=True, help="3-digit LA code, e.g. 372.")
@click.option("--indicator", "ids", multiple=True, help="Only these indicators (repeatable).")
@click.option(
    "--model",
    type=click.Choice(["2025", "2021"]),
    default="2025",
    show_default=True,
    help="Statistical neighbour model.",
)
@click.option(
    "--own/--no-own",
    default=True,
    show_default=True,
    help="Add the council's own figures from its snapshots.",
)
@FORMAT
@OUTPUT
def benchmark_command(
    home: Path | None,
    council: str,
    ids: tuple[str, ...],
    model: str,
    own: bool,
    format_: str,
    output: Path | None,
) -> None:
    """A council's published figures beside England, its region and its ten statistical neighbours."""
    from sightline import benchmarks
    from sightline.benchmarks.own import own_figures

    try:
        this = benchmarks.council(council)
        chosen = list(ids) or [i.id for i in benchmarks.available_indicators()]
        figures = own_figures(home, this.code, chosen) if own else {}
        comparisons = [benchmarks.compare(this.code, i, figures.get(i), model) for i in chosen]
    except (benchmarks.PublishedError, KeyError) as error:
        _fail(str(error.args[0]))
    if format_ == "text" and output is None:
        names = (
            ", ".join(f"{n.name} ({n.code})" for n in comparisons[0].neighbours)
            if comparisons
            else ""
        )
        click.echo(
            f"{this.name} ({this.code}), {comparisons[0].region if comparisons else this.region}"
        )
        click.echo(f"Statistical neighbours ({model} model): {names}\n")
        for c in comparisons:
            rows = [_text_row(c, y) for y in c.years]
            click.echo(
                render(
                    rows,
                    "text",
                    None,
                    f"{c.name} [{c.indicator}] - {c.source.file}, {c.source.column}",
                )
            )
        return
    rows = [row for c in comparisons for row in c.rows()]
    _emit(rows, format_, output, f"Benchmarks {this.code}")


def _text_row(c, y) -> dict[str, object]:  # type: ignore[no-untyped-def]
    decimals = 0 if c.unit in ("count",) else get_decimals(c.indicator)

    def show(cell) -> str:  # type: ignore[no-untyped-def]
        if cell.value is None:
            return f"{cell.text or '-'} ({cell.reason})"
        return f"{cell.value:.{decimals}f}"

    return {
        "year": y.year,
        c.council.name: show(y.council),
        "own": "" if y.own is None else f"{y.own:.{decimals}f}",
        "England": show(y.england),
        c.region: show(y.region),
        "SN median": "" if y.median is None else f"{y.median:.{decimals}f}",
        "SN range": ""
        if y.minimum is None
        else f"{y.minimum:.{decimals}f} to {y.maximum:.{decimals}f}",
    }


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
            "published": f"{i.published.file} {i.published.column}" if i.published else "",
            "definition": i.definition,
            "interpretation": i.interpretation,
        }
        for i in indicators.indicators()
    ]


def get_decimals(indicator_id: str) -> int:
    from sightline.indicators import get

    return get(indicator_id).decimals


COMMANDS = [indicators_command, compliance_command, benchmark_command]
