"""Rates DfE publishes only as counts, derived as DfE derives its own: the published count over the
ONS mid-year estimate of children aged 0-17 of the year before the collection year, x 10,000.

Checked against the CLA rates DfE does publish (tests/benchmarks/test_derived.py): every council and
England match exactly; two regional figures in 2021-2025 differ by 1, where the region's published
count is rounded to the nearest 10. A derived figure is never shown as published (`DERIVED_LABEL`).
"""

from __future__ import annotations

from sightline.benchmarks.published import Cell
from sightline.indicators.model import DerivedRate
from sightline.indicators.population import children_0_17_of
from sightline.indicators.rounding import round_half_up

__all__ = ["rate_cell", "round_half_up"]


def rate_cell(count: Cell, rule: DerivedRate, level: str, area: str, collection_year: int) -> Cell:
    """The derived rate for one area and year; a missing count or population keeps its reason."""
    if count.value is None:
        return Cell(count.text, None, f"count {count.reason}")
    population, note = children_0_17_of(level, area, collection_year)
    if population is None:
        return Cell("", None, note)
    rate = round_half_up(count.value / population * rule.per, rule.decimals)
    return Cell(f"{rate:.{rule.decimals}f}", rate, None)
