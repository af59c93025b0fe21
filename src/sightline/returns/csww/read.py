"""Read a council's children's social work workforce census figures (CSV, one row a year).

The columns are the canonical `csww_council_figures` fields (year, fte_in_post, headcount_in_post,
starters_fte, leavers_fte, agency_fte, vacancies_fte, absence_days, case_holders_fte, cases) or
their published CSWW names (time_period, inpost_fte, ...: `csww/write.py` COLUMNS), optionally with
`old_la_code` (the council's 3-digit code) and `la_name`, in any order. A header counts as a workforce
file when it has `year` and at least half of the figures.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from sightline import canonical
from sightline.returns.problems import Problems
from sightline.returns.reading import ReadResult, build_table, decode

RETURN = "csww"
TABLE = "csww_council_figures"
FIGURES = [f for f in canonical.table(TABLE).fields if f.name not in ("year", "source_row")]
COUNCIL_COLUMNS = ("la_code", "old_la_code", "council")
IGNORED = ("la_name", "new_la_code")


def _published_names() -> dict[str, str]:
    """The published CSWW column names the synthetic council writes -> canonical names."""
    from sightline.returns.csww.write import COLUMNS

    return {published.lower(): ours for ours, published in COLUMNS.items()}


def _normal(name: str) -> str:
    name = name.strip().strip("\ufeff").lower()
    return _published_names().get(name, name)


def is_csww_header(columns: list[str]) -> bool:
    names = {_normal(c) for c in columns}
    known = {f.name for f in FIGURES}
    return "year" in names and len(names & known) * 2 >= len(known)


def read_csww(path: Path, data: bytes | None = None) -> ReadResult:
    problems = Problems(RETURN, path.name)
    result = ReadResult(RETURN, [path])
    text = decode(path.read_bytes() if data is None else data, problems)
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error as error:
        problems.block("unreadable_csv", f"The CSV cannot be read: {error}.")
        result.problems = problems.items
        return result
    if not rows or not any(c.strip() for c in rows[0]):
        problems.block("empty_file", "The file is empty: no header row and no data.")
        result.problems = problems.items
        return result
    header = [_normal(c) for c in rows[0]]
    known = {f.name for f in FIGURES} | {"year", *COUNCIL_COLUMNS, *IGNORED}
    missing = [f.name for f in FIGURES if f.name not in header]
    extra = [c for c in header if c not in known]
    if "year" not in header or extra:
        problems.block(
            "wrong_columns",
            "The workforce file's columns are not right"
            + (f": extra column(s) {', '.join(extra)}" if extra else "")
            + ("" if "year" in header else "; it has no year column")
            + ". Nothing from it was imported.",
        )
        result.problems = problems.items
        return result
    columns: dict[str, list[object]] = {"year": [], "source_row": []}
    columns.update({f.name: [] for f in FIGURES})
    council = ""
    for line, row in enumerate(rows[1:], start=2):
        if not any(v.strip() for v in row):
            continue
        values = dict(zip(header, (v.strip() for v in row), strict=False))
        year_text = values.get("year", "")
        if not year_text.isdigit():
            problems.add(
                "bad_value",
                "The year must be a four-digit year; the row was not imported.",
                location=f"line {line}",
                field="year",
                value=year_text,
            )
            continue
        council = council or next((values[c] for c in COUNCIL_COLUMNS if values.get(c)), "")
        columns["year"].append(int(year_text))
        columns["source_row"].append(f"{path.name} line {line}")
        for f in FIGURES:
            columns[f.name].append(_number(values.get(f.name, ""), f, line, problems))
    for name in missing:
        problems.add(
            "missing_field",
            f"The workforce file has no {name} column; it is left blank.",
            field=name,
            severity="warning",
        )
    result.tables = {TABLE: build_table(TABLE, columns)}
    years = [int(str(y)) for y in columns["year"]]
    result.year = max(years) if years else None
    result.council = council.zfill(3) if council.isdigit() else council
    result.problems = problems.items
    result.file_years = {path.name: result.year}
    return result


def _number(text: str, field: canonical.Field, line: int, problems: Problems) -> float | int | None:
    if text in ("", "x", "c", "z", "k", "u", "low"):
        return None
    try:
        number = float(text.replace(",", ""))
    except ValueError:
        problems.add(
            "bad_value",
            f"{field.name} must be a number.",
            location=f"line {line}",
            field=field.name,
            value=text,
        )
        return None
    return int(number) if field.type == "int" else number
