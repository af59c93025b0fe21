"""Elements the CIN census of the year does not have are reported; the 2026/27 pre-proceedings and
family group decision-making module is read into ssd_pre_proceedings."""

from __future__ import annotations

from datetime import date

from cin_census_files import census, child_xml

from sightline.returns.cin.read import read_cin

PRE_PROCEEDINGS = """
        <PreProceedingsandFGDM>
          <PPStartDate>2026-05-01</PPStartDate><LBPSentDate>2026-05-08</LBPSentDate>
          <FGDMMeetingOffer>1</FGDMMeetingOffer><FGDMMeetingFac>1</FGDMMeetingFac>
          <InitialPPMeetingDate>2026-05-20</InitialPPMeetingDate>
          <ReviewMeetingsCount>2</ReviewMeetingsCount>
          <StepDecisionDate>2026-09-01</StepDecisionDate><PPOutcome>B</PPOutcome>
          <CourtAppDate>2026-09-10</CourtAppDate><LetterInitCPDate>2026-09-12</LetterInitCPDate>
        </PreProceedingsandFGDM>"""


def _warnings(result, code="unknown_element"):
    return [p for p in result.problems if p.code == code]


def test_an_element_the_census_does_not_have_is_a_warning_with_its_name_and_line():
    data = census(
        child_xml(referral="2024-05-01", extra_details="<ShoeSize>9</ShoeSize>"), year=2025
    )
    result = read_cin(data)
    [warning] = _warnings(result)
    assert warning.severity == "warning" and warning.field == "ShoeSize"
    line = next(n for n, text in enumerate(data.decode().splitlines(), 1) if "ShoeSize" in text)
    assert f"line {line}" in warning.message and "CINdetails" in warning.message
    assert warning.child_id == "C1"
    assert result.tables["ssd_cin_episodes"].num_rows == 1  # the rest of the child is read


def test_unknown_elements_are_found_at_every_level():
    child = child_xml(
        extra_details="<Assessments><AssessmentActualStartDate>2024-05-02"
        "</AssessmentActualStartDate><Colour>red</Colour></Assessments>"
    )
    child = child.replace("<ChildCharacteristics>", "<Nickname>Bo</Nickname><ChildCharacteristics>")
    data = (
        census(child, year=2025)
        .replace(b"<Source>", b"<Source><Mood>fine</Mood>")
        .replace(b"</Children>", b"<Stray/></Children><Extra/>")
    )
    fields = sorted(p.field for p in _warnings(read_cin(data)))
    assert fields == ["Colour", "Extra", "Mood", "Nickname", "Stray"]


def test_the_shipped_layouts_have_no_unknown_elements():
    for year in (2023, 2024, 2025, 2026):
        assert _warnings(read_cin(census(child_xml(), year=year))) == []


def test_pre_proceedings_of_the_2026_27_census_are_read_into_their_table():
    result = read_cin(
        census(child_xml(referral="2026-04-10", extra_details=PRE_PROCEEDINGS), year=2027)
    )
    assert [p for p in result.problems if p.severity == "error"] == []
    assert _warnings(result) == []
    [row] = result.tables["ssd_pre_proceedings"].to_pylist()
    assert row["prep_table_id"] == "C1/2026-04-10/1/PP1"
    assert row["prep_person_id"] == "C1" and row["prep_referral_id"] == "C1/2026-04-10/1"
    assert row["prep_pre_pro_decision_date"] == date(2026, 5, 1)
    assert row["prep_pre_pro_letter_date"] == date(2026, 5, 8)
    assert row["prep_fgdm_offered"] is True and row["prep_fgdm_facilitated"] is True
    assert row["prep_initial_pre_pro_meeting_date"] == date(2026, 5, 20)
    assert row["prep_pre_pro_meetings_num"] == 2
    assert row["prep_agree_stepdown_issue_date"] == date(2026, 9, 1)
    assert row["prep_pre_pro_outcome"] == "B"
    assert row["prep_court_application_date"] == date(2026, 9, 10)
    assert row["prep_care_pro_letter_date"] == date(2026, 9, 12)
    assert row["source_row"].endswith("CINdetails[1]/PreProceedingsandFGDM[1]")


def test_bad_pre_proceedings_values_are_reported():
    bad = (
        PRE_PROCEEDINGS.replace("<PPOutcome>B", "<PPOutcome>Z")
        .replace("<ReviewMeetingsCount>2", "<ReviewMeetingsCount>two")
        .replace("<LBPSentDate>2026-05-08", "<LBPSentDate>8/5/2026")
    )
    result = read_cin(census(child_xml(referral="2026-04-10", extra_details=bad), year=2027))
    found = sorted((p.code, p.field) for p in result.problems if p.severity == "error")
    assert found == [
        ("bad_code", "PPOutcome"),
        ("bad_date_format", "LBPSentDate"),
        ("bad_value", "ReviewMeetingsCount"),
    ]


def test_pre_proceedings_in_an_earlier_census_are_reported_not_dropped_in_silence():
    result = read_cin(census(child_xml(extra_details=PRE_PROCEEDINGS), year=2026))
    [warning] = _warnings(result)
    assert warning.field == "PreProceedingsandFGDM" and "2026/27" in warning.message
    assert result.tables["ssd_pre_proceedings"].num_rows == 0


def test_a_census_that_declares_entities_is_refused():
    data = census(child_xml(child="&x;")).replace(
        b"<Message>", b'<!DOCTYPE Message [<!ENTITY x "C1">]>\n<Message>'
    )
    result = read_cin(data)
    assert result.blocked and result.problems[0].code == "xml_entities"
