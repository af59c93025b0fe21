"""ONS mid-year estimates of children aged 0-17, for rates per 10,000.

DfE divides a collection year's count (year to 31 March Y) by the mid-year estimate of the year
before (mid-Y-1): Rotherham's children looked after at 31 March 2025, 476, over 59,521 (mid-2024)
gives the published 80 per 10,000. When the estimate for that year is not yet published, the latest
earlier one is used and the result says so.

Estimates are kept for England ("National", "England"), each region ("Regional", its name as
published) and each council ("Local authority", its old 3-digit code).
"""

from __future__ import annotations

import csv
from functools import lru_cache

from sightline.paths import PUBLISHED

ONS_FILE = "ons_mid-year_population_estimates_2012_to_2024.csv"
LEVELS = ("National", "Regional", "Local authority")


def _area(row: dict[str, str]) -> str:
    level = row["geographic_level"]
    if level == "National":
        return "England"
    if level == "Regional":
        return row["region_name"].strip()
    return row["old_la_code"].strip()


@lru_cache(maxsize=1)
def _estimates() -> dict[tuple[str, str], dict[int, int]]:
    by_area: dict[tuple[str, str], dict[int, int]] = {}
    with (PUBLISHED / ONS_FILE).open(newline="", encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            level = row["geographic_level"]
            if level not in LEVELS or not _area(row):
                continue
            estimate = row["population_estimate"].strip()
            if estimate.isdigit():
                by_area.setdefault((level, _area(row)), {})[int(row["time_period"])] = int(estimate)
    return by_area


def children_0_17_of(level: str, area: str, collection_year: int) -> tuple[int | None, str]:
    """(estimate, note) for an area's 0-17 population behind a collection year's rates: `level`
    is "National" (area "England"), "Regional" (the region's name) or "Local authority" (code)."""
    what = {"National": "England", "Regional": area}.get(level, f"council {area.strip()}")
    estimates = _estimates().get((level, area.strip()))
    if not estimates:
        return None, f"no ONS population estimate for {what}"
    wanted = collection_year - 1
    if wanted in estimates:
        return estimates[wanted], ""
    earlier = [y for y in estimates if y <= wanted]
    if not earlier:
        return None, f"no ONS population estimate for {what} for mid-{wanted} or before"
    used = max(earlier)
    return estimates[used], f"population: mid-{used} estimate (mid-{wanted} not published)"


def children_0_17(council: str, collection_year: int) -> tuple[int | None, str]:
    """(estimate, note) for the council's 0-17 population behind a collection year's rates."""
    return children_0_17_of("Local authority", council, collection_year)
