"""CIN 2025/26: the DfE's rule list changes no code this year; the set is the 2024/25 set."""

from __future__ import annotations

from sightline.rules.engine import rule_set

rule_set("cin", 2026)
