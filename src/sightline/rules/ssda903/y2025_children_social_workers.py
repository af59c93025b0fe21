"""SSDA903 2024/25, the social worker episodes: the reporting period now reaches back to 1 April
2023, so an episode that began before then needs only its ID (SW01a) and one from then its ID
and reason (SW01b); a missing reason is its own rule (SW15); the first episode of the year
continues the episode open at the end of last year (SW16a-c, with last year's return)."""

from __future__ import annotations

from sightline.rules.engine import Rule, rule_set
from sightline.rules.ssda903._children import cell, sql
from sightline.rules.ssda903.source import LAST_YEAR
from sightline.rules.ssda903.y2024_children_social_workers import (
    SW,
    ended_within,
    full_year,
    reason,
    starts_before_previous_ends,
)

# The social worker reporting period began on 1 April 2023 (the year the items were first
# collected): one year before this collection year's start.
REPORTING_START = "(collection_start() - INTERVAL 1 YEAR)"


def continues_last_year(code: str, field: str) -> Rule:
    """The child's first episode this year has the <field> of the episode still open at the end
    of last year (the latest one there, where it has no end date)."""
    return sql(code, SW, field, f"""
        WITH open_last AS (
            SELECT "CHILD", arg_max("{field}_text", ("SW_DECOM", "_row")) AS was,
                   arg_max("SW_DEC_text", ("SW_DECOM", "_row")) AS ended
            FROM "w_sw_episodes_last" WHERE "CHILD" IS NOT NULL GROUP BY "CHILD"),
        first_now AS (
            SELECT *, row_number() OVER (
                PARTITION BY "CHILD" ORDER BY "SW_DECOM" NULLS LAST, "_row") AS n
            FROM "w_sw_episodes" WHERE "CHILD" IS NOT NULL)
        SELECT f."CHILD", f."{field}_text", f."_location" FROM first_now f
        JOIN open_last o ON o."CHILD" = f."CHILD"
        WHERE f.n = 1 AND o.ended IS NULL AND f."{field}_text" IS DISTINCT FROM o.was
    """, needs=(LAST_YEAR,))  # fmt: skip


changes = rule_set("ssda903", 2025)
changes.remove("SW01STG1", "SW03STG1", "SW11aSTG2", "SW14STG2")
changes.add(
    cell(
        "SW01aSTG1",
        SW,
        "SW_ID",
        f'"SW_DECOM" IS NULL OR ("SW_DECOM" < {REPORTING_START} AND "SW_ID_text" IS NULL)',
    ),
    cell(
        "SW01bSTG1",
        SW,
        "SW_ID",
        f'"SW_DECOM" IS NULL OR ("SW_DECOM" >= {REPORTING_START} '
        'AND ("SW_ID_text" IS NULL OR "SW_REASON_text" IS NULL))',
    ),
    cell(
        "SW15STG2",
        SW,
        "SW_REASON",
        f'"SW_REASON_text" IS NULL AND NOT coalesce("SW_DECOM" < {REPORTING_START}, false)',
    ),
    continues_last_year("SW16aSTG2", "SW_ID"),
    continues_last_year("SW16bSTG2", "SW_DECOM"),
    continues_last_year("SW16cSTG2", "SW_REASON"),
    origin=__name__,
)
changes.replace(
    ended_within("SW07STG2", REPORTING_START),
    # A new episode for a first contact (FCONTA) may overlap the one before.
    starts_before_previous_ends("SW10STG2", except_reason="FCONTA"),
    full_year("SW12STG2"),
    # A missing reason is SW15's; this is a reason that is not a code.
    reason("SW13STG1", required=False),
    origin=__name__,
)
