"""Write a council's children's social work workforce census figures (one row a year) as CSV,
with the column names of the published CSWW indicators."""

from __future__ import annotations

import csv
from pathlib import Path

import pyarrow as pa

COLUMNS = {
    "year": "time_period",
    "fte_in_post": "inpost_fte",
    "headcount_in_post": "inpost_headcount",
    "starters_fte": "starters_fte",
    "leavers_fte": "leavers_fte",
    "agency_fte": "agency_fte",
    "vacancies_fte": "vacancy_fte",
    "case_holders_fte": "case_holders_fte",
    "cases": "cases",
    "absence_days": "working_days_lost_fte",
}


def write_csww(path: Path, figures: pa.Table, la_code: str, la_name: str) -> None:
    """`figures` is a canonical csww_council_figures table."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle, lineterminator="\n")
        out.writerow(["old_la_code", "la_name", *COLUMNS.values()])
        for row in figures.to_pylist():
            out.writerow([la_code, la_name, *(_text(row[k]) for k in COLUMNS)])


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)
