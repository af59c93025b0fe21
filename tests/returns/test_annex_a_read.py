"""Reading the Ofsted Annex A workbook as councils really write it."""

from __future__ import annotations

from datetime import date

import openpyxl

from sightline.paths import samples
from sightline.returns.annex_a.read import match_headers, read_annex_a

SAMPLE = samples() / "annex_a" / "Annex_A_2024_Jan.xlsx"


def test_the_sample_workbook_reads_into_canonical_tables():
    result = read_annex_a(SAMPLE)
    assert not result.blocked
    assert result.tables["ssd_contacts"].num_rows == 5
    contact = result.tables["ssd_contacts"].to_pylist()[0]
    assert contact["cont_person_id"] == "9212044"  # a number in Excel, an ID here
    assert contact["cont_contact_date"] == date(2020, 9, 16)
    assert result.tables["ssd_cp_plans"].num_rows == 7
    assert {p.code for p in result.problems} <= {
        "bad_code",
        "missing_field",
        "unknown_heading",
        "bad_date_format",
    }
    assert all(p.location.startswith("List ") for p in result.problems)


def test_headings_match_by_name_or_pattern():
    matched = match_headers(
        "list_1",
        [
            "CHILD ID",
            "gender",
            "Ethnicity",
            "DOB - Date of Birth",
            "Age",
            "Date of contact (dd/mm/yyyy)",
            "Contact Source",
        ],
    )
    assert matched[0] == "Child Unique ID" and matched[5] == "Date of Contact"


def test_code_spellings_are_mapped_and_unknown_ones_reported(tmp_path):
    workbook = openpyxl.load_workbook(SAMPLE)
    sheet = workbook["List 1"]
    sheet["B2"] = "1 - Male"
    sheet["B3"] = "Martian"
    path = tmp_path / "annex.xlsx"
    workbook.save(path)
    result = read_annex_a(path)
    sexes = result.tables["ssd_person"].column("pers_sex").to_pylist()
    assert sexes[0] == "a) Male"
    [problem] = [p for p in result.problems if p.value == "Martian"]
    assert (problem.code, problem.field, problem.location) == ("bad_code", "Gender", "List 1!row 3")


def test_a_workbook_without_lists_is_refused(tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.title = "Summary"
    path = tmp_path / "other.xlsx"
    workbook.save(path)
    result = read_annex_a(path)
    assert result.blocked and result.problems[0].code == "not_annex_a"
