"""Data-quality rules: declarations (one module per family) collected by `registry`."""

from sightline.rules.registry import REGISTRY, Rule, rules_for, run_rules

__all__ = ["REGISTRY", "Rule", "rules_for", "run_rules"]
