"""`sightline benchmark`: a council beside England, its region and its statistical neighbours."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from sightline.commands.options import COUNCIL, FORMAT, HOME, OUTPUT, call, emit, workspace

if TYPE_CHECKING:
    from sightline.benchmarks.compare import Comparison, Year


@click.command("benchmark")
@HOME
@COUNCIL
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
    council: str | None,
    ids: tuple[str, ...],
    model: str,
    own: bool,
    format_: str,
    output: Path | None,
) -> None:
    """A council's published figures beside England, its region and its ten statistical neighbours."""
    from sightline.indicators.output import render

    found = call(lambda: workspace(home, council).benchmarks(ids, model, own))
    this, comparisons = found.council, found.comparisons
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
    from sightline.benchmarks.published import Cell
    from sightline.indicators import get

    decimals = 0 if c.unit in ("count",) else get(c.indicator).decimals

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


COMMANDS = [benchmark_command]
