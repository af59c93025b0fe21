"""Validation rules: declarations in yearly rule sets per return (`engine`), in the shapes most
rules take (`shapes`), found under this package (`cin/`, `ssda903/`), run by `validate`."""

from sightline.rules.engine import ERROR, QUERY, Query, Row, Rule, resolve, rule_set

__all__ = ["ERROR", "QUERY", "Query", "Row", "Rule", "resolve", "rule_set"]
