"""Every declared indicator, collected from the family modules, by id."""

from __future__ import annotations

from functools import lru_cache

from sightline.indicators.model import Indicator
from sightline.indicators.reads import check_tables

FAMILIES = ("front_door", "cin", "child_protection", "looked_after", "workforce")


@lru_cache(maxsize=1)
def _registry() -> dict[str, Indicator]:
    import importlib

    found: dict[str, Indicator] = {}
    for family in FAMILIES:
        module = importlib.import_module(f"sightline.indicators.{family}")
        for indicator in module.INDICATORS:
            if indicator.id in found:
                raise ValueError(f"indicator id {indicator.id!r} declared twice")
            if indicator.family != family:
                raise ValueError(
                    f"indicator {indicator.id!r} declared in {family} says {indicator.family}"
                )
            # every figure names every snapshot it read: the list must be the SQL's
            check_tables(indicator.id, indicator.tables, indicator.units)
            found[indicator.id] = indicator
    return found


def indicators(family: str | None = None) -> list[Indicator]:
    return [i for i in _registry().values() if family is None or i.family == family]


def get(indicator_id: str) -> Indicator:
    try:
        return _registry()[indicator_id]
    except KeyError:
        known = ", ".join(sorted(_registry()))
        raise KeyError(f"no indicator {indicator_id!r}; known: {known}") from None
