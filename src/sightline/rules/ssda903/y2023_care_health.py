"""SSDA903 2022/23, OC2 by age and time in care: conviction details from 10 (542-544), health
promotion under 5 (545-547).

Looked after continuously for 12 months (the DfE's definition in its validation rules): in care
during the year, and no episode shows the child starting care (reason S) after 1 April, leaving
care (a reason other than X1) before 31 March, or on respite (V3, V4) in the year."""

from __future__ import annotations

from sightline.rules.engine import Rule, rule_set
from sightline.rules.shapes import query, row

# Children looked after continuously for the twelve months to 31 March (one row each).
CONTINUOUS = """
    SELECT "CHILD" FROM "w_episodes" GROUP BY "CHILD"
    HAVING bool_or("DECOM" <= collection_end()
                   AND ("DEC" >= collection_start() OR "DEC_text" IS NULL))
       AND NOT bool_or(coalesce(
               ("RNE_text" = 'S' AND "DECOM" > collection_start() AND "DECOM" <= collection_end())
            OR (coalesce("REC_text", '') <> 'X1' AND "DEC" >= collection_start()
                AND "DEC" < collection_end())
            OR ("LS_text" IN ('V3', 'V4') AND "DECOM" <= collection_end()
                AND ("DEC" >= collection_start() OR "DEC_text" IS NULL)), false))"""

_HEALTH = ("IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE")
_ANY_HEALTH_MISSING = " OR ".join(f'"{f}_text" IS NULL' for f in _HEALTH)


def _aged(years: int) -> str:
    """The child's birthday of that age falls on or before 31 March."""
    return f'"DOB" + INTERVAL {years} YEAR <= collection_end()'


def _oc2_continuous(code: str, field: str, condition: str) -> Rule:
    return query(
        code,
        field,
        f"""
        SELECT o."CHILD", o."{field}_text", o."_location" FROM "w_oc2" o
        WHERE ({condition}) AND o."CHILD" IN ({CONTINUOUS})""",
        module="OC2",
    )


rule_set("ssda903", 2023).add(
    row("542", "oc2", "CONVICTED", f'"CONVICTED_text" IS NOT NULL AND NOT ({_aged(10)})'),
    _oc2_continuous("543", "CONVICTED", f'o."CONVICTED_text" IS NULL AND o.{_aged(10)}'),
    row("544", "oc2", "CONVICTED", f"\"CONVICTED_text\" = '1' AND ({_ANY_HEALTH_MISSING})"),
    _oc2_continuous("545", "HEALTH_CHECK", f'o."HEALTH_CHECK_text" IS NULL AND NOT (o.{_aged(5)})'),
    _oc2_continuous("546", "HEALTH_CHECK", f'o."HEALTH_CHECK_text" IS NOT NULL AND o.{_aged(5)}'),
    row("547", "oc2", "HEALTH_CHECK", f"\"HEALTH_CHECK_text\" = '1' AND ({_ANY_HEALTH_MISSING})"),
    origin=__name__,
)  # fmt: skip
