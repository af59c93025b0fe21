"""SSDA903 2024/25: independent living (P2) is withdrawn (370 deleted); supported accommodation
(K3) from 16 (371)."""

from __future__ import annotations

from sightline.rules.engine import rule_set
from sightline.rules.ssda903.y2023_placements_ages import started_under

rule_set("ssda903", 2025).remove("370")
rule_set("ssda903", 2025).replace(started_under("371", "K3", 16), origin=__name__)
