"""SSDA903 2026/27, deprivation of liberty orders (DoLo, new this year): dates valid, in order
and in the year (700-704), one order at a time (705), carried over from last year (706), ended
when care ends (707), after birth (708), and the placements a child under an order is in (709,
710).

The date checks are those of the missing periods (`y2023_care_missing`). Placements during an
order: K1 (secure children's home), P1 (with parents), R5 (young offender institution) and K3
(supported accommodation) are not allowed (710); children's homes (K2), residential care homes
(R1), NHS or health provision (R2), residential schools (S1) and other placements (Z11-Z14) are
expected; any other placement is queried (709)."""

from __future__ import annotations

from sightline.rules.engine import QUERY, Rule, rule_set
from sightline.rules.shapes import query
from sightline.rules.ssda903.y2023_care_missing import (
    before_birth,
    carried_over,
    ends_before_start,
    ends_outside_year,
    not_a_date,
    open_after_care,
    overlaps,
    starts_after_year,
)

NOT_ALLOWED = ("K1", "P1", "R5", "K3")
EXPECTED = ("K2", "R1", "R2", "S1", "Z11", "Z12", "Z13", "Z14")


def _listed(values: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


def placed_during_order(code: str, condition: str, *, severity: str = "error") -> Rule:
    """Each order and the placement (PLACE) of an episode that overlaps it, where `condition`."""
    return query(code, "DOLO_START", f"""
        SELECT DISTINCT d."CHILD", e."PLACE_text", d."_location" FROM "w_dolo" d
        JOIN "w_episodes" e USING ("CHILD")
        WHERE d."DOLO_START" IS NOT NULL AND e."DECOM" IS NOT NULL
          AND e."DECOM" <= coalesce(d."DOLO_END", collection_end())
          AND coalesce(e."DEC", collection_end()) >= d."DOLO_START"
          AND e."PLACE_text" IS NOT NULL AND ({condition})""",
        severity=severity, module="DoLo")  # fmt: skip


rule_set("ssda903", 2027).add(
    not_a_date("700", "dolo", "DOLO_START", required=True),
    not_a_date("701", "dolo", "DOLO_END"),
    ends_before_start("702", "dolo", "DOLO_START", "DOLO_END"),
    starts_after_year("703", "dolo", "DOLO_START"),
    ends_outside_year("704", "dolo", "DOLO_END"),
    overlaps("705", "dolo", "DOLO_START", "DOLO_END", "DoLo"),
    carried_over("706", "dolo", "DOLO_START", "DOLO_END", "DoLo"),
    open_after_care("707", "dolo", "DOLO_START", "DOLO_END", "DoLo"),
    before_birth("708", "dolo", "DOLO_START"),
    placed_during_order(
        "709",
        f'e."PLACE_text" NOT IN {_listed(EXPECTED)} AND e."PLACE_text" NOT IN {_listed(NOT_ALLOWED)}',
        severity=QUERY,
    ),
    placed_during_order("710", f'e."PLACE_text" IN {_listed(NOT_ALLOWED)}'),
    origin=__name__,
)
