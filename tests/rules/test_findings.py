"""A finding names what an analyst needs to fix it, as the file writes it, and every failure is
reported."""

from __future__ import annotations

from sightline.paths import samples
from sightline.rules import engine
from sightline.rules.cases import cases
from sightline.rules.ssda903 import case_tables
from sightline.rules.validate import run_rules, validate_cin

CENSUS = b"""<?xml version="1.0" encoding="utf-8"?>
<Message>
  <Header><CollectionDetails><Collection>CIN</Collection><Year>2025</Year>
    <ReferenceDate>2025-03-31</ReferenceDate></CollectionDetails>
    <Source><SourceLevel>L</SourceLevel><LEA>372</LEA></Source></Header>
  <Children>
    <Child>
      <ChildIdentifiers><LAchildID>C1</LAchildID><PersonBirthDate>2015-01-01</PersonBirthDate>
        <Sex>F</Sex></ChildIdentifiers>
      <ChildCharacteristics><Ethnicity>WBRI</Ethnicity></ChildCharacteristics>
      <CINdetails>
        <CINreferralDate>2024-06-01</CINreferralDate>
        <ReferralSource>1A</ReferralSource><PrimaryNeedCode>N1</PrimaryNeedCode>
        <CINclosureDate>2024-05-01</CINclosureDate><ReasonForClosure>RC1</ReasonForClosure>
        <ReferralNFA>0</ReferralNFA>
      </CINdetails>
      <CINdetails>
        <CINreferralDate>2024-09-01</CINreferralDate>
        <ReferralSource>1A</ReferralSource><PrimaryNeedCode>N1</PrimaryNeedCode>
        <CINclosureDate>2024-08-01</CINclosureDate><ReasonForClosure>RC1</ReasonForClosure>
        <ReferralNFA>0</ReferralNFA>
      </CINdetails>
    </Child>
  </Children>
</Message>
"""


def test_a_finding_names_code_type_message_child_module_element_line_and_value():
    result = validate_cin(CENSUS, "census.xml")
    assert result.year == 2025
    found = [f for f in result.findings.to_pylist() if f["code"] == "8630"]
    assert len(found) == 2  # both episodes, not only the first
    first = min(found, key=lambda f: f["line"])
    assert first == {
        "return_": "cin",
        "file": "census.xml",
        "code": "8630",
        "severity": "error",
        "message": "CIN Closure Date is before CIN Referral Date for the same CIN episode",
        "child_id": "C1",
        "module": "CINdetails",
        "field": "CINclosureDate",
        "line": 14,
        "location": None,
        "value": "2024-05-01",
    }


def test_queries_are_kept_apart_from_errors():
    result = validate_cin(CENSUS, "census.xml")
    kinds = {f["code"]: f["severity"] for f in result.findings.to_pylist()}
    assert kinds["8630"] == "error"
    assert all(v == "query" for k, v in kinds.items() if k.endswith("Q"))
    assert any(k.endswith("Q") for k in kinds)


def test_903_problems_point_at_the_file_and_line():
    rule = engine.resolve("ssda903", 2025)["501"]
    _, [failing] = cases(rule)
    [problem] = [p for p in run_rules("ssda903", case_tables(failing), 2025) if p.code == "501"]
    # The new episode, which started before the previous one ended, is the one in error.
    assert (problem.file, problem.location, problem.child_id, problem.field) == (
        "episodes.csv",
        "line 3",
        "1",
        "DECOM",
    )
    assert problem.value == "01/05/2024"
    assert (
        problem.message == "A new episode has started before the end date of the previous episode."
    )


def test_an_unreadable_census_is_said_so_and_checks_nothing():
    result = validate_cin(CENSUS[:300], "cut.xml")
    assert result.unreadable
    assert result.findings.num_rows == 0


def test_the_shared_sample_reports_every_failure():
    result = validate_cin(samples() / "cin" / "fake_CIN_data.xml")
    assert result.children == 332
    assert result.findings.num_rows > 1000


def test_903_respite_over_75_days_reports_the_episodes_of_the_year_only():
    from sightline.rules.cases import run_case

    rule = engine.resolve("ssda903", 2023)["367"]
    in_year = [
        {"CHILD": "1", "DECOM": f"01/{m:02d}/2022", "DEC": f"17/{m:02d}/2022", "LS": "V3"}
        for m in range(5, 10)
    ]
    before = {"CHILD": "1", "DECOM": "01/01/2022", "DEC": "10/01/2022", "LS": "V3"}
    found = run_case("ssda903", rule, {"episodes": [before, *in_year]})
    # 80 days of respite in the year: its five episodes, not the one of the year before.
    assert sorted(found.column("location").to_pylist()) == [
        f"episodes.csv line {n}" for n in range(3, 8)
    ]


def test_903_rules_naming_two_tables_report_the_row_of_each():
    from sightline.rules.cases import run_case

    # 215: care leaver (OC3) and 12-month (OC2) items for one child; 358: a youth justice legal
    # status for a child under 10, in the episode and the header's date of birth.
    for code, tables in (("215", {"OC3", "OC2"}), ("358", {"Episodes", "Header"})):
        rule = engine.resolve("ssda903", 2023)[code]
        _, failing = cases(rule)
        found = run_case("ssda903", rule, failing[0])
        assert set(found.column("module").to_pylist()) == tables, code
