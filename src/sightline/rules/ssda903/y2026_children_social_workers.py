"""SSDA903 2025/26, the social worker episodes: every child's latest episode is open at 31 March
(SW17)."""

from __future__ import annotations

from sightline.rules.engine import rule_set
from sightline.rules.ssda903._children import sql
from sightline.rules.ssda903.y2024_children_social_workers import ORDERED, SW

rule_set("ssda903", 2026).add(
    sql("SW17STG2", SW, "SW_DEC", f"""
        SELECT "CHILD", "SW_DEC_text", "_location" FROM {ORDERED}
        WHERE from_last = 1 AND "SW_DEC_text" IS NOT NULL
    """),
    origin=__name__,
)  # fmt: skip
