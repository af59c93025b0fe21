"""The SSDA903 rules: the DfE's validation rules for each collection year, on the return as the
files write it (`source`), with last year's return and the reference lists beside it where a rule
needs them. The 2022/23 set is the base (`y2023_*` modules); later years' modules change it as the
DfE did. Messages are the DfE's, from the shipped rule list by year."""

from __future__ import annotations

import csv
from collections.abc import Mapping
from datetime import date
from functools import cache
from typing import Any

import duckdb
import pyarrow as pa

from sightline.paths import SPECS
from sightline.rules.engine import Context, Source, register_source
from sightline.rules.ssda903 import source as written

RETURN = "ssda903"

# The tables as the DfE's rules and tool name them (what a finding's module says).
DFE_TABLES = {
    "header": "Header", "episodes": "Episodes", "reviews": "Reviews", "uasc": "UASC",
    "oc2": "OC2", "oc3": "OC3", "ad1": "AD1", "placed_for_adoption": "PlacedAdoption",
    "previous_permanence": "PrevPerm", "missing": "Missing", "sw_episodes": "SWEpisodes",
    "dolo": "DoLo",
}  # fmt: skip
# Columns that several tables carry: a rule on them names its table with `module=`.
_FIELD_TABLE = written.field_table(2027)


@cache
def _rule_rows() -> list[dict[str, str]]:
    path = SPECS / "ssda903" / "903_rule_info_by_year.csv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]


def _year(ruleset: str) -> int:
    return int(ruleset[-2:]) + 2000  # lac2024_25 -> 2025


@cache
def _messages() -> dict[str, list[tuple[int, str]]]:
    found: dict[str, list[tuple[int, str]]] = {}
    for row in _rule_rows():
        if row["change"] != "deleted":
            found.setdefault(row["code"], []).append((_year(row["ruleset"]), row["message"]))
    return {code: sorted(rows) for code, rows in found.items()}


def message(code: str, year: int) -> str:
    stated = [m for y, m in _messages().get(code, []) if y <= year] or [
        m for _, m in _messages().get(code, [])
    ]
    return stated[-1] if stated else ""


def rule_info_codes(year: int) -> set[str]:
    """The codes of a year's set by the DfE's list: the 2022/23 base, then each year's added or
    changed codes in, and its deleted codes out (a code both deleted and added in one year was
    replaced: it stays)."""
    codes: set[str] = set()
    rows = _rule_rows()
    for ruleset in sorted({r["ruleset"] for r in rows}):
        if _year(ruleset) > year:
            break
        added = {r["code"] for r in rows if r["ruleset"] == ruleset and r["change"] != "deleted"}
        deleted = {r["code"] for r in rows if r["ruleset"] == ruleset and r["change"] == "deleted"}
        codes = (codes - (deleted - added)) | added
    return codes


def changed_codes(year: int) -> set[str]:
    """The codes the DfE's list says were added or changed in `year`'s set."""
    ruleset = f"lac{year - 1}_{str(year)[2:]}"
    return {r["code"] for r in _rule_rows() if r["ruleset"] == ruleset and r["change"] != "deleted"}


def _register(
    connection: duckdb.DuckDBPyConnection, tables: Mapping[str, pa.Table], context: Context
) -> None:
    written.register(connection, tables, context.year, context.reference_date)
    # A value is valid if it is a code of its column in the return's own year: a return of a year
    # before the first set is checked by that set's rules against the codes of its year (2020/21
    # still had activity codes F3 and P3, which 2021/22 replaced)
    codes = _codes_of(context.year, context.reference_date.year)
    listed = [(column, code) for column, column_codes in codes.items() for code in column_codes]
    connection.register(
        "ssda903_codes",
        pa.table({"field": [f for f, _ in listed], "code": [c for _, c in listed]}),
    )
    # A value is a code of its column's list this year: is_code('PLACE', "PLACE_text").
    connection.execute(
        "CREATE MACRO is_code(field_name, value) AS "
        "value IN (SELECT code FROM ssda903_codes WHERE field = field_name)"
    )


def _codes_of(set_year: int, return_year: int) -> dict[str, list[str]]:
    """Each column's codes (over every table that has it): the return's year's where that year
    has the column, else the set's."""

    def of(year: int) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for specs in written.layout(year).values():
            for column, spec in specs.items():
                known = found.setdefault(column, [])
                known.extend(c for c in spec.codes if c not in known)
        return found

    codes = of(set_year)
    if return_year < set_year:
        codes.update({c: v for c, v in of(return_year).items() if c in codes and v})
    return codes


def case_tables(case: Mapping[str, Any]) -> dict[str, pa.Table]:
    return written.tables_from_rows(case)


def module_of(field: str) -> str:
    return DFE_TABLES.get(_FIELD_TABLE.get(field, ""), "")


SOURCE = register_source(
    Source(
        return_=RETURN,
        register=_register,
        view=lambda table: f"w_{table}",
        child='"CHILD"',
        module_of=module_of,
        message=message,
        case_tables=case_tables,
    )
)


def context_for(
    year: int,
    file: str = "",
    available: frozenset[str] = frozenset(),
    return_year: int | None = None,
) -> Context:
    """The context of a return of `return_year` (default: the set's year) checked against
    `year`'s rule set. The collection period is the return's own: a return of a year before the
    first set is checked by the first set's rules, on its own year's 31 March (its children's
    ages, the year its episodes and missing periods fall in, what last year's return holds)."""
    reference = date(return_year if return_year is not None else year, 3, 31)
    return Context(year=year, reference_date=reference, file=file, available=available)
