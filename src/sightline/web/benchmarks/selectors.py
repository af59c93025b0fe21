"""Reads for benchmarks: the council beside England, its region and its statistical neighbours,
from the published statistics the engine ships (`sightline.benchmarks`)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings

from sightline import benchmarks
from sightline.benchmarks import Comparison, Council, PublishedError
from sightline.indicators import registry
from sightline.web.core import engine

log = logging.getLogger("sightline.web.benchmarks")


def councils() -> tuple[Council, ...]:
    return engine.cached(("benchmark_councils",), benchmarks.councils)


def benchmark_council(own_council: str | None) -> str | None:
    """The published council the app compares with: the setting (a synthetic council's model),
    else the council itself when it is a real one."""
    code = settings.SIGHTLINE_BENCHMARK_COUNCIL or own_council
    if code and any(c.code == code for c in councils()):
        return code
    return None


def comparison(council: str, indicator_id: str) -> Comparison | None:
    def compute() -> Comparison | None:
        try:
            return benchmarks.compare(council, indicator_id)
        except (PublishedError, KeyError, ValueError) as error:
            log.info("no benchmark for %s %s: %s", council, indicator_id, error)
            return None

    return engine.cached(("benchmark_compare", council, indicator_id), compute)


def headline(council: str | None, indicator_id: str) -> dict[str, float | bool | str | None]:
    """England's figure and the neighbours' median in the latest year England is published;
    "derived": True when they are rates derived from published counts and ONS population."""
    code = benchmark_council(council)
    if code is None or registry.get(indicator_id).published is None:
        return {}
    found = comparison(code, indicator_id)
    if found is None:
        return {}
    for year in reversed(found.years):
        if year.england.value is not None or year.median is not None:
            return {
                "england": year.england.value,
                "neighbours": year.median,
                "neighbours_note": year.median_note,
                "year": year.year,
                "derived": found.derived,
            }
    return {}


@dataclass
class Line:
    indicator_id: str
    name: str
    unit: str
    year: int | None
    council: object
    england: object
    region: object
    median: float | None
    derived: bool = False  # derived from published counts and ONS population, not published
    decimals: int = 1  # as DfE publishes it
    median_note: str = ""  # why the median rests on fewer than all ten neighbours


def overview(council: str) -> list[Line]:
    """Every published indicator's latest year for the council."""
    lines = []
    for indicator in benchmarks.available_indicators():
        found = comparison(council, indicator.id)
        if found is None or not found.years:
            continue
        latest = next(
            (y for y in reversed(found.years) if y.council.value is not None), found.years[-1]
        )
        lines.append(
            Line(
                indicator.id,
                indicator.name,
                indicator.unit,
                latest.year,
                latest.council,
                latest.england,
                latest.region,
                latest.median,
                found.derived,
                found.decimals,
                latest.median_note,
            )
        )
    return lines


def by_year(council: str | None, indicator_id: str) -> dict[int, dict[str, float | None]]:
    """England's figure and the neighbours' median per published year, for the council's chart."""
    code = benchmark_council(council)
    if code is None or registry.get(indicator_id).published is None:
        return {}
    found = comparison(code, indicator_id)
    if found is None:
        return {}
    return {y.year: {"england": y.england.value, "neighbours": y.median} for y in found.years}
