"""Every declared indicator, collected from the family modules, by id.

A family is a module in this package that declares `INDICATORS` (a list of `Indicator`), `TITLE`
(its name in words) and `ORDER` (where it stands on the scorecard); its data-only cases are the
`<module>_cases.yaml` beside it. Family modules are found, not listed: adding a family is adding
one module, adding an indicator is adding one declaration to a family's list.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import ModuleType

from sightline.indicators.model import Indicator
from sightline.indicators.reads import check_tables


@dataclass(frozen=True)
class Family:
    name: str  # the module's name, which each of its indicators names as its `family`
    title: str
    order: int
    module: ModuleType

    @property
    def cases_file(self) -> Path:
        """Where the family's data-only cases are (the file need not exist)."""
        assert self.module.__file__ is not None
        return Path(self.module.__file__).with_name(f"{self.name}_cases.yaml")


@lru_cache(maxsize=1)
def families() -> tuple[Family, ...]:
    """Every module of this package that declares INDICATORS, in scorecard order."""
    import sightline.indicators as package

    found = []
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        if hasattr(module, "INDICATORS"):
            title = getattr(module, "TITLE", info.name.replace("_", " ").capitalize())
            found.append(Family(info.name, title, getattr(module, "ORDER", 100), module))
    return tuple(sorted(found, key=lambda f: (f.order, f.name)))


@lru_cache(maxsize=1)
def _registry() -> dict[str, Indicator]:
    found: dict[str, Indicator] = {}
    for family in families():
        for indicator in family.module.INDICATORS:
            if indicator.id in found:
                raise ValueError(f"indicator id {indicator.id!r} declared twice")
            if indicator.family != family.name:
                raise ValueError(
                    f"indicator {indicator.id!r} declared in {family.name} says {indicator.family}"
                )
            # every figure names every snapshot it read: the list must be the SQL's
            check_tables(indicator.id, indicator.tables, indicator.inline_sql())
            found[indicator.id] = indicator
    return found


def forget() -> None:
    """Find the families again (after a module is added while running, as a test does)."""
    families.cache_clear()
    _registry.cache_clear()


def family_title(name: str) -> str:
    """A family's name in words."""
    for family in families():
        if family.name == name:
            return family.title
    return str(name).replace("_", " ").capitalize()


def indicators(family: str | None = None) -> list[Indicator]:
    return [i for i in _registry().values() if family is None or i.family == family]


def get(indicator_id: str) -> Indicator:
    try:
        return _registry()[indicator_id]
    except KeyError:
        known = ", ".join(sorted(_registry()))
        raise KeyError(f"no indicator {indicator_id!r}; known: {known}") from None
