"""`sightline validate` on a 903 return: a folder of its tables (or the tables named), last year's
return beside it, and a plain error for what is not a 903 return."""

from __future__ import annotations

import csv
import io

import openpyxl
from click.testing import CliRunner

from sightline.cli import main
from sightline.paths import samples

SAMPLE = samples() / "ssda903"


def test_a_903_folder_is_validated_by_rule():
    result = CliRunner().invoke(main, ["validate", str(SAMPLE), "--year", "2023"])
    assert result.exit_code == 0, result.output
    assert "2675 children, 903 2022/23 rules" in result.output
    assert "501 " in result.output and "Not ready to submit" in result.output
    assert "rules are not held" not in result.output and "no rules for" not in result.output


def test_a_year_outside_the_rule_sets_held_says_which_set_it_is_checked_against():
    before = CliRunner().invoke(main, ["validate", str(SAMPLE), "--year", "1999"])
    assert before.exit_code == 0, before.output
    assert before.output.splitlines()[1] == (
        "There are no rules for 1998/99 here: it is checked against the 2022/23 rules, the "
        "earliest held, so findings about its dates may not be the DfE's for its own year."
    )
    after = CliRunner().invoke(main, ["validate", str(SAMPLE), "--year", "2040"])
    assert (
        "The 2039/40 rules are not held: it is checked against the 2026/27 rules, the newest."
        in (after.output)
    )


def test_the_903_findings_come_as_csv_naming_each_tables_file():
    result = CliRunner().invoke(
        main, ["validate", str(SAMPLE), "--year", "2023", "--format", "csv"]
    )
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and {r["File"] for r in rows if r["Rule code"] == "501"} == {"episodes.csv"}
    assert all(r["CHILD"] for r in rows if r["Rule code"] == "501")


def test_what_is_not_a_903_return_is_said_so_and_nothing_checked(tmp_path):
    (tmp_path / "notes.csv").write_text("name,age\nx,1\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(tmp_path)])
    assert result.exit_code != 0
    assert "is not a readable 903 return" in result.output
    assert "Traceback" not in result.output


def test_the_councils_code_lets_the_rules_that_need_it_run_and_a_wrong_one_is_refused():
    without = CliRunner().invoke(main, ["validate", str(SAMPLE), "--year", "2023"])
    assert "411" in without.output.split("Not run:", 1)[1]
    given = CliRunner().invoke(
        main, ["validate", str(SAMPLE), "--year", "2023", "--council", "E08000016"]
    )
    assert given.exit_code == 0, given.output
    assert "411" not in "".join(line for line in given.output.splitlines() if "Not run" in line)
    wrong = CliRunner().invoke(main, ["validate", str(SAMPLE), "--council", "X1"])
    assert wrong.exit_code != 0 and "is not a local authority's ONS code" in wrong.output


def test_the_903_workbook_lists_the_rules_not_run_and_what_to_load(tmp_path):
    out = tmp_path / "report.xlsx"
    result = CliRunner().invoke(
        main, ["validate", str(SAMPLE), "--year", "2023", "--format", "xlsx", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out, read_only=True)
    assert book.sheetnames == ["Findings", "By rule", "Not run"]
    not_run = " ".join(str(r[0]) for r in book["Not run"].iter_rows(values_only=True))
    assert "last year's 903 return" in not_run and "411" in not_run
    by_rule = [str(r[0]) for r in book["By rule"].iter_rows(values_only=True)]
    assert any(line.startswith("Not run: ") and "1008" in line for line in by_rule)
