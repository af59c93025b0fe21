"""SSDA903 2022/23, missing or away from placement without authorisation (564-581, 586,
1004-1006).

The checks on a period with a start and an end (a valid date, in the year, in order, no overlap,
carried over from last year, closed when care ends, after birth) are written once here as
functions of the table and its dates: the deprivation of liberty orders of 2026/27 (700-708)
take the same checks."""

from __future__ import annotations

from dataclasses import replace

from sightline.rules.engine import Rule, rule_set
from sightline.rules.shapes import query, row

# Periods of care: episodes joined where one starts on the day the previous ended (one row per
# period: child, start, end (null while open)), made once per validation (source.DERIVED).
PERIODS_OF_CARE = 'SELECT * FROM "w_periods_of_care"'


def not_a_date(code: str, table: str, field: str, *, required: bool = False) -> Rule:
    """<field> is a date (dd/mm/yyyy); when `required`, it is present too."""
    bad = f'"{field}_text" IS NOT NULL AND "{field}" IS NULL'
    return row(code, table, field, f'"{field}_text" IS NULL OR ({bad})' if required else bad)


def ends_before_start(code: str, table: str, start: str, end: str) -> Rule:
    return row(code, table, end, f'"{end}" < "{start}"')


def starts_after_year(code: str, table: str, start: str) -> Rule:
    return row(code, table, start, f'"{start}" > collection_end()')


def ends_outside_year(code: str, table: str, end: str) -> Rule:
    return row(code, table, end, f'"{end}" < collection_start() OR "{end}" > collection_end()')


def overlaps(code: str, table: str, start: str, end: str, module: str) -> Rule:
    """In date order (by end, an open period by its start), a period starts only once the one
    before it has ended: the later period is reported."""
    return query(code, start, f"""
        SELECT "CHILD", "{start}_text", "_location" FROM (
            SELECT *, lag("{end}") OVER w AS prev_end, lag("_row") OVER w AS prev_row
            FROM "w_{table}" WHERE "{start}" IS NOT NULL
            WINDOW w AS (PARTITION BY "CHILD" ORDER BY coalesce("{end}", "{start}"), "{start}", "_row"))
        WHERE prev_row IS NOT NULL AND (prev_end IS NULL OR "{start}" < prev_end)""",
        module=module)  # fmt: skip


def carried_over(code: str, table: str, start: str, end: str, module: str) -> Rule:
    """A period open at the end of last year is this year's first, with the same start."""
    rule = query(code, start, f"""
        WITH open_last AS (
            SELECT DISTINCT "CHILD", "{start}" FROM "w_{table}_last"
            WHERE "{end}_text" IS NULL AND "{start}" IS NOT NULL),
        first_now AS (
            SELECT * FROM "w_{table}"
            QUALIFY row_number() OVER (
                PARTITION BY "CHILD" ORDER BY "{start}" NULLS LAST, "_row") = 1)
        SELECT f."CHILD", f."{start}_text", f."_location" FROM first_now f
        WHERE EXISTS (SELECT 1 FROM open_last l WHERE l."CHILD" = f."CHILD")
          AND NOT EXISTS (SELECT 1 FROM open_last l
                          WHERE l."CHILD" = f."CHILD" AND l."{start}" = f."{start}")""",
        module=module)  # fmt: skip
    return replace(rule, needs=("last_year",))


def open_after_care(code: str, table: str, start: str, end: str, module: str) -> Rule:
    """A period without an end belongs to a period of care still open (one that began on or
    before it started); a child whose care has ended has none open."""
    return query(code, end, f"""
        SELECT m."CHILD", m."{start}_text", m."_location" FROM "w_{table}" m
        WHERE m."{end}_text" IS NULL AND m."{start}" IS NOT NULL
          AND EXISTS (SELECT 1 FROM "w_episodes" e WHERE e."CHILD" = m."CHILD")
          AND NOT EXISTS (SELECT 1 FROM ({PERIODS_OF_CARE}) p WHERE p."CHILD" = m."CHILD"
                          AND p.poc_end IS NULL AND p.poc_start <= m."{start}")""",
        module=module)  # fmt: skip


