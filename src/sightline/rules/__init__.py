"""Validation rules: declarations in yearly rule sets per return (`engine`), in the shapes most
rules take (`shapes`), found under this package (`cin/`, `ssda903/`), run by `validate`."""

from __future__ import annotations

from typing import Any

__all__ = ["ERROR", "QUERY", "Query", "Row", "Rule", "resolve", "rule_set"]


def __getattr__(name: str) -> Any:
    # The engine (DuckDB, Arrow) loads on first use, so `sightline --help` stays light.
    if name in __all__:
        from sightline.rules import engine

        return getattr(engine, name)
    raise AttributeError(name)
