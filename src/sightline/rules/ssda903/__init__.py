"""The SSDA903 rules, on the canonical tables the 903 readers fill (CSV or XML). Messages are the
DfE's, from the shipped rule list by year (the 2022/23 base and each year's changes)."""

from __future__ import annotations

import csv
from collections.abc import Mapping
from datetime import date
from functools import cache
from typing import Any

import duckdb
import pyarrow as pa

from sightline import canonical
from sightline.paths import SPECS
from sightline.rules.engine import Context, Source, register_source
from sightline.tables import build_table

RETURN = "ssda903"

# The 903 file (table) each field is written in, for the findings' module.
FIELD_MODULE = {
    "DECOM": "Episodes", "DEC": "Episodes", "RNE": "Episodes", "LS": "Episodes",
    "CIN": "Episodes", "PLACE": "Episodes", "REC": "Episodes", "REASON_PLACE_CHANGE": "Episodes",
}  # fmt: skip


@cache
def _messages() -> dict[str, list[tuple[int, str]]]:
    found: dict[str, list[tuple[int, str]]] = {}
    path = SPECS / "ssda903" / "903_rule_info_by_year.csv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["change"] == "deleted":
                continue
            year = int(row["ruleset"][-2:]) + 2000
            found.setdefault(row["code"].strip(), []).append((year, row["message"].strip()))
    return {code: sorted(rows) for code, rows in found.items()}


def message(code: str, year: int) -> str:
    stated = [m for y, m in _messages().get(code, []) if y <= year] or [
        m for _, m in _messages().get(code, [])
    ]
    return stated[-1] if stated else ""


def _register(
    connection: duckdb.DuckDBPyConnection, tables: Mapping[str, pa.Table], context: Context
) -> None:
    for name, table in canonical.TABLES.items():
        connection.register(name, tables.get(name, table.empty()))
    connection.execute(f"CREATE MACRO reference_date() AS DATE '{context.reference_date}'")


def case_tables(case: Mapping[str, Any]) -> dict[str, pa.Table]:
    """The canonical tables of a case (tables it does not name are empty; dates as ISO text)."""
    tables = {name: t.empty() for name, t in canonical.TABLES.items()}
    for name, rows in case.items():
        declared = canonical.table(name)
        columns = {
            f.name: [_value(row.get(f.name), f.type) for row in rows] for f in declared.fields
        }
        tables[name] = build_table(name, columns)
    return tables


def _value(value: Any, type_: str) -> Any:
    if type_ == "date" and isinstance(value, str):
        return date.fromisoformat(value)
    return value


SOURCE = register_source(
    Source(
        return_=RETURN,
        register=_register,
        view=lambda table: table,
        child="child_id",
        module_of=lambda field: FIELD_MODULE.get(field, ""),
        message=message,
        case_tables=case_tables,
    )
)