def before_birth(code: str, table: str, start: str) -> Rule:
    return row(code, table, start, f'"{start}" <= "DOB"')


_MISSING_TYPE = "upper(\"MISSING_text\") IN ('M', 'A')"

rule_set("ssda903", 2023).add(
    row("564", "missing", "MIS_START", f'{_MISSING_TYPE} AND "MIS_START_text" IS NULL'),
    row("565", "missing", "MISSING", '"MIS_START_text" IS NOT NULL AND "MISSING_text" IS NULL'),
    row("566", "missing", "MISSING", '"MIS_END_text" IS NOT NULL AND "MISSING_text" IS NULL'),
    ends_before_start("567", "missing", "MIS_START", "MIS_END"),
    starts_after_year("570", "missing", "MIS_START"),
    ends_outside_year("571", "missing", "MIS_END"),
    overlaps("574", "missing", "MIS_START", "MIS_END", "Missing"),
    # Missing from a placement that has ended: the missing period has ended too.
    query("575", "MIS_END", """
        SELECT DISTINCT m."CHILD", m."MIS_START_text", m."_location" FROM "w_missing" m
        JOIN "w_episodes" e USING ("CHILD")
        WHERE m."MIS_END_text" IS NULL AND e."DEC" IS NOT NULL
          AND m."MIS_START" >= e."DECOM" AND m."MIS_START" <= e."DEC"
        """, module="Missing"),
    carried_over("576", "missing", "MIS_START", "MIS_END", "Missing"),
    open_after_care("577", "missing", "MIS_START", "MIS_END", "Missing"),
    # Started to be missing after a period of care ended, and within no period of care.
    query("578", "MIS_START", f"""
        SELECT m."CHILD", m."MIS_START_text", m."_location" FROM "w_missing" m
        WHERE m."MIS_START" IS NOT NULL
          AND EXISTS (SELECT 1 FROM ({PERIODS_OF_CARE}) p
                      WHERE p."CHILD" = m."CHILD" AND p.poc_end < m."MIS_START")
          AND NOT EXISTS (SELECT 1 FROM ({PERIODS_OF_CARE}) p WHERE p."CHILD" = m."CHILD"
                          AND m."MIS_START" >= p.poc_start
                          AND (p.poc_end IS NULL OR m."MIS_START" <= p.poc_end))
        """, module="Missing"),
    # Missing on the day care ended, that day the 18th birthday: the reason is E8.
    query("580", "REC", """
        SELECT DISTINCT e."CHILD", e."REC_text", e."_location" FROM "w_episodes" e
        JOIN "w_missing" m USING ("CHILD")
        WHERE e."DEC" IS NOT NULL AND m."MIS_END" = e."DEC"
          AND m."MIS_END" = m."DOB" + INTERVAL 18 YEAR AND e."REC_text" IS DISTINCT FROM 'E8'
        """, module="Episodes"),
    # Missing before the child's first episode began.
    query("581", "MIS_START", """
        SELECT m."CHILD", m."MIS_START_text", m."_location" FROM "w_missing" m
        JOIN (SELECT "CHILD", min("DECOM") AS first_start FROM "w_episodes" GROUP BY "CHILD") f
          USING ("CHILD")
        WHERE m."MIS_START" < f.first_start
        """, module="Missing"),
    before_birth("586", "missing", "MIS_START"),
    not_a_date("1004", "missing", "MIS_START", required=True),
    not_a_date("1005", "missing", "MIS_END"),
    row("1006", "missing", "MISSING",
        "\"MISSING_text\" IS NOT NULL AND \"MISSING_text\" NOT IN ('M', 'A')"),
    origin=__name__,
)  # fmt: skip
