"""What the `indicators`, `compliance` and `benchmark` commands share: options, output, errors,
and the council's dataset from the store."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from sightline.indicators.output import FORMATS, OutputError, render

if TYPE_CHECKING:
    from sightline.dataset import Dataset

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


def fail(message: str) -> NoReturn:
    """A plain message on stderr and exit status 1: never a traceback."""
    click.echo(f"Error: {message}", err=True)
    sys.exit(1)


def emit(rows: list[dict[str, object]], format_: str, output: Path | None, title: str) -> None:
    try:
        text = render(rows, format_, output, title)
    except OutputError as error:
        fail(str(error))
    if text:
        click.echo(text, nl=False)
    elif output is not None:
        click.echo(f"Wrote {len(rows)} rows to {output}", err=True)


def dataset_for(home: Path | None, council: str | None, year: int | None) -> Dataset:
    """The council's combined view (the only council in the store when none is named)."""
    from sightline.dataset import Dataset, DatasetError
    from sightline.store import Store

    store = Store(home)
    if council is None:
        councils = sorted({s.council for s in store.snapshots()})
        if len(councils) != 1:
            fail(
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
        fail(str(error))
