"""SSDA903 2022/23, the child's age at an episode: starting care at 18 (352), legal statuses and
placements by age (358, 359, 370-374) and reasons an episode ceased by age (386, 387, 389, 407,
460). Rules read `w_episodes_p`: each episode with its child's DOB."""

from __future__ import annotations

from sightline.rules.engine import Rule, rule_set
from sightline.rules.shapes import query, row

EP = "episodes_p"


def episode(code: str, field: str, fails: str) -> Rule:
    return row(code, EP, field, fails)


def started_under(code: str, place: str, years: int) -> Rule:
    """A placement of type `place` that began before the child was `years` old."""
    return episode(
        code, "DECOM", f'"PLACE_text" = \'{place}\' AND "DECOM" < "DOB" + INTERVAL {years} YEAR'
    )


def ceased(code: str, reasons: tuple[str, ...], fails: str) -> Rule:
    listed = ", ".join(f"'{r}'" for r in reasons)
    return episode(code, "REC", f'"REC_text" IN ({listed}) AND "DEC" IS NOT NULL AND ({fails})')


rule_set("ssda903", 2023).add(
    episode("352", "DECOM", '"RNE_text" = \'S\' AND "DECOM" >= "DOB" + INTERVAL 18 YEAR'),
    # Youth justice legal statuses (J1-J3) for a child under 10 when the episode began: the
    # episode and the child's header row (the DfE's rule reads LS, DECOM and DOB, in both).
    query(
        "358",
        "LS",
        """
        WITH bad AS (
            SELECT "CHILD", "LS_text", "_location" FROM "w_episodes_p"
            WHERE "LS_text" IN ('J1', 'J2', 'J3') AND "DECOM" <= "DOB" + INTERVAL 10 YEAR)
        SELECT "CHILD", "LS_text", "_location", 'Episodes' FROM bad
        UNION ALL
        SELECT h."CHILD", h."DOB_text", h."_location", 'Header' FROM "w_header" h
        WHERE h."CHILD" IN (SELECT "CHILD" FROM bad)""",
        module="Episodes",
        tables=True,
    ),
    # Looked after past 18 at 31 March: only under section 20(5) (V2) in a community home (K2).
    episode(
        "359",
        "DEC",
        """"DEC" IS NULL AND "DOB" + INTERVAL 18 YEAR < reference_date()
        AND NOT ("LS_text" = 'V2' AND "PLACE_text" = 'K2')""",
    ),
    started_under("370", "P2", 15),
    started_under("371", "H5", 14),
    started_under("372", "R5", 10),
    started_under("373", "S1", 4),
    started_under("374", "P3", 14),
    ceased("386", ("E11", "E12"), '"DEC" >= "DOB" + INTERVAL 18 YEAR'),
    ceased("387", ("E5", "E6"), '"DEC" < "DOB" + INTERVAL 14 YEAR'),
    ceased("389", ("E7",), '"DEC" < "DOB" + INTERVAL 16 YEAR'),
    ceased("407", ("E45", "E46", "E47", "E48"), '"DEC" >= "DOB" + INTERVAL 18 YEAR'),
    ceased("460", ("E17",), '"DEC" < "DOB" + INTERVAL 18 YEAR'),
    origin=__name__,
)
