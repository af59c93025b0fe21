"""Reading the CIN census: what a performance officer relies on."""

from __future__ import annotations

from datetime import date

import pytest
from cin_census_files import census, child_xml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sightline.paths import samples
from sightline.returns.cin.read import read_cin


def _codes(result):
    return sorted((p.code, p.field) for p in result.problems)


def test_real_format_samples_read_with_year_and_council():
    fake = read_cin(samples() / "cin" / "fake_CIN_data.xml")
    assert not fake.blocked
    assert (fake.year, fake.council) == (2022, "975")
    assert fake.tables["ssd_person"].num_rows == 332
    small = read_cin(samples() / "cin" / "BAR_cin_2022.xml")
    for table in (
        "ssd_cin_assessments",
        "ssd_assessment_factors",
        "ssd_cp_plans",
        "ssd_cp_reviews",
    ):
        assert small.tables[table].num_rows > 0, table


def test_a_clean_file_gives_rows_and_no_problems():
    result = read_cin(
        census(child_xml("C1"), child_xml("C2", referral="2024-06-01", closure="2024-07-01"))
    )
    assert result.problems == []
    episodes = result.tables["ssd_cin_episodes"].to_pylist()
    assert [e["cine_referral_id"] for e in episodes] == ["C1/2024-05-01/1", "C2/2024-06-01/1"]
    assert episodes[1]["cine_close_date"] == date(2024, 7, 1)
    assert episodes[0]["source_row"] == "/Message/Children/Child[1]/CINdetails[1]"


def test_gender_current_and_sex_are_both_read():
    result = read_cin(
        census(child_xml("A", sex="<GenderCurrent>1</GenderCurrent>"), child_xml("B"), year=2024)
    )
    assert result.problems == []
    assert result.tables["ssd_person"].column("pers_sex").to_pylist() == ["1", "M"]


def test_namespaces_bom_whitespace_and_empty_elements_are_tolerated():
    data = census(
        child_xml("  C1  ", extra_details="<DateOfInitialCPC></DateOfInitialCPC><CINPlanDates/>"),
        root_attrs=' xmlns="http://www.example.org/wrong"',
    )
    result = read_cin(b"\xef\xbb\xbf" + data)
    assert _codes(result) == [("missing_field", "CINPlanStartDate")]
    assert result.tables["ssd_person"].column("pers_person_id").to_pylist() == ["C1"]


def test_dates_in_other_formats_are_reported_and_left_blank():
    result = read_cin(census(child_xml("C1", dob="02/01/2015")))
    [problem] = result.problems
    assert (problem.code, problem.field, problem.value, problem.child_id) == (
        "bad_date_format",
        "PersonBirthDate",
        "02/01/2015",
        "C1",
    )
    assert "another format" in problem.message
    assert problem.location == (
        "/Message/Children/Child[1]/ChildIdentifiers/PersonBirthDate (child from line 8)"
    )
    assert result.tables["ssd_person"].column("pers_dob").to_pylist() == [None]


def test_codes_of_the_year_are_checked_and_every_problem_reported():
    result = read_cin(
        census(
            child_xml("C1", ethnicity="XXXX", sex="<Sex>7</Sex>"), child_xml("C2", ethnicity="YYYY")
        )
    )
    assert _codes(result) == [
        ("bad_code", "Ethnicity"),
        ("bad_code", "Ethnicity"),
        ("bad_code", "Sex"),
    ]


def test_a_duplicate_child_is_reported_and_not_imported_twice():
    result = read_cin(census(child_xml("C1"), child_xml("C1", referral="2024-09-09")))
    assert _codes(result) == [("duplicate_child", "LAchildID")]
    assert "Child[1]" in result.problems[0].message
    assert result.tables["ssd_person"].num_rows == 1


