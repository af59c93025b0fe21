"""SSDA903 2025/26 changes to the rules from 500: temporary placements Z1 became Z11-Z14, so a
placement open at the end of last year as Z1 may start this year as one of them (503D, the H5 to
K3 allowance of 2024/25 no longer applies), and Z11-Z14 are the temporary placements that need
no provider (526)."""

from __future__ import annotations

from sightline.rules.engine import rule_set
from sightline.rules.ssda903.y2023_care_continuity import same_as_last_year
from sightline.rules.ssda903.y2023_care_providers import provider_missing

rule_set("ssda903", 2026).replace(
    same_as_last_year(
        "503D", "PLACE",
        except_="\"PLACE_text\" IN ('Z11', 'Z12', 'Z13', 'Z14') AND previous_value = 'Z1'",
    ),
    provider_missing("526", ("T0", "T1", "T2", "T3", "T4", "Z11", "Z12", "Z13", "Z14")),
    origin=__name__,
)  # fmt: skip
