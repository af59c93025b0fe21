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


def _column(sheet, wanted: str, list_name: str) -> tuple[int, str]:
    """1-based column number and heading as written of the specification column `wanted`."""
    headings = [c.value or "" for c in sheet[1]]
    [position] = [i for i, c in match_headers(list_name, headings).items() if c == wanted]
    return position + 1, headings[position]


def test_a_blank_child_id_and_a_plan_ending_before_it_started_are_reported(tmp_path):
    workbook = openpyxl.load_workbook(SAMPLE)
    plans = workbook["List 7"]
    id_col, id_heading = _column(plans, "Child Unique ID", "list_7")
    start_col, _ = _column(plans, "Child Protection Plan Start Date", "list_7")
    end_col, end_heading = _column(plans, "Child Protection Plan End Date", "list_7")
    child = str(plans.cell(3, id_col).value)
    plans.cell(2, id_col).value = None
    plans.cell(3, start_col).value = date(2023, 6, 1)
    plans.cell(3, end_col).value = date(2023, 5, 1)
    path = tmp_path / "annex.xlsx"
    workbook.save(path)
    result = read_annex_a(path)
    [blank] = [p for p in result.problems if p.location == "List 7!row 2" and p.field == id_heading]
    assert (blank.code, blank.child_id) == ("missing_field", "")
    assert result.tables["ssd_cp_plans"].num_rows == 6  # the row with no child is not loaded
    [order] = [p for p in result.problems if p.code == "dates_out_of_order"]
    assert (order.field, order.child_id, order.location) == (end_heading, child, "List 7!row 3")
    assert "before" in order.message


def test_ofsteds_template_with_a_title_row_above_the_headings_is_read(tmp_path):
    workbook = openpyxl.load_workbook(SAMPLE)
    plans = workbook["List 7"]
    rows_before = read_annex_a(SAMPLE).tables["ssd_cp_plans"].num_rows
    plans.insert_rows(1, amount=2)
    plans.cell(1, 1).value = "List 7: Child protection plans (Ofsted Annex A template)"
    path = tmp_path / "annex_template.xlsx"
    workbook.save(path)
    result = read_annex_a(path)
    assert result.tables["ssd_cp_plans"].num_rows == rows_before  # no row lost, no junk row
    [heading] = [p for p in result.problems if p.code == "heading_row"]
    assert heading.location == "List 7!row 3" and heading.severity == "warning"
    assert not [p for p in result.problems if p.location.startswith("List 7!row 1")]
    assert all(r for r in result.tables["ssd_cp_plans"].column("cppl_person_id").to_pylist())


def test_a_list_sheet_with_no_headings_is_not_read_as_junk(tmp_path):
    workbook = openpyxl.load_workbook(SAMPLE)
    sheet = workbook["List 11"] if "List 11" in workbook.sheetnames else workbook["List 10"]
    for row in sheet.iter_rows(min_row=1, max_row=1):
        for cell in row:
            cell.value = "x" if cell.value else None
    path = tmp_path / "annex.xlsx"
    workbook.save(path)
    result = read_annex_a(path)
    assert [p.code for p in result.problems if p.location == f"{sheet.title}!row 1"] == [
        "no_headings"
    ]
