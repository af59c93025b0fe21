"""Rule sets by year: the DfE's codes are all there, and a set's changes must make sense."""

from __future__ import annotations

import pytest

from sightline.rules import engine
from sightline.rules.cin import rule_info_codes, rule_type
from sightline.rules.engine import ERROR, QUERY, Row, Rule


@pytest.mark.parametrize("year", [2023, 2024, 2025, 2026, 2027])
def test_every_dfe_cin_code_of_the_year_is_registered_with_its_type(year):
    rules = engine.resolve("cin", year)
    assert set(rules) == rule_info_codes(year)
    assert len(rules) == {2023: 105, 2024: 105, 2025: 109, 2026: 109, 2027: 121}[year]
    for code, rule in rules.items():
        assert rule.severity == (QUERY if rule_type(code, year) == QUERY else ERROR), code


def test_a_year_uses_its_own_changes_and_the_message_of_its_year():
    assert "1570" not in engine.resolve("cin", 2024)
    assert engine.resolve("cin", 2025)["4180"].field == "Sex"
    assert engine.resolve("cin", 2024)["4180"].field == "GenderCurrent"
    rule = engine.resolve("cin", 2025)["2886Q"]
    assert "no sex recorded" in engine.message_of("cin", rule, 2025)


def test_files_of_other_years_get_the_nearest_set():
    assert engine.set_year("cin", 2022) == 2023
    assert engine.set_year("cin", 2030) == 2027
    assert engine.set_year("cin", None) == 2027


def _toy(code: str) -> Rule:
    return Rule(code, "F", Row("T", "false"))


def test_a_set_cannot_add_what_it_inherits_nor_change_what_it_does_not(monkeypatch):
    monkeypatch.setattr(engine, "_SETS", {})
    engine.rule_set("toy", 2023).add(_toy("1"))
    engine.rule_set("toy", 2024).add(_toy("1"))
    with pytest.raises(ValueError, match="adds 1, which it inherits"):
        engine.resolve("toy", 2024)
    monkeypatch.setattr(engine, "_SETS", {})
    engine.rule_set("toy", 2023).add(_toy("1"))
    engine.rule_set("toy", 2024).remove("2")
    with pytest.raises(ValueError, match="changes 2, which no earlier year declared"):
        engine.resolve("toy", 2024)
    with pytest.raises(ValueError, match="declared twice"):
        engine.rule_set("toy", 2023).add(_toy("1"))


def test_a_later_year_replaces_and_removes(monkeypatch):
    monkeypatch.setattr(engine, "_SETS", {})
    engine.rule_set("toy", 2023).add(_toy("1"), _toy("2"))
    engine.rule_set("toy", 2024).replace(Rule("1", "G", Row("T", "true")))
    engine.rule_set("toy", 2025).remove("2")
    assert engine.resolve("toy", 2023)["1"].field == "F"
    assert engine.resolve("toy", 2024)["1"].field == "G"
    assert set(engine.resolve("toy", 2025)) == {"1"}
