"""Everything the product writes is safe to open: formula-looking cells are text; names fit."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from sightline.indicators.output import render as write_rows
from sightline.problems import Problem, render
from sightline.safe_output import neutralise, safe_file_name

HOSTILE = ['=HYPERLINK("http://x","click")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.mark.parametrize("value", HOSTILE)
def test_a_cell_a_spreadsheet_would_run_is_written_as_text(value):
    assert neutralise(value) == "'" + value


def test_plain_text_and_numbers_are_left_alone():
    assert neutralise("C123") == "C123" and neutralise(-3) == -3 and neutralise(None) is None


def test_the_problem_report_csv_neutralises_a_hostile_child_id():
    problem = Problem("cin", "cin.xml", "line 3", HOSTILE[0], "LAchildID", HOSTILE[0], "100",
                      "error", "bad")  # fmt: skip
    [row] = list(csv.DictReader(io.StringIO(render([problem], "csv"))))
    assert row["child_id"] == "'" + HOSTILE[0] and row["value"] == "'" + HOSTILE[0]


def test_an_xlsx_export_holds_no_live_formula(tmp_path):
    out = tmp_path / "out.xlsx"
    write_rows([{"child": HOSTILE[0], "n": -2}], "xlsx", out, title="t")
    sheet = openpyxl.load_workbook(out).active
    assert sheet["A2"].data_type == "s" and sheet["A2"].value == "'" + HOSTILE[0]
    assert sheet["B2"].value == -2


def test_a_long_accented_name_is_shortened_by_bytes_keeping_its_extension():
    name = "é" * 200 + ".xml"  # 404 bytes
    safe = safe_file_name(name)
    assert len(safe.encode()) <= 200 and safe.endswith(".xml") and safe.startswith("é")
    assert safe_file_name("../../etc/passwd") == "passwd"
    assert safe_file_name("a\x00b.csv") == "a_b.csv"


def test_an_indicator_csv_neutralises_text_but_keeps_negative_numbers():
    text = write_rows([{"team": "=cmd|' /C calc'!A0", "change": -4}], "csv")
    [row] = list(csv.DictReader(io.StringIO(text)))
    assert row["team"].startswith("'=") and row["change"] == "-4"
