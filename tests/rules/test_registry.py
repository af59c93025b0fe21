"""Every registered rule proves itself: a passing and a failing case, a unique code, a message."""

from __future__ import annotations

import pytest

from sightline.rules.registry import REGISTRY, case_tables, failing_rows, rules_for, run_rules

ALL = rules_for("cin") + rules_for("ssda903")


def test_every_rule_has_cases_a_message_and_a_unique_code():
    assert ALL, "no rules registered"
    keys = [f"{r.return_}:{r.code}" for r in ALL]
    assert len(keys) == len(set(keys)) == len(REGISTRY)
    for rule in ALL:
        assert rule.passing and rule.failing, rule.code
        assert rule.text and rule.text != rule.code, rule.code


@pytest.mark.parametrize("rule", ALL, ids=lambda r: f"{r.return_}:{r.code}")
def test_rule_passes_its_passing_cases_and_fails_its_failing_ones(rule):
    for case in rule.passing:
        assert failing_rows(rule, case_tables(case)) == []
    for case in rule.failing:
        assert failing_rows(rule, case_tables(case)), case


def test_dfe_codes_carry_the_official_message():
    [rule] = [r for r in ALL if r.code == "356"]
    assert rule.text == "The date the episode ceased is before the date the same episode started."


def test_problems_point_at_the_file_and_line():
    [rule] = [r for r in ALL if r.code == "501"]
    tables = case_tables(rule.failing[0])
    episodes = tables["ssd_cla_episodes"]
    tables["ssd_cla_episodes"] = episodes.set_column(
        episodes.schema.get_field_index("source_row"),
        "source_row",
        [["episodes.csv line 2", "episodes.csv line 3"]],
    )
    [problem] = [p for p in run_rules("ssda903", tables, 2025) if p.code == "501"]
    assert (problem.file, problem.location, problem.child_id, problem.field) == (
        "episodes.csv",
        "line 2",
        "C1",
        "DEC",
    )
    assert problem.value == "01/06/2024"
