"""SSDA903 2025/26: the other-arrangements codes Z11-Z14 replace Z1 for 218 and 222; outside
England is the placement authority codes CON, NIR, SCO, WAL, NUK."""

from __future__ import annotations

from sightline.rules.engine import rule_set
from sightline.rules.ssda903.y2023_placements_providers import (
    TEMPORARY,
    urn_not_expected,
    urn_required,
)  # fmt: skip

Z = ("Z11", "Z12", "Z13", "Z14")
OUTSIDE = "upper(coalesce(\"PL_LA\", '')) IN ('CON', 'NIR', 'SCO', 'WAL', 'NUK')"

rule_set("ssda903", 2026).replace(
    urn_required("218", ("P1", "P3", "R1", "R2", "R5", *TEMPORARY, *Z), OUTSIDE),
    urn_not_expected("222", ("P1", "P3", "R1", "R2", "R5", *TEMPORARY, *Z)),
    origin=__name__,
)
