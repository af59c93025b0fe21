"""`sightline benchmark`: a council beside England, its region and its statistical neighbours."""

from __future__ import annotations

from pathlib import Path

import click

from sightline.benchmarks.compare import Comparison, Year
from sightline.benchmarks.published import Cell
from sightline.indicators.command_options import FORMAT, HOME, OUTPUT, emit, fail
from sightline.indicators.output import render


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
        fail(str(error.args[0]))
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
                    f"{c.name} [{c.indicator}] - {c.source.file}, {c.source.column}"
                    + (f" ({c.source_label})" if c.derived else ""),
                )
            )
        return
    rows = [row for c in comparisons for row in c.rows()]
    emit(rows, format_, output, f"Benchmarks {this.code}")


def _text_row(c: Comparison, y: Year) -> dict[str, object]:
    """One year as the text table shows it: numbers to the published precision, reasons for gaps."""
    decimals = 0 if c.unit in ("count",) else get_decimals(c.indicator)

    def show(cell: Cell) -> str:
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


def get_decimals(indicator_id: str) -> int:
    from sightline.indicators import get

    return get(indicator_id).decimals


COMMANDS = [benchmark_command]
