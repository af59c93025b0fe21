"""Reading the council's workforce census figures."""

from __future__ import annotations

from sightline.returns.csww.read import read_csww


def test_published_column_names_read_into_the_canonical_table(tmp_path):
    path = tmp_path / "csww_999_2025.csv"
    path.write_text(
        "old_la_code,la_name,time_period,inpost_fte,inpost_headcount,starters_fte,leavers_fte,agency_fte,"
        "vacancy_fte,case_holders_fte,cases,working_days_lost_fte\n"
        "999,Synthetic,2025,100.5,110,20.0,18.0,12.0,15.0,80.0,1500,900.0\n"
    )
    result = read_csww(path)
    assert result.problems == [] and (result.year, result.council) == (2025, "999")
    [row] = result.tables["csww_council_figures"].to_pylist()
    assert row["fte_in_post"] == 100.5 and row["cases"] == 1500 and row["absence_days"] == 900.0


def test_bad_numbers_are_reported_and_suppressed_cells_are_blank(tmp_path):
    path = tmp_path / "csww.csv"
    path.write_text(
        "year,fte_in_post,headcount_in_post,starters_fte,leavers_fte,agency_fte,vacancies_fte\n2024,lots,x,,1,2,3\n"
    )
    result = read_csww(path)
    assert [(p.code, p.field, p.location) for p in result.problems if p.severity == "error"] == [
        ("bad_value", "fte_in_post", "line 2")
    ]
    [row] = result.tables["csww_council_figures"].to_pylist()
    assert row["fte_in_post"] is None and row["headcount_in_post"] is None


def test_an_extra_column_blocks(tmp_path):
    path = tmp_path / "csww.csv"
    path.write_text(
        "year,fte_in_post,headcount_in_post,starters_fte,leavers_fte,agency_fte,shoe_size\n2024,1,1,1,1,1,9\n"
    )
    result = read_csww(path)
    assert result.blocked and "shoe_size" in result.problems[0].message
