"""Acceptance: for every council and year in the shipped published files, the benchmark view
reproduces each published value at its published precision. Every one, not a sample.

For each indicator with a published series (rates derived from counts are not published values:
their counts are, through the count indicators), every row of its file that the series selects
- each council, England and each region, each year - must come back from `benchmarks.compare`
as the same text, with the same reason when it is a letter, and the figure the pages print
(`figure` at the indicator's declared places, rounded half up) must equal the published number.
"""

from __future__ import annotations

import pytest

from sightline import benchmarks
from sightline.benchmarks.published import Cell, rows
from sightline.indicators.model import Published
from sightline.indicators.rounding import format_figure

pytestmark = pytest.mark.slow

SERIES = [i for i in benchmarks.available_indicators() if isinstance(i.published, Published)]


def _shown(value: float, decimals: int) -> float:
    """The number a page shows for a value at the indicator's places (the `figure` filter)."""
    return float(format_figure(value, decimals))


@pytest.mark.parametrize("indicator", SERIES, ids=[i.id for i in SERIES])
def test_the_benchmark_view_reproduces_every_published_value(indicator) -> None:
    source = indicator.published
    selected = [r for r in rows(source.file) if all(r.get(k) == v for k, v in source.filters)]
    by_council: dict[str, list[dict[str, str]]] = {}
    national: dict[int, str] = {}
    regional: dict[tuple[int, str], str] = {}
    for r in selected:
        year = int(r["time_period"][:4])
        if r["geographic_level"] == "Local authority":
            by_council.setdefault(r["old_la_code"], []).append(r)
        elif r["geographic_level"] == "National":
            national[year] = r[source.column]
        elif r["geographic_level"] == "Regional":
            regional[(year, r["region_name"])] = r[source.column]
    assert len(by_council) > 140, (indicator.id, len(by_council))
    checked = 0
    wrong: list[tuple] = []
    for code, council_rows in sorted(by_council.items()):
        comparison = benchmarks.compare(code, indicator.id)
        years = {y.year: y for y in comparison.years}
        for r in council_rows:
            year = int(r["time_period"][:4])
            published = Cell.parse(r[source.column])
            shown = years[year].council
            checked += 1
            if shown.text != published.text or shown.reason != published.reason:
                wrong.append((code, year, published.text, shown.text))
            elif published.value is not None and (
                _shown(shown.value, comparison.decimals) != published.value
            ):
                wrong.append((code, year, published.text, shown.value, comparison.decimals))
            england = national.get(year)
            if england is not None and years[year].england.text != england:
                wrong.append(("England", year, england, years[year].england.text))
            region = regional.get((year, comparison.region))
            if region is not None and years[year].region.text != region:
                wrong.append((comparison.region, year, region, years[year].region.text))
    assert not wrong, (indicator.id, len(wrong), wrong[:5])
    assert checked == sum(len(v) for v in by_council.values())


def test_a_council_since_reorganised_keeps_its_published_years() -> None:
    # Northamptonshire (928) split in 2021: it is in no neighbour model, but its published years
    # are still shown, and the median says why there is none
    comparison = benchmarks.compare("928", "cpp_at_31")
    assert comparison.council.name == "Northamptonshire" and comparison.neighbours == []
    first = comparison.years[0]
    assert first.council.value is not None and first.median is None
    assert first.median_note.startswith("no statistical neighbours")
