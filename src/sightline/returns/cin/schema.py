"""Which elements the CIN census of a collection year has, block by block, from the shipped XSDs.

`elements(year)` maps each block (an element with elements inside it, e.g. `CINdetails`) to the
names of the elements it may hold. The reader warns about any other element, naming it and its
line, rather than dropping it in silence.

The XSDs ship for 2024, 2025 and 2026 (earlier years use 2024's). The 2026/27 census (year 2027)
adds the pre-proceedings and family group decision-making module, `PreProceedingsandFGDM`, written
in a referral's `CINdetails`; it is declared here until its XSD ships. `GenderCurrent` (to 2024) and
`Sex` (from 2025) are both known in every year: councils send either during the change-over and the
reader reads both (the rules of the year report the wrong one).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from lxml import etree

from sightline.returns.cin.codes import XS, _xsd_years, xsd_year
from sightline.rules.cin.source import MODULES

PRE_PROCEEDINGS = "PreProceedingsandFGDM"
PRE_PROCEEDINGS_FROM = 2027  # the 2026/27 census: the year of the 31 March it ends on
# Its items, as the rules read them too (one list for both).
PRE_PROCEEDINGS_ITEMS = MODULES[PRE_PROCEEDINGS]
PP_OUTCOMES = frozenset({"A", "B", "C"})  # DfE code set CS131 (rule 9011)


def _children_of(node: etree._Element, types: dict[str, etree._Element]) -> list[etree._Element]:
    """The xs:element declarations directly inside an element's content (inline or by type)."""
    complex_type = node.find(f"{XS}complexType")
    if complex_type is None and node.get("type") in types:
        complex_type = types[node.get("type", "")]
    if complex_type is None:
        return []
    found = []
    for sub in complex_type.iter(f"{XS}element"):
        # only this level: skip elements nested in a deeper element's inline type
        parent = sub.getparent()
        while parent is not None and parent.tag != f"{XS}element" and parent is not complex_type:
            parent = parent.getparent()
        if parent is complex_type or parent is None:
            found.append(sub)
    return found


@cache
def _elements_of(xsd: Path) -> dict[str, frozenset[str]]:
    tree = etree.parse(str(xsd))
    types = {t.get("name", ""): t for t in tree.iter(f"{XS}complexType") if t.get("name")}
    blocks: dict[str, set[str]] = {}
    for node in tree.iter(f"{XS}element"):
        name = node.get("name")
        inside = _children_of(node, types)
        if name and inside:
            blocks.setdefault(name, set()).update(e.get("name", "") for e in inside)
    blocks.setdefault("ChildIdentifiers", set()).update({"GenderCurrent", "Sex"})
    return {name: frozenset(names) for name, names in blocks.items()}


@cache
def elements(year: int | None) -> dict[str, frozenset[str]]:
    """Block name -> the element names it may hold in that collection year (None: the newest)."""
    blocks = dict(_elements_of(_xsd_years()[xsd_year(year)]))
    if year is None or year >= PRE_PROCEEDINGS_FROM:
        blocks["CINdetails"] = blocks["CINdetails"] | {PRE_PROCEEDINGS}
        blocks[PRE_PROCEEDINGS] = frozenset(PRE_PROCEEDINGS_ITEMS)
    return blocks


def collects_pre_proceedings(year: int | None) -> bool:
    return year is None or year >= PRE_PROCEEDINGS_FROM
