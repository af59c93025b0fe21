"""Cross-field data-quality rules, declared once and run by one runner.

A rule is a declaration: a stable code (the DfE code where one exists, e.g. 903 rule `356`), the
official message (read from the DfE rule list when the code is a DfE one), the return and field it
concerns, one DuckDB query over the canonical tables returning the failing rows, and its own passing
and failing cases (tests/rules/test_registry.py runs them all and checks every rule has both).

A query returns the columns `child_id`, `value` and `location` (the row's `source_row`). Rules for a
collection year are the rules whose `years` include it: a rule set inherits every earlier rule unless
a rule's last year ends it.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

import duckdb
import pyarrow as pa

from sightline import canonical
from sightline.paths import SPECS
from sightline.problems import ERROR, Problem
from sightline.tables import build_table

Case = Mapping[str, list[dict[str, Any]]]  # canonical table -> rows (missing columns are null)


@dataclass(frozen=True)
class Rule:
    code: str
    return_: str
    field: str  # the field as the return writes it (what a council fixes)
    query: str
    passing: tuple[Case, ...]
    failing: tuple[Case, ...]
    message: str = ""  # the DfE text is used when empty and the code is a DfE 903 code
    first_year: int = 2000
    last_year: int = 9999
    severity: str = ERROR

    @property
    def text(self) -> str:
        return self.message or dfe_903_message(self.code) or self.code

    def applies(self, year: int | None) -> bool:
        return year is None or self.first_year <= year <= self.last_year


REGISTRY: dict[str, Rule] = {}


def register(rule: Rule) -> Rule:
    key = f"{rule.return_}:{rule.code}"
    if key in REGISTRY:
        raise ValueError(f"rule {key} is declared twice")
    REGISTRY[key] = rule
    return rule


@cache
def _dfe_903_messages() -> dict[str, str]:
    messages: dict[str, str] = {}
    for name in ("903_2023_24_rule_info.csv", "903_2024_25_rule_info.csv"):
        with (SPECS / "ssda903" / name).open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                messages[row["Rule code"].strip()] = row["Rule message"].strip()
    return messages


def dfe_903_message(code: str) -> str:
    return _dfe_903_messages().get(code, "")


def rules_for(return_: str, year: int | None = None) -> list[Rule]:
    _load_rule_modules()
    return [r for r in REGISTRY.values() if r.return_ == return_ and r.applies(year)]


def _load_rule_modules() -> None:
    # Importing the families registers their rules.
    from sightline.rules import cin_dates, ssda903_episodes  # noqa: F401


def _connect(tables: Mapping[str, pa.Table]) -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect()
    for name, table in tables.items():
        connection.register(name, table)
    return connection


def case_tables(case: Case) -> dict[str, pa.Table]:
    """The canonical tables of a case (tables it does not name are empty)."""
    tables = {name: t.empty() for name, t in canonical.TABLES.items()}
    for name, rows in case.items():
        declared = canonical.table(name)
        columns = {
            f.name: [_value(row.get(f.name), f.type) for row in rows] for f in declared.fields
        }
        tables[name] = build_table(name, columns)
    return tables


def _value(value: Any, type_: str) -> Any:
    """Cases write dates as ISO text, for reading."""
    if type_ == "date" and isinstance(value, str):
        return date.fromisoformat(value)
    return value


def failing_rows(rule: Rule, tables: Mapping[str, pa.Table]) -> list[tuple[Any, ...]]:
    full = {name: t.empty() for name, t in canonical.TABLES.items()}
    full.update(tables)
    connection = _connect(full)
    try:
        return connection.execute(rule.query).fetchall()
    finally:
        connection.close()


def run_rules(
    return_: str,
    tables: Mapping[str, pa.Table],
    year: int | None,
    file_of: Mapping[str, str] | None = None,
    default_file: str = "",
) -> list[Problem]:
    """Every failure of every rule of the return's year, as problems (never stops at the first).
    `file_of` maps a location prefix (e.g. `episodes.csv`) to the file it names."""
    problems = []
    for rule in rules_for(return_, year):
        for child_id, value, location in failing_rows(rule, tables):
            file, where = _split_location(str(location or ""), default_file)
            problems.append(
                Problem(
                    return_,
                    file,
                    where,
                    str(child_id or ""),
                    rule.field,
                    "" if value is None else str(value),
                    rule.code,
                    rule.severity,
                    rule.text,
                )
            )
    return problems


def _split_location(location: str, default_file: str) -> tuple[str, str]:
    """`episodes.csv line 3` -> (`episodes.csv`, `line 3`); an XPath stays with the default file."""
    head, sep, tail = location.partition(" line ")
    if sep:
        return head, f"line {tail}"
    return default_file, location
