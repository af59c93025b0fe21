"""Published statistics and statistical neighbours: a council beside England, its region and its
ten closest councils (DfE/NFER 2025 model).

Engine API:
    compare(council_code, indicator_id, own=None) -> Comparison
    available_indicators() -> list[Indicator];  councils() -> tuple[Council, ...]
    council(code) -> Council;  neighbours(code) -> list[Council]
"""

from sightline.benchmarks.compare import Comparison, Year, available_indicators, compare
from sightline.benchmarks.published import (
    Cell,
    Council,
    PublishedError,
    council,
    councils,
    neighbours,
)

__all__ = [
    "Cell",
    "Comparison",
    "Council",
    "PublishedError",
    "Year",
    "available_indicators",
    "compare",
    "council",
    "councils",
    "neighbours",
]
