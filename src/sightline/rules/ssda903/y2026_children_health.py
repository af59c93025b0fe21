"""SSDA903 2025/26, the episodes: placement types Z11-Z14 arrive (146); a placement provider is
not recorded for placements with none (T0-T3, Z11-Z14) (178)."""

from __future__ import annotations

from sightline.rules.engine import rule_set
from sightline.rules.ssda903.y2023_children_health import placement_provider
from sightline.rules.ssda903.y2025_children_health import WITHDRAWN_2023, placement_type

rule_set("ssda903", 2026).replace(
    placement_type("146", WITHDRAWN_2023),
    placement_provider("178", "('T0', 'T1', 'T2', 'T3', 'Z11', 'Z12', 'Z13', 'Z14')"),
    origin=__name__,
)
