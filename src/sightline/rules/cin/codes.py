"""The CIN census code lists of a collection year, from the shipped XSDs (element -> codes).

The rules read the lists themselves rather than through the reader (`returns.cin.codes`, the same
XSDs): the importer runs the rules, so the rules must not import the returns package (no cycles).
GenderCurrent (to 2023/24) and Sex (from 2024/25) keep their own lists in every year, as the
reader does. The XSDs ship for 2024 to 2026; earlier years use the first, later the newest.
"""

from __future__ import annotations

import re
from functools import cache

from lxml import etree

from sightline.paths import SPECS

XS = "{http://www.w3.org/2001/XMLSchema}"
FIXED = {"GenderCurrent": frozenset({"0", "1", "2", "9"}), "Sex": frozenset({"M", "F", "U"})}


@cache
def codes(year: int) -> dict[str, frozenset[str]]:
    found = {}
    for path in (SPECS / "cin").glob("CIN_schema_*.xsd"):
        match = re.fullmatch(r"CIN_schema_(\d{4})\.xsd", path.name)
        if match:
            found[int(match.group(1))] = path
    years = sorted(found)
    earlier = [y for y in years if y <= year]
    tree = etree.parse(str(found[earlier[-1] if earlier else years[0]]))
    enumerations = {}
    for simple in tree.iter(f"{XS}simpleType"):
        values = [e.get("value") for e in simple.iter(f"{XS}enumeration")]
        if simple.get("name") and values:
            enumerations[simple.get("name")] = frozenset(v for v in values if v is not None)
    by_element = {
        e.get("name"): enumerations[e.get("type")]
        for e in tree.iter(f"{XS}element")
        if e.get("name") and e.get("type") in enumerations
    }
    return by_element | FIXED
