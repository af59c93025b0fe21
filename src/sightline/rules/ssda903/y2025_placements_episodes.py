"""SSDA903 2024/25: rules on freeing orders (D1) withdrawn (445, 451)."""

from __future__ import annotations

from sightline.rules.engine import rule_set

rule_set("ssda903", 2025).remove("445", "451")
