"""SSDA903 2023/24, care leavers: under 18 at the start of the year and living in a foyer (347:
accommodation codes T1, T2)."""

from __future__ import annotations

from sightline.rules.engine import rule_set
from sightline.rules.shapes import row

rule_set("ssda903", 2024).add(
    row(
        "347",
        "oc3",
        "ACCOM",
        """upper("ACCOM_text") LIKE 'T%'
        AND "DOB" + INTERVAL 18 YEAR > period_start()""",
    ),
    origin=__name__,
)
