"""CIN 2023/24: the councils formed in April 2023 (942, 943) are LA codes a UPN may carry."""

from __future__ import annotations

from sightline.rules.cin.y2023_child import CHILD, UPN_PRESENT
from sightline.rules.engine import rule_set
from sightline.rules.shapes import row

# The LA code list itself is the year's (sightline.rules.cin.LA_CODES_2024); the rule is restated
# so the set says it changed.
rule_set("cin", 2024).replace(
    row("1530", CHILD, "UPN",
        f"""{UPN_PRESENT} AND length("UPN") = 13
            AND substr("UPN", 2, 3) NOT IN (SELECT code FROM la_codes)"""),
    origin=__name__,
)  # fmt: skip
