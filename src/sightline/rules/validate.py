"""One way in to validation: a return's files (or tables) against the rule set of their year.

`validate_cin` reads the census as the file writes it and runs every rule of the year;
`validate_903` runs the 903 rules on the return's tables as written, with last year's return and
the reference lists where they are loaded (the rules that need what is not loaded are listed as not
run, never passed in silence); `run_rules` is what the importer calls with what it read, and gives
the findings as problems beside the reader's own.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa

from sightline.problems import ERROR, WARNING, Problem
from sightline.rules import engine
from sightline.rules.cin import context_for
from sightline.rules.cin._halves import read_in_halves
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
    # Rules not run for want of what they read beside the return: code -> what to load.
    not_run: dict[str, tuple[str, ...]] = field(default_factory=dict)
    return_year: int | None = None  # the return's own collection year, where it gives one

    @property
    def label(self) -> str:
        return f"{self.year - 1}/{str(self.year)[2:]}"


def validate_cin(
    source: Path | bytes, name: str | None = None, year: int | None = None
) -> Validation:
    """Every rule of the census's year (or `year`'s set) on one CIN census file."""
    started = time.perf_counter()
    try:
        # A large file is read in two halves at once where it can be, with the same result.
        halves = read_in_halves(source, name or source.name) if isinstance(source, Path) else None
        census = halves if halves is not None else read_census(source, name)
    except Exception as error:  # a reader bug must still give a report, not a traceback
        census = Census(
            name or (source.name if isinstance(source, Path) else "upload.xml"), empty_tables()
        )
        census.problems.append(f"{type(error).__name__}: {error}")
    return validate_census(census, year, started)


def validate_census(
    census: Census, year: int | None = None, started: float | None = None
) -> Validation:
    """Every rule of the census's year (or `year`'s set) on a census already read (the importer
    reads the file once, for its canonical tables and these)."""
    started = time.perf_counter() if started is None else started
    set_year = engine.set_year("cin", year if year is not None else census.year)
    rules = engine.resolve("cin", set_year)
    context = context_for(census, set_year)
    problems = list(census.problems) or _not_a_census(census, year)
    if problems:
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
        "; ".join(problems),
        return_year=census.year,
    )


def _not_a_census(census: Census, year: int | None) -> list[str]:
    """Why a file that parses is still no census to check, as the importer refuses it: no
    children, or no collection year to choose the rules by (unless one is given)."""
    if census.children == 0:
        return ["The census has no children (no Message/Children/Child)."]
    if census.year is None and year is None:
        return [
            "The header gives no collection year (Header/CollectionDetails/Year), so the year's "
            "rules cannot be chosen; give the year to check it against one."
        ]
    return []


def validate_903(
    tables: Mapping[str, pa.Table],
    year: int,
    *,
    file: str = "",
    children: int | None = None,
    last: Mapping[str, pa.Table] | None = None,
    references: Mapping[str, pa.Table] | None = None,
) -> Validation:
    """Every rule of the year's 903 set on a return's tables as written (`ReadResult.as_written`),
    beside last year's return and the reference lists when given."""
    from sightline.rules.ssda903 import context_for
    from sightline.rules.ssda903.source import LAST, LAST_YEAR

    started = time.perf_counter()
    set_year = engine.set_year("ssda903", year)
    given = dict(tables)
    available = set(references or {})
    if last:
        available.add(LAST_YEAR)
        given.update({name + LAST: table for name, table in last.items()})
    given.update(references or {})
    context = context_for(set_year, file, frozenset(available), return_year=year)
    rules = engine.resolve("ssda903", set_year)
    header = tables.get("header")
    return Validation(
        "ssda903",
        file,
        set_year,
        context.reference_date,
        children if children is not None else (header.num_rows if header is not None else 0),
        len(rules),
        engine.run("ssda903", given, context, rules),
        time.perf_counter() - started,
        not_run=engine.not_run(rules, context),
        return_year=year,
    )


