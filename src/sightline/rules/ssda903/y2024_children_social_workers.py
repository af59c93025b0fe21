"""SSDA903 2023/24, the social worker episodes (SW01-SW14), new this year: a child looked after on
31 March has social worker episodes; each is complete, with an ID beginning SW or XX, real
dates within the reporting period and a valid reason; episodes follow one another without
overlap or gap and the last is open at 31 March; they cover the whole year."""

from __future__ import annotations

from sightline.rules.engine import Rule, rule_set
from sightline.rules.ssda903._children import (
    any_blank,
    cell,
    code_of_year,
    not_a_date,
    sql,
)

SW = "sw_episodes"
# The children looked after on 31 March: an episode that began by then and had not ended, other
# than a short break (V3, V4).
LOOKED_AFTER_AT_END = """
    SELECT "CHILD" FROM "w_episodes"
    WHERE "CHILD" IS NOT NULL AND "DECOM" <= collection_end()
      AND ("DEC" IS NULL OR "DEC" > collection_end())
      AND coalesce("LS_text", '') NOT IN ('V3', 'V4')"""
# Each social worker episode beside the child's next one (by start date, then row).
ORDERED = """(
    SELECT *,
        lag("SW_DEC") OVER w AS previous_end,
        row_number() OVER w AS from_first,
        row_number() OVER (PARTITION BY "CHILD" ORDER BY "SW_DECOM" DESC, "_row" DESC)
            AS from_last
    FROM "w_sw_episodes" WHERE "CHILD" IS NOT NULL AND "SW_DECOM" IS NOT NULL
    WINDOW w AS (PARTITION BY "CHILD" ORDER BY "SW_DECOM", "_row"))"""


def ended_within(code: str, start: str) -> Rule:
    """SW_DEC, where a date, is on or after `start` (the reporting period's first day) and on or
    before the collection end."""
    return cell(code, SW, "SW_DEC", f'"SW_DEC" < {start} OR "SW_DEC" > collection_end()')


def starts_before_previous_ends(code: str, *, except_reason: str | None = None) -> Rule:
    exempt = f" AND coalesce(\"SW_REASON_text\", '') <> '{except_reason}'" if except_reason else ""
    return sql(code, SW, "SW_DECOM", f"""
        SELECT "CHILD", "SW_DECOM_text", "_location" FROM {ORDERED}
        WHERE "SW_DECOM" < previous_end{exempt}""")  # fmt: skip


def full_year(code: str) -> Rule:
    """A child looked after on 31 March has social worker episodes from 1 April, or from birth,
    or from the first day in care in the year for a child who came into care after 1 April: the
    finding is on the child's episode open at 31 March, with the first social worker episode's
    start (empty where there is none at all)."""
    return sql(code, "episodes", "SW_DECOM", """
        WITH open_at_end AS (
            SELECT "CHILD", arg_max("_location", ("DECOM", "_row")) AS at FROM "w_episodes"
            WHERE "CHILD" IS NOT NULL AND "DECOM" <= collection_end()
              AND ("DEC" IS NULL OR "DEC" > collection_end())
              AND coalesce("LS_text", '') NOT IN ('V3', 'V4')
            GROUP BY "CHILD"),
        in_care_from AS (
            SELECT "CHILD", greatest(collection_start(), min("DECOM")) AS since FROM "w_episodes"
            WHERE "DECOM" <= collection_end()
              AND ("DEC" IS NULL OR "DEC" >= collection_start())
            GROUP BY "CHILD"),
        first_sw AS (
            SELECT "CHILD", min("SW_DECOM") AS first,
                   arg_min("SW_DECOM_text", ("SW_DECOM", "_row")) AS written
            FROM "w_sw_episodes" WHERE "CHILD" IS NOT NULL GROUP BY "CHILD"),
        born AS (SELECT "CHILD", min("DOB") AS dob FROM "w_header" GROUP BY "CHILD")
        SELECT o."CHILD", s.written, o.at FROM open_at_end o
        JOIN in_care_from c ON c."CHILD" = o."CHILD"
        LEFT JOIN first_sw s ON s."CHILD" = o."CHILD"
        LEFT JOIN born b ON b."CHILD" = o."CHILD"
        WHERE s."CHILD" IS NULL
           OR s.first > greatest(c.since, coalesce(b.dob, c.since))""")  # fmt: skip


