"""SSDA903 2025/26: temporary placements include the new Z11-Z14 for 213; the return after a
temporary placement is to the same postcode too (383); reasons for placement change on open
episodes (233)."""

from __future__ import annotations

from sightline.rules.engine import rule_set
from sightline.rules.shapes import row
from sightline.rules.ssda903.y2023_placements_durations import (
    EP,
    no_reason_for_temporary,
    returns_to_placement,
)

rule_set("ssda903", 2026).replace(
    row(
        "213",
        EP,
        "PLACE_PROVIDER",
        """"PLACE_text" IN
        ('T0', 'T1', 'T2', 'T3', 'T4', 'Z11', 'Z12', 'Z13', 'Z14')
        AND "PLACE_PROVIDER_text" IS NOT NULL""",
    ),
    # The DfE's 2025/26 message names temporary placements; the check is the same.
    no_reason_for_temporary("226"),
    returns_to_placement("383", 'OR "PL_POST_text" IS DISTINCT FROM "prev2_PL_POST"'),
    origin=__name__,
)
rule_set("ssda903", 2026).add(
    row(
        "233", EP, "REASON_PLACE_CHANGE", '"DEC" IS NULL AND "REASON_PLACE_CHANGE_text" IS NOT NULL'
    ),
    origin=__name__,
)
