"""`sightline validate`: a return against the DfE's rules of its year, as the report an analyst
works from (summary by rule, the rules not run and why, the ready-to-submit line), or every
finding as CSV or XLSX. A CIN census is one XML file; a 903 return is a folder of its CSV tables
(or the tables named one by one) or its XML form."""

from __future__ import annotations

from pathlib import Path

import click


def _is_cin(paths: tuple[Path, ...]) -> bool:
    if len(paths) != 1 or paths[0].is_dir():
        return False
    with paths[0].open("rb") as handle:
        head = handle.read(64 * 1024)
    return b"<Message" in head or b"CINdetails" in head or b"<CIN" in head


@click.command("validate")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--year", type=int, help="Collection year of the rule set (default: the file's).")
@click.option(
    "--last",
    "last",
    multiple=True,
    type=click.Path(exists=True, path_type=Path),
    help="903: last year's return (a folder, or its files), for the rules that compare the years.",
)
@click.option(
    "--providers",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="903: Ofsted's list of providers (children's homes, social care providers; XLSX or CSV).",
)
@click.option(
    "--postcodes",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="903: a postcode reference (pcd, oseast1m, osnrth1m, oslaua) for the distance rules.",
)
@click.option("--council", "council_code", help="903: the council's ONS code (e.g. E08000016).")
@click.option(
    "--format",
    "format_",
    type=click.Choice(["text", "csv", "xlsx"]),
    default="text",
    help="text: summary by rule; csv/xlsx: one row per finding (xlsx adds a by-rule sheet).",
)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path))
def validate(
    paths: tuple[Path, ...], year: int | None, last: tuple[Path, ...],
    providers: tuple[Path, ...], postcodes: Path | None, council_code: str | None,
    format_: str, output: Path | None,
) -> None:  # fmt: skip
    """Check a CIN census file or a 903 return against every DfE validation rule of its year."""
    # loaded here, not at the top: `sightline --help` must not load DuckDB and Arrow
    from sightline.rules import report

    if _is_cin(paths):
        from sightline.rules.validate import validate_cin

        result = validate_cin(paths[0], year=year)
        kind = "CIN census"
    else:
        from sightline.returns.ssda903.validation import validate_903_files
        from sightline.rules.ssda903 import references as lists

        try:
            loaded = {}
            if providers:
                loaded["providers"] = lists.read_providers(providers, [p.name for p in providers])
            if postcodes:
                loaded["postcodes"] = lists.read_postcodes(postcodes, postcodes.name)
            if council_code:
                loaded["council"] = lists.council(council_code)
            result = validate_903_files(list(paths), year, list(last) or None, loaded or None)
        except ValueError as error:
            raise click.ClickException(str(error)) from None
        kind = "903"
    if result.unreadable:
        raise click.ClickException(
            f"{result.file} is not a readable {kind} return ({result.unreadable}); "
            "nothing was checked."
        )
    title = (
        f"{result.file}: {result.children} children, {kind} {result.label} rules "
        f"({result.rules} rules, reference date {result.reference_date:%d/%m/%Y})"
    )
    not_run, not_run_lines = "", []
    if result.not_run:
        from sightline.rules.validate import not_run_problems

        not_run_lines = [p.message for p in not_run_problems(result)]
        not_run = "".join(f"Not run: {line}\n" for line in not_run_lines)
    from sightline.rules.validate import rule_set_note

    return_year = year if year is not None else result.return_year
    if note := rule_set_note(result.return_, return_year, result.year):
        title = f"{title}\n{note}"
        if format_ == "csv":  # no title in a CSV: the note goes where the not-run lines go
            not_run = f"{note}\n{not_run}"
    if format_ == "xlsx":
        if output is None:
            raise click.UsageError("--format xlsx needs --output FILE.xlsx")
        output.write_bytes(report.to_xlsx(result.findings, title, not_run_lines))
        said = f"{note}\n" if note else ""
        click.echo(f"{said}{not_run}{report.ready_line(result.findings)} Written to {output}.")
        return
    if format_ == "csv":
        text = report.to_csv(result.findings)
    else:
        text = report.to_text(result.findings, title) + not_run
    if output:
        output.write_text(text, encoding="utf-8")
        if not_run and format_ == "csv":
            click.echo(not_run, nl=False, err=True)
    else:
        click.echo(text, nl=False)


COMMANDS = [validate]
