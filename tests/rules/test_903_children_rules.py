"""The 903 rules on children's records (header and identity 101-120, episodes, OC2, OC3 and
adoption 131-199, integrity INT/EPI/NoE, social workers SW): every such code of every year's
DfE list is registered, and what a council relies on when it reads their findings."""

from __future__ import annotations

import re

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from sightline.rules import engine
from sightline.rules.ssda903 import rule_info_codes
from sightline.rules.validate import validate_903

YEARS = (2023, 2024, 2025, 2026, 2027)


def _ours(code: str) -> bool:
    if code.startswith(("INT", "EPI", "NoE", "SW")):
        return True
    digits = re.match(r"\d+", code)
    return bool(digits) and 100 <= int(digits.group()) <= 199


@pytest.mark.parametrize("year", YEARS)
def test_every_childrens_record_code_of_the_year_is_registered(year):
    wanted = {code for code in rule_info_codes(year) if _ours(code)}
    registered = {code for code in engine.resolve("ssda903", year) if _ours(code)}
    assert registered == wanted, (sorted(wanted - registered), sorted(registered - wanted))


def _table(**columns):
    n = len(next(iter(columns.values())))
    data = {k: pa.array(v, pa.string()) for k, v in columns.items()}
    return pa.table(data | {"_location": pa.array([f"t.csv line {i + 2}" for i in range(n)])})


def _codes(result, code):
    rows = result.findings.filter(pc.equal(result.findings.column("code"), code))
    return rows.to_pylist()


def test_a_child_missing_from_the_header_is_named_in_the_table_that_holds_it():
    header = _table(CHILD=["1"], SEX=["1"], DOB=["01/01/2015"], ETHNIC=["WBRI"])
    episodes = _table(CHILD=["1", "2"], DECOM=["01/06/2022", "01/06/2022"])
    [finding] = _codes(validate_903({"header": header, "episodes": episodes}, 2023), "INT03")
    assert (finding["child_id"], finding["module"], finding["line"]) == ("2", "Episodes", 3)


def test_the_12_month_cohort_decides_whether_an_sdq_score_is_expected():
    # Child 1 looked after since 2020; child 2 came into care in June 2022: only 1 is in the
    # OC2 cohort, so only 2's score is out of place (185) and only 1 lacks one (186).
    episodes = _table(CHILD=["1", "2"], DECOM=["01/01/2020", "01/06/2022"], RNE=["S", "S"],
                      LS=["C2", "C2"])  # fmt: skip
    oc2 = _table(CHILD=["1", "2"], DOB=["01/01/2012", "01/01/2012"], SDQ_SCORE=[None, "12"])
    result = validate_903({"episodes": episodes, "oc2": oc2}, 2023)
    assert [f["child_id"] for f in _codes(result, "185")] == ["2"]
    assert [f["child_id"] for f in _codes(result, "186")] == ["1"]


def test_last_years_rules_on_children_are_listed_as_not_run_without_it():
    episodes = _table(CHILD=["1"], DECOM=["01/01/2022"])
    without = validate_903({"episodes": episodes}, 2023)
    assert "NoE" in without.not_run and not _codes(without, "NoE")
    other = _table(CHILD=["9"], DECOM=["01/01/2021"])
    with_last = validate_903({"episodes": episodes}, 2023, last={"episodes": other})
    assert [f["child_id"] for f in _codes(with_last, "NoE")] == ["1"]


def test_the_postcode_rules_wait_for_a_postcode_reference():
    episodes = _table(CHILD=["1"], DECOM=["01/06/2022"], LS=["C2"], PL_POST=["ZZ9 9ZZ"])
    result = validate_903({"episodes": episodes}, 2023)
    assert {"164", "169", "179"} <= set(result.not_run)
    postcodes = pa.table({"postcode": ["AB1 2CD"], "easting": ["1"], "northing": ["1"]})
    loaded = validate_903({"episodes": episodes}, 2023, references={"postcodes": postcodes})
    assert [f["value"] for f in _codes(loaded, "169")] == ["ZZ9 9ZZ"]


def test_a_placement_type_withdrawn_in_october_2023_is_valid_for_episodes_begun_before():
    episodes = _table(CHILD=["1", "2"], DECOM=["01/06/2023", "01/06/2024"], PLACE=["H5", "H5"])
    result = validate_903({"episodes": episodes}, 2025)
    assert [f["child_id"] for f in _codes(result, "146")] == ["2"]


def test_the_header_uasc_flag_is_checked_where_the_return_writes_it():
    header = _table(CHILD=["1", "2"], UASC=["1", "Y"])
    assert [f["child_id"] for f in _codes(validate_903({"header": header}, 2023), "105")] == ["2"]
    no_flag = _table(CHILD=["1"])
    assert not _codes(validate_903({"header": no_flag}, 2023), "105")
