"""`sightline import`, `sightline snapshots` and `sightline extract`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from sightline.commands.options import HOME, REPORT_FORMAT, call, workspace

if TYPE_CHECKING:
    from sightline.workspace import Workspace


@click.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@HOME
@REPORT_FORMAT
@click.option(
    "--year", type=int, default=None, help="Collection year of 903 CSVs (2025 = 2024/25)."
)
@click.option("--council", default=None, help="3-digit LA code, when the files do not say.")
@click.option(
    "--max-bytes",
    type=int,
    default=None,
    help="Size limit per file in bytes (default: $SIGHTLINE_MAX_UPLOAD_MB).",
)
@click.option("--by", "created_by", default="cli", show_default=True, help="Who is importing.")
def import_command(
    paths: tuple[Path, ...],
    home: Path | None,
    format_: str,
    year: int | None,
    council: str | None,
    max_bytes: int | None,
    created_by: str,
) -> None:
    """Import returns (files or folders) into new snapshots and report their problems."""
    from sightline.returns.problems import render

    result = workspace(home).import_files(
        paths, created_by=created_by, max_bytes=max_bytes, year=year, council=council
    )
    click.echo(render(result.problems, format_), nl=False)
    if format_ == "text":
        for snapshot in result.snapshots:
            m = snapshot.manifest
            click.echo(
                f"Imported {m['return']} {m['council']} {m['period']['year']} as snapshot "
                f"{snapshot.id}" + (f" (supersedes {m['supersedes']})" if m["supersedes"] else "")
            )
    if not result.ok:
        click.echo(
            f"Nothing was imported. The report is in {result.report_path}.",
            err=format_ != "text",
        )
        sys.exit(1)


@click.group("snapshots", invoke_without_command=True)
@HOME
@click.option("--return", "return_", default=None, help="Only this return (cin, ssda903, ...).")
@click.option("--council", default=None)
@click.pass_context
def snapshots_group(
    context: click.Context, home: Path | None, return_: str | None, council: str | None
) -> None:
    """List snapshots (newest first); `show` one, or `diff` two."""
    context.obj = workspace(home)
    if context.invoked_subcommand is None:
        for s in context.obj.snapshots(return_, council):
            m = s.manifest
            counts = m["problems"]
            click.echo(
                f"{s.id}  {m['return']:8} {m['council']:>7} {m['period']['year']}  "
                f"{m['created_at'][:19]}  {counts['error']} errors, {counts['warning']} warnings"
            )


@snapshots_group.command("show")
@click.argument("snapshot_id")
@REPORT_FORMAT
@click.option("--problems/--no-problems", default=False, help="Also list its problems.")
@click.pass_obj
def show(work: Workspace, snapshot_id: str, format_: str, problems: bool) -> None:
    """A snapshot's manifest (and problems)."""
    snapshot = call(lambda: work.snapshot(snapshot_id))
    if format_ == "json":
        click.echo(json.dumps(snapshot.manifest, indent=1))
    else:
        m = snapshot.manifest
        click.echo(f"Snapshot {snapshot.id}: {m['return']} for council {m['council']}")
        click.echo(
            f"Period {m['period']['start']} to {m['period']['end']} (year {m['period']['year']})"
        )
        click.echo(f"Created {m['created_at']} by {m['created_by']}; supersedes {m['supersedes']}")
        for f in m["files"]:
            click.echo(f"  file {f['name']}  {f['bytes']} bytes  sha256 {f['sha256']}")
        for name, rows in m["tables"].items():
            click.echo(f"  table {name}: {rows} rows")
        click.echo(
            f"  problems: {m['problems']['error']} errors, {m['problems']['warning']} warnings"
        )
    if problems:
        from sightline.returns.problems import problems_from_table, render

        click.echo(render(problems_from_table(snapshot.problems()), format_), nl=False)


@snapshots_group.command("diff")
@click.argument("old_id")
@click.argument("new_id")
@REPORT_FORMAT
@click.pass_obj
def diff(work: Workspace, old_id: str, new_id: str, format_: str) -> None:
    """Children added, removed and changed between two snapshots of the same return."""
    result = call(lambda: work.diff(old_id, new_id))
    click.echo(result.render(format_), nl=False)


@click.command("extract")
@click.argument("snapshot_id")
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), required=True)
@click.option(
    "--salt-file",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    default=None,
    help="File holding the secret salt (else $SIGHTLINE_EXTRACT_SALT).",
)
@HOME
def extract(snapshot_id: str, out: Path, salt_file: Path | None, home: Path | None) -> None:
    """A pseudonymised copy of a snapshot's tables, for sharing."""
    written = call(lambda: workspace(home).extract(snapshot_id, out, salt_file))
    click.echo(f"Wrote {len(written)} pseudonymised tables to {out}")


COMMANDS = [import_command, snapshots_group, extract]
