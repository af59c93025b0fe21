"""The 903 rule sets by year: every code is the DfE's, typed as the DfE types it, and a rule that
needs what was not loaded is said not to have run."""

from __future__ import annotations

import pyarrow as pa
import pytest

from sightline.rules import engine
from sightline.rules.ssda903 import rule_info_codes
from sightline.rules.validate import not_run_problems, validate_903

YEARS = (2023, 2024, 2025, 2026, 2027)
# The DfE's list by year: the 2022/23 base, then each year's added, changed and deleted codes.
DFE_COUNTS = {2023: 293, 2024: 312, 2025: 309, 2026: 315, 2027: 326}


@pytest.mark.parametrize("year", YEARS)
def test_the_dfe_list_gives_each_years_codes(year):
    assert len(rule_info_codes(year)) == DFE_COUNTS[year]


@pytest.mark.parametrize("year", YEARS)
def test_every_registered_903_code_is_the_dfes_for_its_year(year):
    registered = set(engine.resolve("ssda903", year))
    assert registered <= rule_info_codes(year), sorted(registered - rule_info_codes(year))


@pytest.mark.parametrize("year", YEARS)
def test_every_dfe_903_code_of_the_year_is_registered(year):
    missing = rule_info_codes(year) - set(engine.resolve("ssda903", year))
    assert not missing, f"{len(missing)} codes of {year} not registered: {sorted(missing)}"


def test_a_rule_that_needs_last_years_return_is_listed_as_not_run_without_it(monkeypatch):
    rule = engine.Rule("T1", "DECOM", engine.Row("episodes", "true"), needs=("last_year",))
    monkeypatch.setattr(engine, "resolve", lambda return_, year: {"T1": rule})
    episodes = pa.table({"CHILD": ["1"], "DECOM": ["01/04/2024"], "_location": ["e.csv line 2"]})
    without = validate_903({"episodes": episodes}, 2025)
    assert without.findings.num_rows == 0
    assert without.not_run == {"T1": ("last_year",)}
    [warning] = not_run_problems(without)
    assert "T1" in warning.message and "last year's 903 return" in warning.message
    with_last = validate_903({"episodes": episodes}, 2025, last={"episodes": episodes})
    assert with_last.not_run == {}
    assert with_last.findings.column("code").to_pylist() == ["T1"]


def _rows(**columns):
    n = len(next(iter(columns.values())))
    data = {k: pa.array(v, pa.string()) for k, v in columns.items()}
    return pa.table(data | {"_location": pa.array([f"t.csv line {i + 2}" for i in range(n)])})


def _found(result, code):
    return [f for f in result.findings.to_pylist() if f["code"] == code]


def test_a_return_before_the_first_set_is_checked_on_its_own_31_march():
    # a missing period that ended in 2020/21: inside the 2021 return's year, not in 2022/23's
    missing = _rows(CHILD=["1"], MISSING=["M"], MIS_START=["01/06/2020"], MIS_END=["03/06/2020"])
    early = validate_903({"missing": missing}, 2021)
    assert early.year == 2023 and early.reference_date.isoformat() == "2021-03-31"
    assert not _found(early, "571")
    assert _found(validate_903({"missing": missing}, 2023), "571")


def test_a_return_before_the_first_set_is_checked_against_its_own_years_codes():
    # F3 (part-time further education) was an activity code until 2020/21; 2021/22 replaced it
    oc3 = _rows(CHILD=["1"], DOB=["01/01/2003"], IN_TOUCH=["YES"], ACTIV=["F3"], ACCOM=["B1"])
    assert not _found(validate_903({"oc3": oc3}, 2021), "132")
    assert _found(validate_903({"oc3": oc3}, 2022), "132")
    assert _found(validate_903({"oc3": oc3}, 2023), "132")
