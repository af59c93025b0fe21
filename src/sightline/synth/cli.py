"""`sightline synth`: write a synthetic council (see `sightline.synth.council`)."""

from __future__ import annotations

from dataclasses import fields, replace
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:  # loaded when the command runs, so `sightline --help` stays quick
    from sightline.synth.params import Practice


def _practice(settings: tuple[str, ...]) -> Practice:
    from sightline.synth.params import Practice

    known = {f.name for f in fields(Practice)}
    values: dict[str, float] = {}
    for setting in settings:
        name, _, text = setting.partition("=")
        if name not in known:
            raise click.BadParameter(
                f"{name!r} is not a practice setting; choose from {', '.join(sorted(known))}",
                param_hint="--practice",
            )
        try:
            value = float(text)
        except ValueError:
            raise click.BadParameter(f"{setting!r}: give a number, e.g. {name}=0.8") from None
        if not 0 <= value <= 1:
            raise click.BadParameter(f"{setting!r}: a share between 0 and 1")
        values[name] = value
    return replace(Practice(), **values)


def _years(year: int, years: str | None) -> list[int]:
    if not years:
        return [year]
    try:
        first, last = (int(part) for part in years.split("-"))
    except ValueError:
        raise click.BadParameter(f"{years!r} is not a range of years like 2014-2018") from None
    if last < first:
        raise click.BadParameter(f"{years!r}: the first year comes after the last")
    return list(range(first, last + 1))


@click.command("synth")
@click.option(
    "--out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write the council into (created if missing).",
)
@click.option("--seed", default=1, show_default=True, help="Same seed, same files, byte for byte.")
@click.option(
    "--children",
    type=click.IntRange(min=1),
    help="Size: children referred in the last year (default 1,000 unless --like).",
)
@click.option(
    "--referrals",
    type=click.IntRange(min=1),
    help="Size: referrals in the last year (England is about 650,000).",
)
@click.option(
    "--like",
    "like",
    metavar="LA_CODE",
    help="Take rates from this council's published statistics (3-digit code, e.g. 372).",
)
@click.option("--year", default=2025, show_default=True, help="Collection year (year to 31 March).")
@click.option("--years", metavar="FIRST-LAST", help="Several collection years, e.g. 2014-2018.")
@click.option(
    "--la-code", metavar="CODE", help="Council code written in the files (default: --like or 999)."
)
@click.option(
    "--practice",
    multiple=True,
    metavar="NAME=SHARE",
    help="Practice quality, e.g. assessment_in_45wd=0.6, icpc_in_15wd=0.7, "
    "cla_review_in_time=0.9, vacancy_rate=0.2 (repeat the option for several).",
)
@click.option(
    "--inject-problems",
    type=click.FloatRange(0, 1),
    default=0.0,
    help="Share of rows given a data-quality problem, listed in problems.jsonl.",
)
@click.option(
    "--csww-xml",
    is_flag=True,
    help="Write the workforce census as the DfE's CSWW XML (one worker a line) instead of the "
    "council's figures as CSV.",
)
def synth(out: Path, seed: int, children: int | None, referrals: int | None, like: str | None,
          year: int, years: str | None, la_code: str | None, practice: tuple[str, ...],
          inject_problems: float, csww_xml: bool) -> None:  # fmt: skip
    """Generate a synthetic council: CIN census XML, SSDA903 CSV tables, Annex A workbook and
    workforce figures, with the rates of a real council (--like) or of England."""
    from sightline.synth.council import Request, generate
    from sightline.synth.params import ParameterError

    if children and referrals:
        raise click.UsageError("give either --children or --referrals, not both")
    request = Request(out=out, seed=seed, years=_years(year, years), like=like, la_code=la_code,
                      children=children, referrals=referrals, inject_problems=inject_problems,
                      practice=_practice(practice), csww_xml=csww_xml)  # fmt: skip
    try:
        council = generate(request)
    except ParameterError as error:
        raise click.ClickException(str(error)) from None
    made = council["generated"]
    click.echo(
        f"Wrote {council['name']} ({council['code']}) for {', '.join(map(str, council['years']))} "
        f"into {out}: {made['children']:,} children, {made['referrals']:,} referrals, "
        f"{made['periods_of_care']:,} periods of care."
    )
