"""SSDA903 2022/23, episodes: an episode ends on or after it starts (356); a new episode does not
start before the previous one ends (501); the category of need holds through a change of
placement (504); a child leaving care to stay with former foster carers was fostered (516); the
reason for a change of placement is a code (1009)."""

from __future__ import annotations

from sightline.rules.engine import rule_set
from sightline.rules.shapes import query, row

rule_set("ssda903", 2023).add(
    row("356", "episodes", "DEC", '"DEC" < "DECOM"'),
    # The DfE's text: "A new episode has started before the end date of the previous episode":
    # the finding is on the new episode, at its DECOM.
    query("501", "DECOM", """
        SELECT "CHILD", "DECOM_text", "_location" FROM (
            SELECT *, lag("DEC") OVER (PARTITION BY "CHILD" ORDER BY "DECOM", "_row") AS previous_end
            FROM "w_episodes" WHERE "DECOM" IS NOT NULL
        ) WHERE "DECOM" < previous_end""", module="Episodes"),
    # An episode that follows one ended by a change of placement only (X1) on the same day keeps
    # its category of need.
    query("504", "CIN", """
        SELECT "CHILD", "CIN_text", "_location" FROM (
            SELECT *, lag("DEC") OVER w AS prev_end, lag("REC_text") OVER w AS prev_rec,
                      lag("CIN_text") OVER w AS prev_cin
            FROM "w_episodes" WHERE "DECOM" IS NOT NULL
            WINDOW w AS (PARTITION BY "CHILD" ORDER BY "DECOM", "_row"))
        WHERE prev_rec = 'X1' AND prev_end = "DECOM" AND "CIN_text" IS DISTINCT FROM prev_cin""",
        module="Episodes"),
    row("516", "episodes", "PLACE",
        "\"REC_text\" IN ('E45', 'E46') AND coalesce(\"PLACE_text\", '') "
        "NOT IN ('U1', 'U2', 'U3', 'U4', 'U5', 'U6')"),
    row("1009", "episodes", "REASON_PLACE_CHANGE",
        "\"REASON_PLACE_CHANGE_text\" IS NOT NULL "
        "AND NOT is_code('REASON_PLACE_CHANGE', \"REASON_PLACE_CHANGE_text\")"),
    origin=__name__,
)  # fmt: skip
