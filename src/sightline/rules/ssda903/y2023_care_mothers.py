"""SSDA903 2022/23, motherhood: a girl leaving care has the mother field completed (607); the
date of birth of her first child agrees with it (611, 612), with her age (620, 621), with last
year's return (624, 626) and with the year (625); care leavers not looked after this year give
no motherhood details (628).

The header's code for a girl is "2" to 2023/24 and "F" from 2024/25 (607 and 612 are restated
then with it)."""

from __future__ import annotations

from dataclasses import replace

from sightline.rules.engine import Rule, rule_set
from sightline.rules.shapes import in_module, query, row


def mother_missing(female: str) -> Rule:
    """A girl who ceased to be looked after in the year (not on respite) has MOTHER completed:
    each episode that ended her care, and her header row."""
    return query(
        "607",
        "MOTHER",
        f"""
        WITH ceased AS (
            SELECT e."CHILD", e."_location" AS e_loc, h."_location" AS h_loc, h."MOTHER_text"
            FROM "w_episodes" e JOIN "w_header" h USING ("CHILD")
            WHERE e."DEC" BETWEEN collection_start() AND collection_end()
              AND e."REC_text" IS NOT NULL AND e."REC_text" <> 'X1'
              AND coalesce(e."LS_text", '') NOT IN ('V3', 'V4')
              AND h."SEX_text" = '{female}' AND h."MOTHER_text" IS NULL)
        SELECT "CHILD", "MOTHER_text", e_loc, 'Episodes' FROM ceased
        UNION ALL SELECT DISTINCT "CHILD", "MOTHER_text", h_loc, 'Header' FROM ceased""",
        module="Header",
        tables=True,
    )


def not_a_mother(female: str) -> Rule:
    return row("612", "header", "MC_DOB",
               f"coalesce(\"MOTHER_text\", '0') = '0' AND \"SEX_text\" = '{female}' "
               "AND \"MC_DOB_text\" IS NOT NULL")  # fmt: skip


def _last(rule: Rule) -> Rule:
    return replace(rule, needs=("last_year",))


rule_set("ssda903", 2023).add(
    mother_missing("2"),
    row("611", "header", "MC_DOB", "\"MOTHER_text\" = '1' AND \"MC_DOB_text\" IS NULL"),
    not_a_mother("2"),
    # A mother is 11 or over at the start of the year.
    in_module("Header", row("620", "header", "DOB",
        "\"MOTHER_text\" = '1' AND \"DOB\" + INTERVAL 11 YEAR > collection_start()")),
    row("621", "header", "MC_DOB", '"MC_DOB" <= "DOB"'),
    _last(query("624", "MC_DOB", """
        SELECT DISTINCT h."CHILD", h."MC_DOB_text", h."_location" FROM "w_header" h
        JOIN "w_header_last" l USING ("CHILD")
        WHERE l."MC_DOB_text" IS NOT NULL AND h."MC_DOB" IS DISTINCT FROM l."MC_DOB"
        """, module="Header")),
    # The first child is born by 31 March, and by the day the mother's care ended (her last
    # episode's end).
    query("625", "MC_DOB", """
        WITH latest AS (
            SELECT * FROM "w_episodes" WHERE "DEC" IS NOT NULL
            QUALIFY row_number() OVER (PARTITION BY "CHILD" ORDER BY "DEC" DESC, "_row") = 1),
        late AS (SELECT h."CHILD", h."MC_DOB_text", h."_location" AS h_loc, e."_location" AS e_loc
                 FROM latest e JOIN "w_header" h USING ("CHILD")
                 WHERE h."MC_DOB" > collection_end() OR h."MC_DOB" > e."DEC")
        SELECT DISTINCT "CHILD", "MC_DOB_text", h_loc, 'Header' FROM late
        UNION ALL SELECT "CHILD", "MC_DOB_text", e_loc, 'Episodes' FROM late
        """, module="Header", tables=True),
    # A mother now, not a mother last year: her first child is born this year.
    _last(query("626", "MC_DOB", """
        SELECT DISTINCT h."CHILD", h."MC_DOB_text", h."_location" FROM "w_header" h
        JOIN "w_header_last" l USING ("CHILD")
        WHERE h."MOTHER_text" = '1' AND l."MOTHER_text" = '0'
          AND h."MC_DOB" < collection_start()
        """, module="Header")),
    query("628", "MOTHER", """
        SELECT h."CHILD", h."MOTHER_text", h."_location" FROM "w_header" h
        WHERE h."MOTHER_text" IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM "w_episodes" e WHERE e."CHILD" = h."CHILD")
          AND EXISTS (SELECT 1 FROM "w_oc3" o WHERE o."CHILD" = h."CHILD" AND (
              o."IN_TOUCH_text" IS NOT NULL OR o."ACTIV_text" IS NOT NULL
              OR o."ACCOM_text" IS NOT NULL))
        """, module="Header"),
    origin=__name__,
)  # fmt: skip
