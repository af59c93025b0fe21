"""Reading the published statistics (DfE, ONS) the synthetic councils are calibrated to.

Each published CSV has rows at National, Regional and Local authority level; `old_la_code` is the
3-digit council code. Suppressed and missing cells are letters (c, x, z, k, u, low): they are read
as missing, never as zero.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv

from sightline.paths import PUBLISHED

SUPPRESSED = {"c", "x", "z", "k", "u", "low", ":", "", ".."}
ENGLAND = "England"


@cache
def _read(name: str) -> pa.Table:
    path: Path = PUBLISHED / name
    options = pacsv.ConvertOptions(auto_dict_encode=False, strings_can_be_null=False)
    table = pacsv.read_csv(path, convert_options=options)
    # every column as text: we decide per cell what a number is (suppression letters)
    names = [n.lstrip("\ufeff") for n in table.column_names]
    return pa.table({n: table.column(i).cast(pa.string()) for i, n in enumerate(names)})


@cache
def rows(name: str) -> list[dict[str, str]]:
    """All rows of a published CSV as dictionaries of text."""
    return _read(name).to_pylist()


def number(text: str | None) -> float | None:
    """A published cell as a number, or None when suppressed or missing."""
    if text is None:
        return None
    cleaned = text.strip().replace(",", "")
    if cleaned.lower() in SUPPRESSED:
        return None
    try:
        return float(cleaned)
    except ValueError:
        return None


def select(name: str, la_code: str | None, **where: str) -> dict[int, dict[str, str]]:
    """Rows of one council (or England when `la_code` is None), keyed by year."""
    found: dict[int, dict[str, str]] = {}
    for row in rows(name):
        if la_code is None:
            if row.get("geographic_level") != "National":
                continue
        elif row.get("geographic_level") != "Local authority" or row.get("old_la_code") != la_code:
            continue
        if any(row.get(k) != v for k, v in where.items()):
            continue
        found[int(row["time_period"][:4])] = row
    return found


@cache
def council_names() -> dict[str, str]:
    """Every council code in the referrals table, with its name."""
    return {
        r["old_la_code"]: r["la_name"]
        for r in rows("c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv")
        if r.get("geographic_level") == "Local authority"
    }
