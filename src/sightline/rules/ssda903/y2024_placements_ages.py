"""SSDA903 2023/24: independent living (P2) and semi-independent living (H5) from 16."""

from __future__ import annotations

from sightline.rules.engine import rule_set
from sightline.rules.ssda903.y2023_placements_ages import started_under

rule_set("ssda903", 2024).replace(
    started_under("370", "P2", 16), started_under("371", "H5", 16), origin=__name__
)