def reason(code: str, *, required: bool) -> Rule:
    return code_of_year(code, SW, "SW_REASON", required=required)


def no_open_episode_after(code: str, low: str, high: str, *, gap: bool) -> Rule:
    """An episode of a child looked after on 31 March that ended between `low` and `high` with no
    episode after it (`gap`: none that starts within 5 days of its end)."""
    following = (
        'n."SW_DECOM" BETWEEN s."SW_DEC" - INTERVAL 5 DAY AND s."SW_DEC" + INTERVAL 5 DAY'
        if gap
        else 'n."SW_DECOM" >= s."SW_DECOM"'
    )
    return sql(code, SW, "SW_DEC", f"""
        SELECT s."CHILD", s."SW_DEC_text", s."_location" FROM "w_sw_episodes" s
        WHERE s."SW_DEC" BETWEEN {low} AND {high}
          AND s."CHILD" IN ({LOOKED_AFTER_AT_END}) AND NOT EXISTS (
            SELECT 1 FROM "w_sw_episodes" n
            WHERE n."CHILD" = s."CHILD" AND n."_row" <> s."_row" AND {following})""")  # fmt: skip


NOT_ENDED_BEFORE_NEXT = f"""
    SELECT "CHILD", "SW_DEC_text", "_location" FROM {ORDERED}
    WHERE from_last > 1 AND "SW_DEC_text" IS NULL"""

rule_set("ssda903", 2024).add(
    sql("SW01STG1", "episodes", "DEC", """
        SELECT e."CHILD", e."DEC_text", e."_location" FROM "w_episodes" e
        WHERE e."DECOM" <= collection_end() AND (e."DEC" IS NULL OR e."DEC" > collection_end())
          AND coalesce(e."LS_text", '') NOT IN ('V3', 'V4')
          AND NOT EXISTS (SELECT 1 FROM "w_sw_episodes" s WHERE s."CHILD" = e."CHILD")
    """),
    cell("SW02STG1", SW, "SW_ID",
         "\"SW_ID_text\" IS NOT NULL AND NOT (\"SW_ID_text\" LIKE 'SW%' OR \"SW_ID_text\" LIKE 'XX%')"),
    cell("SW03STG1", SW, "SW_ID", any_blank("SW_ID", "SW_DECOM", "SW_REASON")),
    not_a_date("SW04STG1", SW, "SW_DECOM"),
    not_a_date("SW05STG1", SW, "SW_DEC"),
    cell("SW06STG2", SW, "SW_DECOM", '"SW_DECOM" > collection_end()'),
    ended_within("SW07STG2", "collection_start()"),
    sql("SW08STG2", SW, "SW_DEC", NOT_ENDED_BEFORE_NEXT),
    cell("SW09STG2", SW, "SW_DEC", '"SW_DEC" = "SW_DECOM"'),
    starts_before_previous_ends("SW10STG2"),
    # Ended more than 5 days before 31 March with no episode starting within 5 days of the end.
    no_open_episode_after("SW11aSTG2", "DATE '0001-01-01'",
                          "collection_end() - INTERVAL 5 DAY", gap=True),
    # Ended in the last 5 days of the year with no later episode.
    no_open_episode_after("SW11bSTG2", "collection_end() - INTERVAL 5 DAY", "collection_end()",
                          gap=False),
    full_year("SW12STG2"),
    reason("SW13STG1", required=True),
    sql("SW14STG2", SW, "SW_DEC", NOT_ENDED_BEFORE_NEXT),
    origin=__name__,
)  # fmt: skip
