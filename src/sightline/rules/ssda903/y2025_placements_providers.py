"""SSDA903 2024/25: semi-independent (H5) and independent living (P2) are withdrawn and
supported accommodation is K3 (217t and 230 deleted; 218, 221, 222 follow the new codes)."""

from __future__ import annotations

from sightline.rules.engine import rule_set
from sightline.rules.ssda903.y2023_placements_providers import (
    TEMPORARY,
    postcode_matches,
    urn_not_expected,
    urn_required,
)  # fmt: skip

rule_set("ssda903", 2025).remove("217t", "230")
rule_set("ssda903", 2025).replace(
    urn_required("218", ("P1", "P3", "R1", "R2", "R5", *TEMPORARY, "Z1")),
    postcode_matches("221", ("K1", "K2", "K3", "R3", "S1")),
    urn_not_expected("222", ("P1", "P3", "R1", "R2", "R5", *TEMPORARY, "Z1")),
    origin=__name__,
)
