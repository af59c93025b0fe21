"""The CIN census rules: the DfE's validation rules for each collection year, on the census as the
file writes it (`source`). The 2022/23 set is the base (`y2023_*` modules); later years' modules
change it as the DfE did. Messages are the DfE's, from the shipped rule list."""

from __future__ import annotations

import csv
from collections.abc import Mapping
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from sightline.calendar import add_working_days_to_date
from sightline.paths import SPECS
from sightline.rules.cin import source as census
from sightline.rules.cin.codes import codes
from sightline.rules.engine import Context, Source, register_source

RETURN = "cin"
_HERE = Path(__file__).parent

# UPN characters 2-4: an LA number issued since April 1998, or a pseudo-LA code (DfE CBDS, item
# N00001). Councils formed in 2023 (942, 943) count from the 2023/24 set on.
LA_CODES_2023 = frozenset(
    [f"{n:03d}" for n in range(1, 6)]
    + [
        str(n)
        for lo, hi in (
            (201, 213),
            (301, 320),
            (330, 336),
            (340, 344),
            (350, 359),
            (370, 373),
            (380, 384),
            (390, 394),
            (660, 681),
            (701, 708),
            (800, 803),
            (805, 808),
            (810, 813),
            (820, 823),
            (835, 839),
            (850, 852),
            (855, 857),
            (865, 896),
            (935, 938),
            (940, 941),
        )
        for n in range(lo, hi + 1)
    ]
    + [
        "420",
        "815",
        "816",
        "825",
        "826",
        "830",
        "831",
        "840",
        "841",
        "845",
        "846",
        "860",
        "861",
        "908",
        "909",
        "916",
        "919",
        "921",
        "925",
        "926",
        "928",
        "929",
        "931",
        "933",
    ]
)
LA_CODES_2024 = LA_CODES_2023 | {"942", "943"}

# The check letter of a UPN: characters 2-13 weighted by their position (2..13), the last one a
# letter's value when it is a letter, summed modulo 23 and read from this alphabet (no I, O, S).
UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"

# Working days the DfE's rules count back from the reference date and the census start.
WORKING_DAYS = (1, 15, 45)


@cache
def _rule_info() -> dict[str, list[tuple[int, str]]]:
    """Code -> (year of the rule set that states it, message), earliest first."""
    info: dict[str, list[tuple[int, str]]] = {}
    # The DfE's list as shipped, then the years it does not cover yet (`y20xx_rule_info.csv` beside
    # the year's rules, in the same columns).
    lists = [SPECS / "cin" / "cin_rule_info.csv", *sorted(_HERE.glob("y20*_rule_info.csv"))]
    for path in lists:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                year = int(row["ruleset"][-2:]) + 2000  # cin2024_25 -> 2025
                info.setdefault(row["code"].strip(), []).append((year, row["message"].strip()))
    return {code: sorted(rows) for code, rows in info.items()}


def rule_info_codes(year: int) -> set[str]:
    """The codes the DfE's list gives for a year's set (the base and every change up to it)."""
    return {code for code, rows in _rule_info().items() if rows[0][0] <= year}


def rule_type(code: str, year: int) -> str:
    return "query" if code.endswith("Q") else "error"


def message(code: str, year: int) -> str:
    stated = [m for y, m in _rule_info().get(code, []) if y <= year]
    return stated[-1] if stated else ""


def _register(
    connection: duckdb.DuckDBPyConnection, tables: Mapping[str, pa.Table], context: Context
) -> None:
    allowed = codes(context.year)
    connection.register(
        "cin_codes",
        pa.table(
            {
                "element": [e for e, values in allowed.items() for _ in values],
                "code": [c for values in allowed.values() for c in sorted(values)],
            }
        ),
    )
    # A value is a code of its element's list this year (the XSD's enumeration): is_code(...).
    census.register(connection, dict(tables), context.reference_date)
    la = LA_CODES_2024 if context.year >= 2024 else LA_CODES_2023
    connection.register("la_codes", pa.table({"code": sorted(la)}))
    days = {
        f"ref_minus_{n}_wd": add_working_days_to_date(context.reference_date, -n)
        for n in WORKING_DAYS
    } | {
        f"start_minus_{n}_wd": add_working_days_to_date(
            census.period_start(context.reference_date), -n
        )
        for n in WORKING_DAYS
    }
    for name, day in days.items():
        connection.execute(f"CREATE MACRO {name}() AS DATE '{day.isoformat()}'")
    weights = " + ".join(f"TRY_CAST(substr(u, {i}, 1) AS INTEGER) * {i}" for i in range(2, 13))
    last = (
        f"(CASE WHEN substr(u, 13, 1) BETWEEN '0' AND '9' THEN TRY_CAST(substr(u, 13, 1) AS INTEGER) "
        f"ELSE instr('{UPN_LETTERS}', substr(u, 13, 1)) - 1 END) * 13"
    )
    connection.execute(
        f"CREATE MACRO upn_check_letter(u) AS substr('{UPN_LETTERS}', (({weights} + {last}) % 23) + 1, 1)"
    )


def case_tables(case: Mapping[str, Any]) -> dict[str, pa.Table]:
    return census.tables_from_rows({k: v for k, v in case.items() if k in census.MODULES})


SOURCE = register_source(
    Source(
        return_=RETURN,
        register=_register,
        view=lambda table: f"w_{table}",
        child='"LAchildID"',
        module_of=lambda field: census.FIELD_MODULE.get(field, ""),
        message=message,
        case_tables=case_tables,
    )
)


def context_for(file: census.Census, year: int) -> Context:
    reference = file.reference_date or date(year, 3, 31)
    return Context(year=year, reference_date=reference, file=file.file)
