"""SSDA903 2022/23, an episode and its neighbours: dates (353-355, 385), how a period of care
begins and ends (357, 388, 431-437), what the reason for a new episode says changed (434-436),
placements and legal statuses that do not go together (217, 336, 366, 378, 382, 384, 390, 408,
426, 445, 446, 451). Rules read `w_episodes_p` (`prev_<COL>`, `next_<COL>`: the child's episodes
in DECOM order)."""

from __future__ import annotations

from sightline.rules.engine import Rule, rule_set
from sightline.rules.shapes import row

EP = "episodes_p"
TEMPORARY = "('T0', 'T1', 'T2', 'T3', 'T4')"
# Reasons an episode ceased that end the period of care (every one but X1, new episode begins).
LEAVES_CARE = """('E2', 'E3', 'E4A', 'E4B', 'E5', 'E6', 'E7', 'E8', 'E9', 'E11', 'E12', 'E13',
    'E14', 'E15', 'E16', 'E17', 'E41', 'E45', 'E46', 'E47', 'E48')"""
SAME_PLACEMENT = " AND ".join(
    f'"{c}_text" IS NOT DISTINCT FROM "prev_{c}"'
    for c in ("PLACE", "PL_POST", "URN", "PLACE_PROVIDER")
)
SAME_LS = '"LS_text" IS NOT DISTINCT FROM "prev_LS"'


def episode(code: str, field: str, fails: str) -> Rule:
    return row(code, EP, field, fails)


def ls_with(code: str, field: str, statuses: str, places: str) -> Rule:
    return episode(code, field, f'"LS_text" IN {statuses} AND "PLACE_text" IN {places}')


HAS_PREVIOUS = "seq > 1"

rule_set("ssda903", 2023).add(
    episode("353", "DECOM", "\"DECOM\" < DATE '1991-10-14'"),
    episode("354", "DECOM", '"DECOM" > reference_date()'),
    episode("355", "DECOM", '"DECOM" = "DEC"'),
    episode("385", "DEC", '"DEC" > reference_date()'),
    # The child's first episode, begun this year, starts a period of care.
    episode(
        "357", "RNE", 'seq = 1 AND "DECOM" >= period_start() AND "RNE_text" IS DISTINCT FROM \'S\''
    ),
    # X1 (new episode begins) must be followed by an episode starting that day; and an episode
    # followed by one starting the day it ended must be X1.
    episode(
        "388",
        "REC",
        """"DEC" IS NOT NULL AND (
        ("next_DECOM" IS NOT NULL AND "REC_text" = 'X1' AND "DEC" <> "next_DECOM")
        OR ("next_DECOM" IS NOT NULL AND "REC_text" <> 'X1' AND "DEC" = "next_DECOM")
        OR (seq = n_eps AND "REC_text" = 'X1'))""",
    ),
    episode("431", "RNE", '"RNE_text" = \'S\' AND "DECOM" <= "prev_DEC"'),
    episode("432", "RNE", f'"prev_REC" IN {LEAVES_CARE} AND "RNE_text" IS DISTINCT FROM \'S\''),
    episode(
        "433",
        "RNE",
        f"""{HAS_PREVIOUS} AND "RNE_text" IN ('P', 'L', 'T', 'U', 'B')
        AND ("prev_DEC" IS NULL OR "DECOM" IS NULL OR "prev_DEC" <> "DECOM")""",
    ),
    # L: the legal status changed, the placement did not.
    episode(
        "434",
        "RNE",
        f"{HAS_PREVIOUS} AND \"RNE_text\" = 'L' AND ({SAME_LS} OR NOT ({SAME_PLACEMENT}))",
    ),
    # P, T: the placement changed, the legal status did not.
    episode(
        "435",
        "RNE",
        f"{HAS_PREVIOUS} AND \"RNE_text\" IN ('P', 'T') "
        f"AND (NOT ({SAME_LS}) OR ({SAME_PLACEMENT}))",
    ),
    # U, B: both changed.
    episode(
        "436",
        "RNE",
        f"{HAS_PREVIOUS} AND \"RNE_text\" IN ('U', 'B') AND ({SAME_LS} OR ({SAME_PLACEMENT}))",
    ),
    # Died (E2) or aged 18 and over (E15): no episode after.
    episode("437", "REC", "\"REC_text\" IN ('E2', 'E15') AND seq < n_eps"),
    episode("366", "RNE", "\"LS_text\" = 'V3' AND \"RNE_text\" IS DISTINCT FROM 'S'"),
    episode(
        "217",
        "RNE",
        """"PLACE_text" IN ('A3', 'A5') AND "DECOM" >= DATE '2015-04-01'
        AND "RNE_text" NOT IN ('S', 'T', 'U')""",
    ),
    # Placed for adoption with current foster carers (A3, A4): the episode before is a foster
    # or adoption placement.
    episode(
        "336",
        "PLACE",
        f"""{HAS_PREVIOUS} AND "PLACE_text" IN ('A3', 'A4')
        AND "prev_PLACE" NOT IN ('A3', 'A4', 'A5', 'A6', 'U1', 'U2', 'U3', 'U4', 'U5', 'U6')""",
    ),
    episode(
        "390",
        "REC",
        """"REC_text" IN ('E11', 'E12')
        AND "PLACE_text" NOT IN ('A3', 'A4', 'A5', 'A6')""",
    ),
    episode("408", "LS", "\"PLACE_text\" IN ('A5', 'A6') AND \"LS_text\" IS DISTINCT FROM 'E1'"),
    ls_with("378", "LS", "('V2')", "('P1')"),
    ls_with("382", "PLACE", "('V3', 'V4')", TEMPORARY),
    ls_with("384", "PLACE", "('V3', 'V4')", "('U1', 'U4')"),
    episode(
        "426",
        "LS",
        """"LS_text" IN ('V3', 'V4') AND EXISTS (SELECT 1 FROM "w_episodes" o
        WHERE o."CHILD" = "w_episodes_p"."CHILD" AND o."LS_text" IN ('V3', 'V4')
          AND o."LS_text" <> "w_episodes_p"."LS_text")""",
    ),
    episode("445", "LS", "\"LS_text\" = 'D1' AND \"DECOM\" > DATE '2005-12-31'"),
    episode("446", "LS", "\"LS_text\" = 'E1' AND \"DECOM\" < DATE '2005-12-01'"),
    episode("451", "LS", '"LS_text" = \'D1\' AND "DEC" IS NULL AND "REC_text" IS NULL'),
    origin=__name__,
)
