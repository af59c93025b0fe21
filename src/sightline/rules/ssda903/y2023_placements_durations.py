"""SSDA903 2022/23, how long legal statuses and temporary placements last: police protection
(361), emergency protection (362), child assessment (363), PACE (364), respite (365, 367),
hospital, holiday and other temporary placements (375-377, 379), and how temporary placements
sit in a period of care (380, 381, 383), with the reason for placement change (225, 226) and the
provider of a temporary placement (213). An open episode lasts to 31 March."""

from __future__ import annotations

from sightline.rules.engine import Rule, rule_set
from sightline.rules.shapes import query, row

EP = "episodes_p"
TEMPORARY = "('T0', 'T1', 'T2', 'T3', 'T4')"


def lasting(code: str, status: str, days: int) -> Rule:
    """A run of episodes under legal status `status`, each starting the day the one before ended,
    lasting more than `days` days: every episode of the run."""
    return query(
        code,
        "LS",
        f"""
        WITH s AS (
            SELECT "CHILD", "LS_text", "_location", "DECOM",
                   coalesce("DEC", reference_date()) AS ends,
                   CASE WHEN lag(coalesce("DEC", reference_date())) OVER w = "DECOM"
                        THEN 0 ELSE 1 END AS starts_run
            FROM "w_episodes" WHERE "LS_text" = '{status}' AND "DECOM" IS NOT NULL
            WINDOW w AS (PARTITION BY "CHILD" ORDER BY "DECOM", "_row")
        ), runs AS (
            SELECT *, sum(starts_run) OVER (PARTITION BY "CHILD" ORDER BY "DECOM", "_location"
                                            ROWS UNBOUNDED PRECEDING) AS run FROM s
        )
        SELECT "CHILD", "LS_text", "_location" FROM (
            SELECT *, max(ends) OVER (PARTITION BY "CHILD", run)
                      - min("DECOM") OVER (PARTITION BY "CHILD", run) AS span FROM runs
        ) WHERE span > {days}""",
        module="Episodes",
    )


def temporary_over(code: str, place: str, days: int) -> Rule:
    return row(code, EP, "DEC", f"\"PLACE_text\" = '{place}' "
               f"AND \"DEC\" > \"DECOM\" + INTERVAL {days} DAY")  # fmt: skip


def returns_to_placement(code: str, also: str = "") -> Rule:
    """After a temporary placement the child returns to the placement before it (RNE P)."""
    return row(
        code,
        EP,
        "PLACE",
        f"""seq > 2 AND "prev_PLACE" IN {TEMPORARY}
        AND ("RNE_text" IS DISTINCT FROM 'P' OR "PLACE_text" IS DISTINCT FROM "prev2_PLACE"
             {also})""",
    )


def no_reason_for_temporary(code: str) -> Rule:
    """A temporary placement, and the placement it interrupts, need no reason for the change."""
    return row(
        code,
        EP,
        "REASON_PLACE_CHANGE",
        f""""PLACE_text" IN {TEMPORARY}
        AND ("REASON_PLACE_CHANGE_text" IS NOT NULL OR "prev_REASON_PLACE_CHANGE" IS NOT NULL)""",
    )


rule_set("ssda903", 2023).add(
    lasting("361", "L1", 3),
    lasting("362", "L2", 21),
    lasting("363", "L3", 7),
    lasting("364", "J2", 21),
    row(
        "365",
        EP,
        "DEC",
        '"LS_text" = \'V3\' AND coalesce("DEC", reference_date()) > "DECOM" + INTERVAL 17 DAY',
    ),
    # Respite (V3) days within the year, more than 75 for one child: each of its V3 episodes
    # with days in the year (an episode wholly before the year adds none to the total).
    query(
        "367",
        "LS",
        """
        SELECT "CHILD", "LS_text", "_location" FROM (
            SELECT *, sum(own) OVER (PARTITION BY "CHILD") AS days FROM (
                SELECT *, greatest(least(coalesce("DEC", reference_date()), reference_date())
                                   - greatest("DECOM", period_start()), 0) AS own
                FROM "w_episodes" WHERE "LS_text" = 'V3' AND "DECOM" IS NOT NULL)
        ) WHERE days > 75 AND own > 0""",
        module="Episodes",
    ),
    temporary_over("375", "T1", 42),
    temporary_over("376", "T3", 21),
    query(
        "377",
        "PLACE",
        """
        SELECT "CHILD", "PLACE_text", "_location" FROM (
            SELECT *, count(*) OVER (PARTITION BY "CHILD") AS n
            FROM "w_episodes" WHERE "PLACE_text" = 'T3'
        ) WHERE n > 2""",
        module="Episodes",
    ),
    temporary_over("379", "T4", 7),
    row("380", EP, "RNE", f"\"PLACE_text\" IN {TEMPORARY} AND \"RNE_text\" NOT IN ('P', 'B')"),
    row("381", EP, "REC", f'"PLACE_text" IN {TEMPORARY} AND "REC_text" <> \'X1\''),
    returns_to_placement("383"),
    # A placement that ended for a new one (X1, next episode P, B, T or U), neither temporary,
    # says why it changed.
    row(
        "225",
        EP,
        "REASON_PLACE_CHANGE",
        f""""REC_text" = 'X1'
        AND "REASON_PLACE_CHANGE_text" IS NULL AND "PLACE_text" NOT IN {TEMPORARY}
        AND "next_RNE" IN ('P', 'B', 'T', 'U') AND "next_PLACE" NOT IN {TEMPORARY}""",
    ),
    no_reason_for_temporary("226"),
    row(
        "213",
        EP,
        "PLACE_PROVIDER",
        f'"PLACE_text" IN {TEMPORARY} AND "PLACE_PROVIDER_text" IS NOT NULL',
    ),
    origin=__name__,
)
