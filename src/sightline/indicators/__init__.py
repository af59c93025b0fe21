"""National indicators: declared once (one module per family), computed by one runner.

Engine API:
    run(dataset, period, breakdown=None, ids=None, population=None) -> list[Result]
    run_one(dataset, indicator_id, period, breakdown=None) -> list[Result]
    children_behind(dataset, indicator_id, period) -> pyarrow.Table
    indicators(family=None) -> list[Indicator];  get(indicator_id) -> Indicator
"""

from sightline.indicators.model import DerivedRate, Indicator, Period, Published, Result
from sightline.indicators.registry import get, indicators
from sightline.indicators.runner import IndicatorError, children_behind, run, run_one

__all__ = [
    "DerivedRate",
    "Indicator",
    "IndicatorError",
    "Period",
    "Published",
    "Result",
    "children_behind",
    "get",
    "indicators",
    "run",
    "run_one",
]
