"""SSDA903 2025/26, care leavers: reported last year as having died (348)."""

from __future__ import annotations

from dataclasses import replace

from sightline.rules.engine import rule_set
from sightline.rules.shapes import row
from sightline.rules.ssda903.source import LAST_YEAR

rule_set("ssda903", 2026).add(
    replace(
        row(
            "348",
            "oc3",
            "IN_TOUCH",
            """upper("IN_TOUCH_text") IS DISTINCT FROM 'DIED'
            AND EXISTS (SELECT 1 FROM "w_oc3_last" l WHERE l."CHILD" = "w_oc3"."CHILD"
                        AND upper(l."IN_TOUCH_text") = 'DIED')""",
        ),
        needs=(LAST_YEAR,),
    ),
    origin=__name__,
)
