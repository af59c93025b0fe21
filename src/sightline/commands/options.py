"""What every command shares: the home and council options, output, plain-words errors, and the
workspace the command calls into."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TypeVar

import click

if TYPE_CHECKING:
    from sightline.workspace import Workspace

T = TypeVar("T")
# as sightline.indicators.output.FORMATS and sightline.returns.problems.REPORT_FORMATS, written out
# so that listing the commands does not load pyarrow (a test checks they agree)
OUTPUT_FORMATS = ("text", "csv", "json", "xlsx")
REPORT_FORMATS = ("text", "csv", "json")

HOME = click.option(
    "--home",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Sightline home (default: $SIGHTLINE_HOME or ./var).",
)
COUNCIL = click.option(
    "--council",
    default=None,
    help="3-digit LA code (default: $SIGHTLINE_COUNCIL, else the only council in the store).",
)
FORMAT = click.option(
    "--format", "format_", type=click.Choice(OUTPUT_FORMATS), default="text", show_default=True
)
REPORT_FORMAT = click.option(
    "--format", "format_", type=click.Choice(REPORT_FORMATS), default="text", show_default=True
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


def workspace(home: Path | None, council: str | None = None) -> Workspace:
    from sightline.config import ConfigError
    from sightline.workspace import Workspace

    try:
        work = Workspace(home, council)
    except ConfigError as error:
        fail(str(error))
    private_folder(work.home)
    return work


def private_folder(folder: Path) -> None:
    """The home made 0700 (a home made earlier under a looser umask): nothing in it is reachable
    by another user. New files and folders are 0600 and 0700 (the umask `sightline` sets)."""
    if folder.is_dir():
        with contextlib.suppress(OSError):  # another user's home, read only: theirs to set
            folder.chmod(0o700)


def call(work: Callable[[], T]) -> T:
    """Run one call into the workspace; what it cannot do is reported in plain words."""
    from sightline.workspace import WorkspaceError

    try:
        return work()
    except WorkspaceError as error:
        fail(str(error))


def emit(rows: list[dict[str, object]], format_: str, output: Path | None, title: str) -> None:
    from sightline.indicators.output import OutputError, render

    try:
        text = render(rows, format_, output, title)
    except OutputError as error:
        fail(str(error))
    if text:
        click.echo(text, nl=False)
    elif output is not None:
        click.echo(f"Wrote {len(rows)} rows to {output}", err=True)
