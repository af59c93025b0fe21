"""SSDA903 2025/26: a placement more than 350 miles from home (454; 999.9 is the DfE's code for
a distance not known)."""

from __future__ import annotations

from sightline.rules.engine import rule_set
from sightline.rules.shapes import row
from sightline.rules.ssda903.y2023_placements_location import EP, needing

rule_set("ssda903", 2026).add(
    needing(
        row("454", EP, "PL_DISTANCE", '"PL_DISTANCE" > 350 AND "PL_DISTANCE" <> 999.9'), "postcodes"
    ),
    origin=__name__,
)