def test_truncated_xml_is_refused_with_the_line_it_broke_at():
    data = census(child_xml("C1"), child_xml("C2"))
    result = read_cin(data[: len(data) // 2])
    [problem] = result.problems
    assert problem.blocks_file and problem.code == "unreadable_xml"
    assert "line" in problem.message and problem.location.startswith("line ")
    assert result.tables == {}


def test_wrong_encoding_is_refused_not_crashed():
    data = census(child_xml("Zoë")).replace(b'encoding="UTF-8"', b'encoding="UTF-8"')
    latin = data.decode("utf-8").encode("latin-1")
    result = read_cin(latin)
    assert result.blocked
    assert result.problems[0].code == "unreadable_xml"


def test_xml_of_another_kind_is_refused():
    result = read_cin(b"<?xml version='1.0'?><EXPSSDA903><CHILD/></EXPSSDA903>")
    assert result.blocked and result.problems[0].code == "not_cin"


ids = st.text(alphabet="ABCDEFGHJK0123456789", min_size=1, max_size=12)
dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31))


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    children=st.dictionaries(
        ids, st.tuples(dates, dates, st.sampled_from(["M", "F", "U"])), min_size=1, max_size=8
    )
)
def test_any_valid_children_round_trip(children):
    xml = census(
        *(
            child_xml(c, sex=f"<Sex>{s}</Sex>", dob=d.isoformat(), referral=r.isoformat())
            for c, (d, r, s) in children.items()
        )
    )
    result = read_cin(xml)
    assert result.problems == []
    people = {p["pers_person_id"]: p for p in result.tables["ssd_person"].to_pylist()}
    assert set(people) == set(children)
    episodes = {e["cine_person_id"]: e for e in result.tables["ssd_cin_episodes"].to_pylist()}
    for child, (dob, referral, sex) in children.items():
        assert (people[child]["pers_dob"], people[child]["pers_sex"]) == (dob, sex)
        assert episodes[child]["cine_referral_date"] == referral


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_raise(data):
    result = read_cin(data)
    assert result.blocked or result.tables


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=1, max_value=2000))
def test_a_census_cut_anywhere_is_refused_or_read_never_raised(cut):
    data = census(child_xml("C1"), child_xml("C2"), child_xml("C3"))
    result = read_cin(data[:cut])
    assert result.blocked or result.tables["ssd_person"].num_rows == 3


def test_a_code_given_twice_is_kept_once_and_reported():
    from sightline.paths import samples

    text = (samples() / "cin" / "fake_CIN_data.xml").read_text(encoding="utf-8")
    first = text.index("<Disability>")
    end = text.index("</Disability>", first) + len("</Disability>")
    doubled = text[:end] + text[first:end] + text[end:]
    result = read_cin(doubled.encode(), "cin.xml")
    plain = read_cin(text.encode(), "cin.xml")
    dupes = [p for p in result.problems if p.code == "duplicate_code"]
    before = [p for p in plain.problems if p.code == "duplicate_code"]
    assert len(dupes) == len(before) + 1  # each one said, none dropped in silence
    assert all(p.field == "Disability" and p.severity == "warning" for p in dupes)
    assert result.tables["ssd_disability"].num_rows == plain.tables["ssd_disability"].num_rows
    # the sample itself lists some twice: every row given is either kept or reported
    assert plain.tables["ssd_disability"].num_rows + len(before) == text.count("<Disability>")


def test_a_year_that_disagrees_with_the_reference_date_is_reported():
    from sightline.paths import samples

    text = (samples() / "cin" / "fake_CIN_data.xml").read_text(encoding="utf-8")
    import re

    year = int(re.search(r"<Year>(\d{4})</Year>", text).group(1))
    assert not [p for p in read_cin(text.encode(), "x").problems if p.code == "year_disagrees"]
    changed = re.sub(r"<Year>\d{4}</Year>", f"<Year>{year + 2}</Year>", text)
    result = read_cin(changed.encode(), "cin.xml")
    [warning] = [p for p in result.problems if p.code == "year_disagrees"]
    assert f"Year is {year + 2}" in warning.message and result.year == year + 2


def _without_header(data: bytes) -> bytes:
    start, end = data.index(b"<Header>"), data.index(b"</Header>") + len(b"</Header>")
    return data[:start] + data[end:]


@pytest.mark.parametrize(
    "data,words",
    [
        (census(child_xml("C1")).replace(b"<Year>2025</Year>", b""), "has no collection year"),
        (census(child_xml("C1")).replace(b"<Year>2025</Year>", b"<Year>20x5</Year>"), "'20x5'"),
        (_without_header(census(child_xml("C1"))), "has no header (Message/Header)"),
    ],
    ids=["no Year", "a Year that is not a year", "no Header"],
)
def test_a_census_of_no_collection_year_is_refused(data, words):
    # It would otherwise be a snapshot of no year: in no year's figures, and shown as "None".
    result = read_cin(data)
    assert result.blocked and result.problems[0].code == "missing_year", result.problems
    assert words in result.problems[0].message and "Nothing from it was imported" in (
        result.problems[0].message
    )
    assert result.tables == {}
