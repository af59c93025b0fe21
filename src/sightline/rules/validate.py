"""One way in to validation: a return's files (or tables) against the rule set of their year.

`validate_cin` reads the census as the file writes it and runs every rule of the year;
`run_rules` is what the importer calls with the tables it read (and the files, for the CIN census),
and gives the findings as problems beside the reader's own.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pyarrow as pa

from sightline.problems import ERROR, WARNING, Problem
from sightline.rules import engine
from sightline.rules.cin import context_for
from sightline.rules.cin.source import Census, empty_tables, read_census


@dataclass(frozen=True)
class Validation:
    """The findings of one file against one rule set."""

    return_: str
    file: str
    year: int  # the rule set's year
    reference_date: date
    children: int
    rules: int  # how many rules ran
    findings: pa.Table  # engine.FINDING_SCHEMA
    seconds: float
    unreadable: str = ""  # why the file could not be read (then nothing was checked)

    @property
    def label(self) -> str:
        return f"{self.year - 1}/{str(self.year)[2:]}"


def validate_cin(
    source: Path | bytes, name: str | None = None, year: int | None = None
) -> Validation:
    """Every rule of the census's year (or `year`'s set) on one CIN census file."""
    started = time.perf_counter()
    try:
        census = read_census(source, name)
    except Exception as error:  # a reader bug must still give a report, not a traceback
        census = Census(
            name or (source.name if isinstance(source, Path) else "upload.xml"), empty_tables()
        )
        census.problems.append(f"{type(error).__name__}: {error}")
    set_year = engine.set_year("cin", year if year is not None else census.year)
    rules = engine.resolve("cin", set_year)
    context = context_for(census, set_year)
    if census.problems:
        findings = engine.FINDING_SCHEMA.empty_table()
    else:
        findings = engine.run("cin", census.tables, context, rules)
    return Validation(
        "cin",
        census.file,
        set_year,
        context.reference_date,
        census.children,
        len(rules),
        findings,
        time.perf_counter() - started,
        "; ".join(census.problems),
    )


def problems(findings: pa.Table) -> list[Problem]:
    """Findings as the importer's problems: a DfE query is a warning to explain, not an error."""
    out = []
    for row in findings.to_pylist():
        line = row["line"]
        location = f"line {line}" if line is not None else row["location"] or ""
        file = row["file"]
        head, sep, _tail = (row["location"] or "").rpartition(" line ")
        if sep and head:  # `episodes.csv line 3`: the finding names its own file
            file = head
        out.append(
            Problem(
                row["return_"],
                file,
                location,
                row["child_id"] or "",
                row["field"],
                row["value"] or "",
                row["code"],
                ERROR if row["severity"] == engine.ERROR else WARNING,
                row["message"],
            )
        )
    return out


def run_rules(
    return_: str,
    tables: Mapping[str, pa.Table],
    year: int | None,
    file_of: Mapping[str, str] | None = None,
    default_file: str = "",
    files: Sequence[Path] = (),
) -> list[Problem]:
    """Every failure of every rule of the return's year, as problems (never only the first).
    The CIN census is checked from its file (`files`), as the DfE checks it."""
    try:
        known = engine.years(return_)
    except LookupError:
        known = []
    if not known:
        return []
    if return_ == "cin":
        if not files:
            return []
        return problems(validate_cin(Path(files[0]), default_file or None, year).findings)
    set_year = engine.set_year(return_, year)
    reference = date(set_year, 3, 31)
    context = engine.Context(set_year, reference, default_file)
    return problems(engine.run(return_, tables, context))
