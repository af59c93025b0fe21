"""SSDA903 2022/23, episodes: an episode ends on or after it starts (356); a new episode does not
start before the previous one ends (501)."""

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
    origin=__name__,
)  # fmt: skip
