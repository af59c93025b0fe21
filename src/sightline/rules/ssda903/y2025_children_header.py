"""SSDA903 2024/25, the child's header: sex is now recorded as M, F or U (101)."""

from __future__ import annotations

from sightline.rules.engine import rule_set
from sightline.rules.ssda903._children import code_of_year

rule_set("ssda903", 2025).replace(
    code_of_year("101", "header", "SEX", required=True),
    origin=__name__,
)
