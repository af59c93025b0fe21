"""Every rule set of every return resolves, and every rule in it proves itself on its own cases."""

from __future__ import annotations

import pytest

from sightline.rules import engine
from sightline.rules.cases import cases, run_case
from sightline.rules.ssda903 import DFE_TABLES

SETS = [(r, y) for r in engine.returns() for y in engine.years(r)]
RULES = {
    (r, rule.code, rule.since): rule for r, y in SETS for rule in engine.resolve(r, y).values()
}


def test_there_are_rule_sets_for_both_returns_and_each_resolves():
    assert {"cin", "ssda903"} <= set(engine.returns())
    for return_, year in SETS:
        assert engine.resolve(return_, year), (return_, year)


@pytest.mark.parametrize("key", sorted(RULES), ids=lambda k: f"{k[0]}:{k[1]}@{k[2]}")
def test_rule_passes_its_passing_cases_and_fails_its_failing_ones(key):
    return_, code, _ = key
    rule = RULES[key]
    passing, failing = cases(rule)
    assert passing and failing, f"{return_} {code} ({rule.origin}) needs passing and failing cases"
    for case in passing:
        found = run_case(return_, rule, case)
        assert found.num_rows == 0, (case, found.to_pylist())
    for case in failing:
        found = run_case(return_, rule, case)
        assert found.num_rows, case
        assert set(found.column("code").to_pylist()) == {code}
        if return_ == "ssda903":  # a row of a 903 table is reported under that table's name
            for finding in found.to_pylist():
                table = (finding["location"] or "").partition(".csv line ")[0]
                if table in DFE_TABLES:
                    assert finding["module"] == DFE_TABLES[table], (case, finding)


@pytest.mark.parametrize("key", sorted(RULES), ids=lambda k: f"{k[0]}:{k[1]}@{k[2]}")
def test_rule_has_a_message_and_names_a_module(key):
    return_, code, year = key
    rule = RULES[key]
    assert engine.message_of(return_, rule, year) != code
    assert rule.module or engine.source(return_).module_of(rule.field), code
