"""Small numbers are suppressed where children could be identified (DfE's convention).

A count of 1 to 4, or a percentage, rate or average whose numerator or denominator is 1 to 4, is
shown as "c". Zero is not suppressed (it identifies no one). The web applies this for readers who
see aggregates only (elected members).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any

from sightline.indicators import registry
from sightline.indicators.model import Result

SUPPRESSED = "c"
REASON = "fewer than 5 children: suppressed to protect privacy"
NOTE = f"{SUPPRESSED}: {REASON}"
SMALLEST_SHOWN = 5


def is_small(number: float | None) -> bool:
    """1 to 4 (a number that could identify a child); zero and unknown are not small."""
    return number is not None and 0 < number < SMALLEST_SHOWN


def needs_suppression(result: Result) -> bool:
    """A figure resting on 1 to 4 children. Indicators that count staff, not children (the
    workforce census), are never suppressed."""
    if not _counts_children(result.indicator):
        return False
    return result.value is not None and (
        is_small(result.numerator)
        or is_small(result.denominator if result.unit != "rate_per_10k" else None)
        or (result.unit == "count" and is_small(result.value))
    )


def _counts_children(indicator_id: str) -> bool:
    try:
        return registry.get(indicator_id).counts_children
    except KeyError:  # not a declared indicator: treat it as counting children, to be safe
        return True


def suppress_small(result: Result) -> Result:
    """The result as an aggregate-only reader may see it: small figures become "c" (value,
    numerator and denominator removed, the note saying why); others unchanged."""
    if not needs_suppression(result):
        return result
    return dataclasses.replace(result, value=None, numerator=None, denominator=None, note=NOTE)


def suppress_counts(line: Mapping[str, Any], keys: Iterable[str]) -> dict[str, Any]:
    """A row of counts (e.g. work due by team) with each count of 1 to 4 under `keys` as "c"."""
    wanted = set(keys)
    return {
        k: SUPPRESSED if k in wanted and isinstance(v, int | float) and is_small(v) else v
        for k, v in line.items()
    }
