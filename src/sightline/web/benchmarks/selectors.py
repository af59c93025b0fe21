"""Reads for benchmarks: the council beside England, its region and its statistical neighbours,
from the published statistics the engine ships (`sightline.benchmarks`)."""

from __future__ import annotations

import logging
from typing import Any

from sightline.web.core import engine

log = logging.getLogger("sightline.web.benchmarks")


def _engine():
    try:
        from sightline import benchmarks
    except ImportError:  # pragma: no cover - the engine always ships it
        return None
    return benchmarks if hasattr(benchmarks, "compare") else None


def councils() -> list[Any]:
    benchmarks = _engine()
    if benchmarks is None or not hasattr(benchmarks, "councils"):
        return []
    return engine.cached(("benchmark_councils",), benchmarks.councils)


def comparison(council: str, indicator_id: str) -> Any:
    benchmarks = _engine()
    if benchmarks is None:
        return None
    try:
        return engine.cached(
            ("benchmark_compare", council, indicator_id),
            lambda: benchmarks.compare(council, indicator_id),
        )
    except (KeyError, ValueError, LookupError) as error:
        log.info("no benchmark for %s %s: %s", council, indicator_id, error)
        return None


def headline(council: str, indicator_id: str) -> dict[str, float | None]:
    """England's and the neighbours' median for the latest published year, when published."""
    return {}
