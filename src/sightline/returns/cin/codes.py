"""The CIN census code lists of a collection year, read from the shipped XSDs.

Each element whose type is an enumeration in the XSD gets the set of its codes. The XSDs ship for
2024, 2025 and 2026; earlier years use 2024's lists (the lists did not change in substance before),
later years the newest one.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from lxml import etree

from sightline.paths import SPECS

XS = "{http://www.w3.org/2001/XMLSchema}"

# GenderCurrent (to 2024) and Sex (2025 on) each keep their own list whichever year a file is:
# councils send both during the change-over.
GENDER_CURRENT = frozenset({"0", "1", "2", "9"})
SEX = frozenset({"M", "F", "U"})


def _xsd_years() -> dict[int, Path]:
    found = {}
    for path in (SPECS / "cin").glob("CIN_schema_*.xsd"):
        match = re.fullmatch(r"CIN_schema_(\d{4})\.xsd", path.name)
        if match:
            found[int(match.group(1))] = path
    return found


def xsd_year(year: int | None) -> int:
    years = sorted(_xsd_years())
    if year is None:
        return years[-1]
    earlier = [y for y in years if y <= year]
    return earlier[-1] if earlier else years[0]


@cache
def _codes_of(xsd: Path) -> dict[str, frozenset[str]]:
    tree = etree.parse(str(xsd))
    enumerations: dict[str, frozenset[str]] = {}
    for simple in tree.iter(f"{XS}simpleType"):
        name = simple.get("name")
        values = [e.get("value") for e in simple.iter(f"{XS}enumeration")]
        if name and values:
            enumerations[name] = frozenset(v for v in values if v is not None)
    by_element: dict[str, frozenset[str]] = {}
    for element in tree.iter(f"{XS}element"):
        name, type_ = element.get("name"), element.get("type")
        if name and type_ in enumerations:
            by_element[name] = enumerations[type_]
    by_element["GenderCurrent"] = GENDER_CURRENT
    by_element["Sex"] = SEX
    return by_element


def codes(year: int | None) -> dict[str, frozenset[str]]:
    """Element name -> allowed codes for the collection year (None: the newest lists)."""
    return _codes_of(_xsd_years()[xsd_year(year)])
