"""`sightline validate`: a census against the DfE's rules of its year, as the report an analyst
works from (summary by rule and the ready-to-submit line), or every finding as CSV or XLSX."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("validate")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--year", type=int, help="Collection year of the rule set (default: the file's).")
@click.option(
    "--format", "format_", type=click.Choice(["text", "csv", "xlsx"]), default="text",
    help="text: summary by rule; csv/xlsx: one row per finding (xlsx adds a by-rule sheet).",
)  # fmt: skip
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path))
def validate(file: Path, year: int | None, format_: str, output: Path | None) -> None:
    """Check a CIN census file against every DfE validation rule of its year."""
    # loaded here, not at the top: `sightline --help` must not load DuckDB and Arrow
    from sightline.rules import report
    from sightline.rules.validate import validate_cin

    result = validate_cin(file, year=year)
    if result.unreadable:
        raise click.ClickException(
            f"{file.name} is not a readable CIN census ({result.unreadable}); nothing was checked."
        )
    title = (
        f"{result.file}: {result.children} children, CIN census {result.label} rules "
        f"({result.rules} rules, reference date {result.reference_date:%d/%m/%Y})"
    )
    if format_ == "xlsx":
        if output is None:
            raise click.UsageError("--format xlsx needs --output FILE.xlsx")
        output.write_bytes(report.to_xlsx(result.findings, title))
        click.echo(f"{report.ready_line(result.findings)} Written to {output}.")
        return
    text = (
        report.to_csv(result.findings)
        if format_ == "csv"
        else report.to_text(result.findings, title)
    )
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)


COMMANDS = [validate]
