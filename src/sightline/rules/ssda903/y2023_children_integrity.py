"""SSDA903 2022/23, the return holds together (INT01-INT36, EPI, NoE): every child of every table
is in the header, with the header's date of birth and sex; a child is written once in the
tables of one row a child; a child in the header has episodes (or is a care leaver); a child
looked after before the year has last year's episodes (with last year's return)."""

from __future__ import annotations

from sightline.rules.engine import Rule, rule_set
from sightline.rules.ssda903._children import sql
from sightline.rules.ssda903.source import LAST_YEAR


def not_in_header(code: str, table: str) -> Rule:
    return sql(code, table, "CHILD", f"""
        SELECT t."CHILD", t."CHILD", t."_location" FROM "w_{table}" t
        WHERE NOT EXISTS (SELECT 1 FROM "w_header" h WHERE h."CHILD" = t."CHILD")""")  # fmt: skip


def differs_from_header(code: str, table: str, field: str) -> Rule:
    """Where both are written, <field> is the header's (dates compared as dates)."""
    return sql(code, table, field, f"""
        SELECT t."CHILD", t."{field}_text", t."_location" FROM "w_{table}" t
        JOIN "w_header" h ON h."CHILD" = t."CHILD"
        WHERE t."{field}" IS NOT NULL AND h."{field}" IS NOT NULL
          AND t."{field}" <> h."{field}"
    """)  # fmt: skip


def once(code: str, table: str) -> Rule:
    return sql(code, table, "CHILD", f"""
        SELECT "CHILD", "CHILD", "_location" FROM (
            SELECT *, count(*) OVER (PARTITION BY "CHILD") AS n FROM "w_{table}"
            WHERE "CHILD" IS NOT NULL
        ) WHERE n > 1""")  # fmt: skip


TABLES = (
    ("ad1", "01", "11"), ("placed_for_adoption", "02", "12"), ("episodes", "03", None),
    ("missing", "04", "13"), ("oc2", "05", "14"), ("oc3", "06", "15"),
    ("previous_permanence", "07", "16"), ("reviews", "08", "17"), ("uasc", "09", "18"),
)  # fmt: skip
ONCE = (
    ("31", "ad1"), ("32", "header"), ("33", "oc2"), ("34", "oc3"),
    ("35", "previous_permanence"), ("36", "uasc"),
)  # fmt: skip

rule_set("ssda903", 2023).add(
    *(not_in_header(f"INT{n}", table) for table, n, _ in TABLES),
    *(differs_from_header(f"INT{n}", table, "DOB") for table, _, n in TABLES if n),
    differs_from_header("INT21", "uasc", "SEX"),
    *(once(f"INT{n}", table) for n, table in ONCE),
    # The DfE portal waits for a child's episodes; a care leaver (OC3) needs none.
    sql("EPI", "header", "CHILD", """
        SELECT h."CHILD", h."CHILD", h."_location" FROM "w_header" h
        WHERE NOT EXISTS (SELECT 1 FROM "w_episodes" e WHERE e."CHILD" = h."CHILD")
          AND NOT EXISTS (SELECT 1 FROM "w_oc3" o WHERE o."CHILD" = h."CHILD")
    """),
    # An episode that began before the year, for a child with no episodes last year.
    sql("NoE", "episodes", "DECOM", """
        SELECT e."CHILD", e."DECOM_text", e."_location" FROM "w_episodes" e
        WHERE e."DECOM" < collection_start()
          AND NOT EXISTS (SELECT 1 FROM "w_episodes_last" l WHERE l."CHILD" = e."CHILD")
    """, needs=(LAST_YEAR,)),
    origin=__name__,
)  # fmt: skip
