"""People and events hang together across returns, dates are in order, the same seed gives the same
bytes, and injected problems are recorded."""

import csv
import datetime as dt
import itertools
import json
from pathlib import Path

from click.testing import CliRunner
from lxml import etree

from sightline.cli import main
from sightline.synth.council import Request, generate


def _d(text: str) -> dt.date:
    return dt.datetime.strptime(text, "%d/%m/%Y").date()


def test_children_looked_after_are_children_in_need_in_the_same_year(small_council: Path) -> None:
    for year in (2024, 2025):
        cin = etree.parse(str(small_council / "cin" / f"CIN_999_{year}.xml"))
        in_cin = {e.text for e in cin.iter("LAchildID")}
        # the header also holds care leavers, who need not be children in need that year
        episodes = csv.DictReader((small_council / "ssda903" / str(year) / "episodes.csv").open())
        looked_after = {row["CHILD"] for row in episodes}
        assert looked_after and looked_after <= in_cin


def test_social_workers_in_903_are_the_annex_a_and_canonical_workers(small_council: Path) -> None:
    rows = csv.DictReader((small_council / "ssda903" / "2025" / "sw_episodes.csv").open())
    workers = {row["SW_ID"] for row in rows}
    assert workers and all(w.startswith("SW") for w in workers)


def test_dates_are_in_order(small_council: Path) -> None:
    cin = etree.parse(str(small_council / "cin" / "CIN_999_2025.xml"))
    for details in cin.iter("CINdetails"):
        referral = details.findtext("CINreferralDate")
        closure = details.findtext("CINclosureDate")
        assert closure is None or referral <= closure
        for plan in details.iter("ChildProtectionPlans"):
            start, end = plan.findtext("CPPstartDate"), plan.findtext("CPPendDate")
            assert end is None or start <= end
            assert all(start <= r.text for r in plan.iter("CPPreviewDate"))
    episodes = list(csv.DictReader((small_council / "ssda903" / "2025" / "episodes.csv").open()))
    for this, after in itertools.pairwise(episodes):
        if this["DEC"]:
            assert _d(this["DECOM"]) <= _d(this["DEC"])
        if after["CHILD"] == this["CHILD"] and this["DEC"]:
            assert _d(this["DEC"]) <= _d(after["DECOM"])


def test_same_seed_gives_byte_identical_files(tmp_path: Path) -> None:
    for name in ("a", "b"):
        generate(
            Request(out=tmp_path / name, seed=5, years=[2025], children=150, inject_problems=0.05)
        )
    files_a = sorted(
        p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file()
    )
    files_b = sorted(
        p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*") if p.is_file()
    )
    assert files_a == files_b and len(files_a) > 10
    for rel in files_a:
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes(), rel


def test_injected_problems_are_in_the_files_where_the_sidecar_says(tmp_path: Path) -> None:
    generate(Request(out=tmp_path, seed=2, years=[2025], children=300, inject_problems=0.1))
    records = [json.loads(line) for line in (tmp_path / "problems.jsonl").read_text().splitlines()]
    assert {r["return"] for r in records} == {"cin", "ssda903", "annex_a"}
    for r in records:
        if r["return"] == "annex_a":
            _check_annex_a_problem(tmp_path, r)
            continue
        text = (tmp_path / r["file"]).read_text()
        line = text.split("\n")[int(r["location"].split()[1]) - 1]
        assert r["child_id"] in line or r["return"] == "cin"
        if r["value"]:
            assert r["value"] in line


def _check_annex_a_problem(folder: Path, record: dict[str, str]) -> None:
    """The cell named by the record ("List N row R", the heading) holds the recorded value."""
    from openpyxl import load_workbook

    sheet, row = record["location"].split(" row ")
    rows = list(
        load_workbook(folder / record["file"], read_only=True)[sheet].iter_rows(values_only=True)
    )
    cells = dict(zip(rows[0], rows[int(row) - 1], strict=False))
    value = cells[record["field"]]
    if isinstance(value, dt.datetime):
        value = value.date().isoformat()
    assert (value or "") == record["value"], record
    if record["field"] != "Child Unique ID":
        assert cells["Child Unique ID"] == record["child_id"], record


def test_bad_arguments_get_plain_words() -> None:
    runner = CliRunner()
    unknown = runner.invoke(main, ["synth", "--out", "x", "--like", "123"])
    assert unknown.exit_code != 0 and "no council with code '123'" in unknown.output
    too_late = runner.invoke(main, ["synth", "--out", "x", "--like", "372", "--year", "2031"])
    assert too_late.exit_code != 0 and "outside the published statistics" in too_late.output
    assert "Traceback" not in unknown.output + too_late.output


def _annex_rows(folder: Path, sheet: str) -> list[dict[str, object]]:
    from openpyxl import load_workbook

    path = next((folder / "annex_a").glob("Annex_A_*.xlsx"))
    rows = list(load_workbook(path, read_only=True)[sheet].iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=False)) for row in rows[1:]]


def test_child_protection_plans_in_annex_a_are_in_the_cin_census(small_council: Path) -> None:
    cin = etree.parse(str(small_council / "cin" / "CIN_999_2026.xml"))
    plans = set()
    for child in cin.iter("Child"):
        for plan in child.iter("ChildProtectionPlans"):
            plans.add((child.findtext(".//LAchildID"), plan.findtext("CPPstartDate")))
    listed = _annex_rows(small_council, "List 7")
    assert listed
    for row in listed:
        start = row["Child Protection Plan Start Date"]
        assert (row["Child Unique ID"], start.date().isoformat()) in plans


def test_allocated_workers_agree_between_annex_a_and_903(small_council: Path) -> None:
    rows = csv.DictReader((small_council / "ssda903" / "2026" / "sw_episodes.csv").open())
    open_worker = {r["CHILD"]: r["SW_ID"] for r in rows if not r["SW_DEC"]}
    in_care = [
        r for r in _annex_rows(small_council, "List 8") if not r["Date Ceased to be Looked After"]
    ]
    assert in_care
    agree = sum(
        open_worker.get(r["Child Unique ID"], "Unallocated") == r["Allocated Worker"]
        for r in in_care
    )
    assert agree == len(in_care)


def test_practice_settings_change_timeliness(tmp_path: Path) -> None:
    import numpy as np

    runner = CliRunner()
    result = runner.invoke(main, ["synth", "--out", str(tmp_path), "--children", "600",
                                  "--practice", "assessment_in_45wd=0.4"])  # fmt: skip
    assert result.exit_code == 0, result.output
    cin = etree.parse(str(tmp_path / "cin" / "CIN_999_2025.xml"))
    starts, ends = [], []
    for a in cin.iter("Assessments"):
        if a.findtext("AssessmentAuthorisationDate"):
            starts.append(a.findtext("AssessmentActualStartDate"))
            ends.append(a.findtext("AssessmentAuthorisationDate"))
    days = np.busday_count(
        np.array(starts, dtype="datetime64[D]"), np.array(ends, dtype="datetime64[D]")
    )
    share = float((days <= 45).mean())
    assert 0.3 < share < 0.5, share  # asked for 0.4 (bank holidays move a few either way)
    bad = runner.invoke(main, ["synth", "--out", str(tmp_path), "--practice", "speed=1"])
    assert bad.exit_code != 0 and "not a practice setting" in bad.output
