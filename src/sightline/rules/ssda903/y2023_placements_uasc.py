"""SSDA903 2022/23, unaccompanied asylum-seeking children: this year's status against last
year's (205A-D) and the date UASC status ceased (303, 304). `b_uasc` says per child whether they
are UASC this year and last (see `references._register_uasc`)."""

from __future__ import annotations

from dataclasses import replace

from sightline.rules.engine import Rule, rule_set
from sightline.rules.shapes import query, row
from sightline.rules.ssda903.source import LAST_YEAR

LAST = (LAST_YEAR,)
LAST_PERIOD = (
    "b.duc_last BETWEEN period_start() - INTERVAL 1 YEAR AND reference_date() - INTERVAL 1 YEAR"
)


def compared(code: str, field: str, sql: str, module: str) -> Rule:
    """A rule that compares with last year's return (not run without it)."""
    return replace(query(code, field, sql, module=module), needs=LAST)


def on_header(where: str) -> str:
    return f"""SELECT h."CHILD", h."CHILD_text", h."_location" FROM "w_header" h
        JOIN b_uasc b ON b."CHILD" = h."CHILD" WHERE {where}"""


def on_uasc(where: str, field: str = "DUC") -> str:
    return f"""SELECT u."CHILD", u."{field}_text", u."_location" FROM "w_uasc" u
        JOIN b_uasc b ON b."CHILD" = u."CHILD" WHERE {where}"""


rule_set("ssda903", 2023).add(
    # UASC last year, not this year: UASC ceased during last year, and no date this year.
    compared(
        "205A",
        "CHILD",
        on_header(
            f"b.last AND NOT b.now AND (b.duc IS NOT NULL OR b.duc_last IS NULL OR NOT ({LAST_PERIOD}))"
        ),
        "Header",
    ),
    # UASC both years: last year's date ceased is the 18th birthday, and this year's date is in
    # this year or the same as last year's.
    compared(
        "205B",
        "DUC",
        on_uasc("""b.now AND b.last AND (
        b.duc_last IS DISTINCT FROM CAST(b.dob_last + INTERVAL 18 YEAR AS DATE)
        OR (NOT coalesce(b.duc BETWEEN period_start() AND reference_date(), false)
            AND b.duc IS DISTINCT FROM b.duc_last))"""),
        "UASC",
    ),
    compared(
        "205C",
        "DUC",
        on_uasc("NOT b.now AND NOT b.last AND (b.duc IS NOT NULL OR b.duc_last IS NOT NULL)"),
        "UASC",
    ),
    compared("205D", "CHILD", on_header("b.now AND b.in_last_header AND NOT b.last"), "Header"),
    query("303", "DUC", on_uasc('u."DUC" IS NOT NULL AND NOT b.now'), module="UASC"),
    row("304", "uasc", "DUC", '"DUC" > "DOB" + INTERVAL 18 YEAR'),
    origin=__name__,
)
