"""SSDA903 2025/26: a child under 10 cannot change placement for custody (234)."""

from __future__ import annotations

from sightline.rules.engine import rule_set
from sightline.rules.ssda903.y2023_placements_ages import episode

rule_set("ssda903", 2026).add(
    episode(
        "234",
        "REASON_PLACE_CHANGE",
        """upper("REASON_PLACE_CHANGE_text") = 'CUSTOD'
        AND "DECOM" < "DOB" + INTERVAL 10 YEAR""",
    ),
    origin=__name__,
)
