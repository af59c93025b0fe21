"""SSDA903 2024/25 changes to the rules from 500: H5 placements became K3, so an episode open
at the end of last year as H5 may start this year as K3 (503D); freeing orders (D1) are gone
(557 reads placement orders only, 555 and 556 are withdrawn); the header codes a girl "F" (607,
612)."""

from __future__ import annotations

from sightline.rules.engine import rule_set
from sightline.rules.ssda903.y2023_care_adoption import left_care_not_adopted
from sightline.rules.ssda903.y2023_care_continuity import same_as_last_year
from sightline.rules.ssda903.y2023_care_mothers import mother_missing, not_a_mother

changes = rule_set("ssda903", 2025)
changes.replace(
    same_as_last_year("503D", "PLACE", except_="\"PLACE_text\" = 'K3' AND previous_value = 'H5'"),
    left_care_not_adopted(("E1",)),
    mother_missing("F"),
    not_a_mother("F"),
    origin=__name__,
)
changes.remove("555", "556")