def rule_set_note(return_: str, year: int | None, set_year: int) -> str:
    """Why a return of `year` (its own, or the year asked for) is checked against another year's
    rules: before the first rule set held, or after the newest. Empty when they are its own."""
    if year is None or year == set_year:
        return ""
    known = engine.years(return_)

    def label(y: int) -> str:
        return f"{y - 1}/{str(y)[2:]}"

    if year < known[0]:
        return (
            f"There are no rules for {label(year)} here: it is checked against the "
            f"{label(set_year)} rules, the earliest held, so findings about its dates may not be "
            "the DfE's for its own year."
        )
    if year > known[-1]:
        return (
            f"The {label(year)} rules are not held: it is checked against the {label(set_year)} "
            "rules, the newest."
        )
    return ""  # a year with no changes of its own keeps the rules of the year before


def not_run_problems(validation: Validation) -> list[Problem]:
    """One warning for each thing not loaded, naming the rules it kept from running."""
    from sightline.rules.ssda903.source import REFERENCES

    by_need: dict[tuple[str, ...], list[str]] = {}
    for code, lacking in validation.not_run.items():
        by_need.setdefault(lacking, []).append(code)
    out = []
    for lacking, codes in by_need.items():
        what = " and ".join(REFERENCES.get(n, n) for n in lacking)
        if len(codes) == 1:
            said = f"DfE rule {codes[0]} was not run: it needs {what}."
        else:
            said = f"{len(codes)} DfE rules were not run ({', '.join(codes)}): they need {what}."
        out.append(
            Problem(
                validation.return_,
                validation.file,
                "",
                "",
                "",
                ", ".join(codes),
                "rule_not_run",
                WARNING,
                said,
            )
        )
    return out


def problems(findings: pa.Table) -> list[Problem]:
    """Findings as the importer's problems: a DfE query is a warning to explain, not an error.
    Read column by column (a census with every child failing a rule has hundreds of thousands)."""
    names = ("return_", "file", "location", "child_id", "field", "value", "code", "severity")
    columns = [_values(findings.column(n)) for n in (*names, "line", "message")]
    out = []
    for return_, file, where, child, field_, value, code, severity, line, message in zip(
        *columns, strict=True
    ):
        location = f"line {line}" if line is not None else where or ""
        head, sep, _tail = (where or "").rpartition(" line ")
        if sep and head:  # `episodes.csv line 3`: the finding names its own file
            file = head
        out.append(
            Problem(
                return_,
                file,
                location,
                child or "",
                field_,
                value or "",
                code,
                ERROR if severity == engine.ERROR else WARNING,
                message,
            )
        )
    return out


def _values(column: pa.ChunkedArray) -> list[Any]:
    """A column's values as Python objects, each distinct value made once (a rule's findings
    repeat its code, message and field on every row; `to_pylist` would make each one anew)."""
    encoded = column.combine_chunks().dictionary_encode()
    distinct = [*encoded.dictionary.to_pylist(), None]
    indices = encoded.indices.fill_null(len(distinct) - 1).to_numpy(zero_copy_only=False)
    return [distinct[i] for i in indices.tolist()]


def run_rules(
    return_: str,
    tables: Mapping[str, pa.Table],
    year: int | None,
    file_of: Mapping[str, str] | None = None,
    default_file: str = "",
    files: Sequence[Path] = (),
    last: Mapping[str, pa.Table] | None = None,
    checked: object = None,
) -> list[Problem]:
    """Every failure of every rule of the return's year, as problems (never only the first).
    The CIN census is checked as its file writes it: `checked`, when the reader built it in the
    same pass (`ReadResult.checked`), else read from its file (`files`)."""
    try:
        known = engine.years(return_)
    except LookupError:
        known = []
    if not known:
        return []
    if return_ == "cin":
        if isinstance(checked, Census):
            named = replace(checked, file=default_file) if default_file else checked
            return problems(validate_census(named, year).findings)
        if not files:
            return []
        return problems(validate_cin(Path(files[0]), default_file or None, year).findings)
    if return_ == "ssda903":
        result = validate_903(tables, year or date.today().year, file=default_file, last=last)
        return problems(result.findings) + not_run_problems(result)
    set_year = engine.set_year(return_, year)
    reference = date(set_year, 3, 31)
    context = engine.Context(set_year, reference, default_file)
    return problems(engine.run(return_, tables, context))
