"""The `sightline indicators`, `compliance` and `benchmark` commands, over a small store."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from sightline.cli import main
from sightline.dataset import canonical_tables
from sightline.returns.problems import PROBLEM_SCHEMA
from sightline.store import Store

D = dt.date


def _write(store: Store, tmp: Path, return_: str, year: int, tables: dict) -> None:
    source = tmp / f"{return_}-{year}.txt"
    source.write_text("original file")
    store.write(
        return_=return_,
        council="372",
        year=year,
        period=(D(year - 1, 4, 1), D(year, 3, 31)),
        files=[source],
        file_years={source.name: year},
        tables=canonical_tables(tables),
        problems=PROBLEM_SCHEMA.empty_table(),
        created_by="test",
    )


@pytest.fixture
def home(tmp_path: Path) -> Path:
    store = Store(tmp_path / "home")
    _write(store, tmp_path, "cin", 2025, {
        "ssd_cin_episodes": [
            {"cine_referral_id": "R1", "cine_person_id": "A", "cine_referral_date": D(2024, 6, 3),
             "cine_referral_team": "East"},
            {"cine_referral_id": "R2", "cine_person_id": "A", "cine_referral_date": D(2025, 1, 6),
             "cine_referral_team": "West"},
        ],
    })  # fmt: skip
    _write(store, tmp_path, "cin", 2024, {
        "ssd_cin_episodes": [
            {"cine_referral_id": "R0", "cine_person_id": "A", "cine_referral_date": D(2023, 12, 1),
             "cine_close_date": D(2024, 1, 1)},
        ],
    })  # fmt: skip
    return tmp_path / "home"


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_indicators_for_the_latest_year_with_history(home: Path) -> None:
    code, out = _run(
        "indicators", "--home", str(home), "--indicator", "rereferrals", "--format", "json"
    )
    assert code == 0, out
    (row,) = json.loads(out)
    assert row["period"] == "2024-25" and row["value"] == 100.0 and row["denominator"] == 2
    assert "cin-372-2025" in row["snapshots"] and "cin-372-2024" in row["snapshots"]


def test_indicators_by_team_as_csv(home: Path) -> None:
    code, out = _run(
        "indicators",
        "--home",
        str(home),
        "--indicator",
        "referrals",
        "--breakdown",
        "team",
        "--format",
        "csv",
    )
    assert code == 0, out
    rows = {r["breakdown_value"]: r["value"] for r in csv.DictReader(io.StringIO(out))}
    assert rows == {"East": "1.0", "West": "1.0"}


def test_children_behind_a_figure(home: Path) -> None:
    code, out = _run(
        "indicators", "--home", str(home), "--children", "referrals", "--format", "csv"
    )
    assert code == 0, out
    assert sorted(r["record_id"] for r in csv.DictReader(io.StringIO(out))) == ["R1", "R2"]


def test_compliance_list_and_summary(home: Path, tmp_path: Path) -> None:
    code, out = _run("compliance", "--home", str(home), "--today", "2025-01-08", "--format", "json")
    assert code == 0, out
    events = {(r["child_id"], r["event"], r["status"]) for r in json.loads(out)}
    assert ("A", "referral_decision", "overdue") in events  # R2: 6 Jan + 1 wd = 7 Jan
    target = tmp_path / "due.xlsx"
    code, out = _run(
        "compliance",
        "--home",
        str(home),
        "--today",
        "2025-01-08",
        "--summary",
        "team",
        "--format",
        "xlsx",
        "--output",
        str(target),
    )
    assert code == 0, out
    sheet = load_workbook(target).active
    assert [c.value for c in sheet[1]][:2] == ["team", "overdue"]


def test_benchmark_reproduces_rotherham(tmp_path: Path) -> None:
    code, out = _run(
        "benchmark", "--council", "372", "--indicator", "vacancy_rate", "--home", str(tmp_path)
    )
    assert code == 0, out
    assert "Barnsley (370)" in out and "County Durham (840)" in out
    line_2017 = next(line for line in out.splitlines() if line.startswith("2017"))
    assert line_2017.split()[1:3] == ["16.6", "17.0"]


def test_benchmark_as_json_keeps_suppression_letters(tmp_path: Path) -> None:
    code, out = _run(
        "benchmark",
        "--council",
        "372",
        "--indicator",
        "cpp_2years",
        "--format",
        "json",
        "--home",
        str(tmp_path),
    )
    assert code == 0, out
    row_2025 = next(r for r in json.loads(out) if r["year"] == 2025)
    assert row_2025["council_value"] == "c" and "suppressed" in row_2025["council_reason"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["indicators", "--period", "2025-13"], "period '2025-13' not understood"),
        (["indicators", "--indicator", "nothing"], "no indicator 'nothing'"),
        (["indicators", "--breakdown", "shoe_size"], "unknown breakdown 'shoe_size'"),
        (["indicators", "--council", "999"], "no snapshots for council 999"),
        (["compliance", "--format", "xlsx"], "XLSX output needs --output"),
        (["benchmark", "--council", "999"], "no council with LA code '999'"),
    ],
)
def test_plain_messages_for_bad_requests(home: Path, args: list[str], message: str) -> None:
    code, out = _run(*args, "--home", str(home))
    assert code == 1
    assert message in out and "Traceback" not in out


def test_compliance_bands_over_a_period(home: Path) -> None:
    code, out = _run("compliance", "--home", str(home), "--bands", "2025", "--format", "json")
    assert code == 0, out
    bands = [r["band"] for r in json.loads(out)]
    assert bands[:2] == ["0 (same day)", "1-10"] and bands[-1] == "21+"


def test_the_list_of_indicators_and_its_documentation_agree() -> None:
    code, out = _run("indicators", "--list", "--format", "json")
    assert code == 0, out
    ids = [r["id"] for r in json.loads(out)]
    docs = (Path(__file__).parents[2] / "docs" / "indicators.md").read_text()
    assert [i for i in ids if f"### `{i}`" not in docs] == []


def test_compliance_without_a_date_works_at_the_end_of_the_data_and_says_so(
    home: Path, monkeypatch
) -> None:
    monkeypatch.delenv("SIGHTLINE_TODAY", raising=False)
    result = CliRunner().invoke(main, ["compliance", "--home", str(home), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert "due dates as at 31 March 2025, the end of the data" in result.stderr
    assert "Due at 2025-03-31" not in result.stdout  # json: rows only
    assert all(r["days_overdue"] < 400 for r in json.loads(result.stdout))


@pytest.mark.parametrize("period", ["2019", "2020-05"])
def test_a_period_with_no_data_is_one_line_and_a_failure(home: Path, period: str) -> None:
    code, out = _run("indicators", "--home", str(home), "--period", period)
    assert code == 1
    lines = out.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: no "), out


def test_text_tables_fit_100_columns(home: Path) -> None:
    code, out = _run("indicators", "--home", str(home))
    assert code == 0
    assert max(len(line) for line in out.splitlines()) <= 100
