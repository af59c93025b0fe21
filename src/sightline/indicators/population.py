"""ONS mid-year estimates of children aged 0-17, for rates per 10,000.

DfE divides a collection year's count (year to 31 March Y) by the mid-year estimate of the year
before (mid-Y-1): Rotherham's children looked after at 31 March 2025, 476, over 59,521 (mid-2024)
gives the published 80 per 10,000. When the estimate for that year is not yet published, the latest
earlier one is used and the result says so.
"""

from __future__ import annotations

import csv
from functools import lru_cache

from sightline.paths import PUBLISHED

ONS_FILE = "ons_mid-year_population_estimates_2012_to_2024.csv"


@lru_cache(maxsize=1)
def _estimates() -> dict[str, dict[int, int]]:
    by_council: dict[str, dict[int, int]] = {}
    with (PUBLISHED / ONS_FILE).open(newline="", encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            if row["geographic_level"] != "Local authority" or not row["old_la_code"]:
                continue
            estimate = row["population_estimate"].strip()
            if estimate.isdigit():
                by_council.setdefault(row["old_la_code"], {})[int(row["time_period"])] = int(
                    estimate
                )
    return by_council


def children_0_17(council: str, collection_year: int) -> tuple[int | None, str]:
    """(estimate, note) for the council's 0-17 population behind a collection year's rates."""
    estimates = _estimates().get(council.strip())
    if not estimates:
        return None, f"no ONS population estimate for council {council}"
    wanted = collection_year - 1
    if wanted in estimates:
        return estimates[wanted], ""
    earlier = [y for y in estimates if y <= wanted]
    if not earlier:
        return None, f"no ONS population estimate for council {council} for mid-{wanted} or before"
    used = max(earlier)
    return estimates[used], f"population: mid-{used} estimate (mid-{wanted} not published)"
