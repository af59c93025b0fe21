"""SSDA903 2022/23, the OC2 items of children looked after for 12 months and the adoption
decisions (180-199): the SDQ score and reason fit the child's age and time in care; the 12-month
items are 0 or 1, complete for the cohort and blank for everyone else; a decision to place for
adoption is not before birth; a child adopted from care does not return."""

from __future__ import annotations

from sightline.rules.engine import Rule, rule_set
from sightline.rules.shapes import query
from sightline.rules.ssda903._children import (
    CONTINUOUSLY_LOOKED_AFTER,
    any_blank,
    any_written,
    cell,
    code_of_year,
    sql,
)

OC2_ITEMS = (
    "CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT",
    "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED",
)  # fmt: skip
HEALTH = ("IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE")
OTHERS = ("CONVICTED", "HEALTH_CHECK", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED")
OC3_ITEMS = ("IN_TOUCH", "ACTIV", "ACCOM")
AD1_ITEMS = ("DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR")
IN_COHORT = f'"CHILD" IN ({CONTINUOUSLY_LOOKED_AFTER})'
NOT_IN_COHORT = f'"CHILD" NOT IN ({CONTINUOUSLY_LOOKED_AFTER})'


def oc2(code: str, field: str, where: str) -> Rule:
    """OC2 rows where `where` holds (SQL on w_oc2)."""
    return sql(code, "oc2", field,
               f'SELECT "CHILD", "{field}_text", "_location" FROM "w_oc2" WHERE {where}')  # fmt: skip


def birthday(years: int) -> str:
    return f'"DOB" + INTERVAL {years} YEAR'


rule_set("ssda903", 2023).add(
    cell("180", "oc2", "SDQ_SCORE",
         "\"SDQ_SCORE_text\" IS NOT NULL AND NOT coalesce("
         'TRY_CAST("SDQ_SCORE_text" AS DOUBLE) BETWEEN 0 AND 40 '
         'AND TRY_CAST("SDQ_SCORE_text" AS DOUBLE) % 1 = 0, false)'),
    cell("181", "oc2", "CONVICTED", " OR ".join(
        f"(\"{f}_text\" IS NOT NULL AND \"{f}_text\" NOT IN ('0', '1'))" for f in OC2_ITEMS)),
    cell("182", "oc2", "IMMUNISATIONS", f"{any_blank(*HEALTH)} AND {any_written(*OTHERS)}"),
    sql("184", "placed_for_adoption", "DATE_PLACED", """
        SELECT p."CHILD", p."DATE_PLACED_text", p."_location" FROM "w_placed_for_adoption" p
        JOIN "w_header" h ON h."CHILD" = p."CHILD"
        WHERE p."DATE_PLACED" < h."DOB"
    """),
    oc2("185", "SDQ_SCORE", f'"SDQ_SCORE_text" IS NOT NULL AND {NOT_IN_COHORT}'),
    oc2("186", "SDQ_SCORE",
        f"{birthday(4)} <= collection_start() AND {birthday(17)} > collection_end() "
        f'AND "SDQ_SCORE_text" IS NULL AND "SDQ_REASON_text" IS NULL AND {IN_COHORT}'),
    # The 12-month cohort has neither care leaver (OC3) nor adoption (AD1) items.
    query("187", "IN_TOUCH", f"""
        SELECT "CHILD", "IN_TOUCH_text", "_location", 'OC3' FROM "w_oc3"
        WHERE {any_written(*OC3_ITEMS)} AND {IN_COHORT}
        UNION ALL
        SELECT "CHILD", "DATE_INT_text", "_location", 'AD1' FROM "w_ad1"
        WHERE {any_written(*AD1_ITEMS)} AND {IN_COHORT}
    """, module="OC3", tables=True),
    oc2("188", "SDQ_SCORE",
        f"{birthday(4)} > collection_end() AND {any_written('SDQ_SCORE', 'SDQ_REASON')}"),
    oc2("189", "SDQ_SCORE",
        f"{birthday(17)} < collection_start() AND {any_written('SDQ_SCORE', 'SDQ_REASON')}"),
    oc2("190", "CONVICTED", f"{any_written(*OC2_ITEMS)} AND {NOT_IN_COHORT}"),
    # The cohort's health items are all completed, and every child of the cohort has an OC2
    # row (else the finding is on the child's first episode).
    query("191", "IMMUNISATIONS", f"""
        SELECT "CHILD", "IMMUNISATIONS_text", "_location", 'OC2' FROM "w_oc2"
        WHERE {any_blank(*HEALTH)} AND {IN_COHORT}
        UNION ALL
        SELECT "CHILD", NULL, arg_min("_location", ("DECOM", "_row")), 'Episodes' FROM "w_episodes"
        WHERE {IN_COHORT} AND "CHILD" NOT IN (
            SELECT "CHILD" FROM "w_oc2" WHERE "CHILD" IS NOT NULL)
        GROUP BY "CHILD"
    """, module="OC2", tables=True),
    cell("192", "oc2", "INTERVENTION_RECEIVED",
         '"SUBSTANCE_MISUSE_text" = \'1\' AND "INTERVENTION_RECEIVED_text" IS NULL'),
    cell("193", "oc2", "INTERVENTION_RECEIVED",
         "coalesce(\"SUBSTANCE_MISUSE_text\", '0') = '0' AND "
         + any_written("INTERVENTION_RECEIVED", "INTERVENTION_OFFERED")),
    code_of_year("196", "oc2", "SDQ_REASON"),
    # A child who turns 4 or 17 in the year, looked after for 12 months, has a score or a reason.
    oc2("197B", "SDQ_REASON",
        f"({birthday(4)} BETWEEN collection_start() AND collection_end() "
        f"OR {birthday(17)} BETWEEN collection_start() AND collection_end()) "
        f'AND "SDQ_SCORE_text" IS NULL AND "SDQ_REASON_text" IS NULL AND {IN_COHORT}'),
    cell("197a", "oc2", "SDQ_REASON",
         '"SDQ_SCORE_text" IS NOT NULL AND "SDQ_REASON_text" IS NOT NULL'),
    oc2("198", "SDQ_REASON", f'"SDQ_REASON_text" IS NOT NULL AND {NOT_IN_COHORT}'),
    # An episode of this year that starts after an episode (this year's or last year's, where
    # loaded) ended in adoption (E11, E12).
    sql("199", "episodes", "CHILD", """
        SELECT e."CHILD", e."DECOM_text", e."_location" FROM "w_episodes" e
        WHERE e."DECOM" IS NOT NULL AND EXISTS (
            SELECT 1 FROM (
                SELECT "CHILD", "DECOM", "_row", false AS last_year FROM "w_episodes"
                WHERE "REC_text" IN ('E11', 'E12')
                UNION ALL
                SELECT "CHILD", "DECOM", "_row", true FROM "w_episodes_last"
                WHERE "REC_text" IN ('E11', 'E12')
            ) a
            WHERE a."CHILD" = e."CHILD" AND a."DECOM" IS NOT NULL
              AND (a.last_year OR a."DECOM" < e."DECOM"
                   OR (a."DECOM" = e."DECOM" AND a."_row" < e."_row")))
    """),
    origin=__name__,
)  # fmt: skip
