"""Importing: every bad input gets a clear message and leaves the store unchanged."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sightline.cli import main
from sightline.paths import samples
from sightline.returns.importer import import_files
from sightline.store import Store
from sightline.store.snapshots import PAUSE_ENV

CIN_SAMPLE = samples() / "cin" / "fake_CIN_data.xml"


def _state(home: Path) -> list[str]:
    snapshots = home / "snapshots"
    return sorted(p.name for p in snapshots.iterdir()) if snapshots.exists() else []


def _refused(store: Store, paths, code: str, **kwargs) -> str:
    before = _state(store.home)
    result = import_files(store, paths, **kwargs)
    assert not result.ok and result.snapshots == []
    assert _state(store.home) == before, "the store changed"
    blocking = [p for p in result.problems if p.blocks_file]
    assert [p.code for p in blocking] == [code], blocking
    report = json.loads(result.report_path.read_text())
    assert report["imported"] is False and report["problem_list"]
    return blocking[0].message


def test_the_real_format_samples_import(tmp_path):
    store = Store(tmp_path / "home")
    folder = tmp_path / "903"
    folder.mkdir()
    for csv in (samples() / "ssda903").glob("*.csv"):
        (folder / csv.name).write_bytes(csv.read_bytes())
    result = import_files(
        store,
        [CIN_SAMPLE, folder, samples() / "annex_a" / "Annex_A_2024_Jan.xlsx"],
        council="975",
    )
    assert result.ok, [p for p in result.problems if p.blocks_file]
    returns = sorted(s.manifest["return"] for s in result.snapshots)
    assert returns == ["annex_a", "cin", "ssda903"]
    s903 = next(s for s in result.snapshots if s.return_ == "ssda903")
    assert s903.manifest["problems"]["error"] > 0  # its data-quality problems are kept with it
    assert (
        s903.problems().num_rows
        == s903.manifest["problems"]["error"] + s903.manifest["problems"]["warning"]
    )
    assert len(s903.manifest["files"]) == 12


def test_the_903_xml_sample_imports(tmp_path):
    result = import_files(Store(tmp_path), [samples() / "ssda903" / "fake_903.xml"])
    assert result.ok and result.snapshots[0].return_ == "ssda903"


def test_a_snapshot_keeps_the_original_bytes_and_their_hash(tmp_path):
    import hashlib

    [snapshot] = import_files(Store(tmp_path), [CIN_SAMPLE]).snapshots
    [original] = snapshot.originals()
    assert original.read_bytes() == CIN_SAMPLE.read_bytes()
    assert (
        snapshot.manifest["files"][0]["sha256"]
        == hashlib.sha256(CIN_SAMPLE.read_bytes()).hexdigest()
    )
    assert snapshot.manifest["period"] == {"year": 2022, "start": "2021-04-01", "end": "2022-03-31"}
    assert snapshot.read_table("ssd_person").num_rows == 332
    assert snapshot.read_table("ssd_cla_episodes").num_rows == 0  # absent tables read empty


def test_the_same_file_twice_says_which_snapshot_has_it(tmp_path):
    store = Store(tmp_path)
    [first] = import_files(store, [CIN_SAMPLE]).snapshots
    message = _refused(store, [CIN_SAMPLE], "already_imported")
    assert first.id in message


def test_a_corrected_file_is_a_new_snapshot_that_supersedes(tmp_path):
    store = Store(tmp_path)
    [first] = import_files(store, [CIN_SAMPLE]).snapshots
    corrected = tmp_path / "fake_CIN_data.xml"
    corrected.write_bytes(CIN_SAMPLE.read_bytes().replace(b"RND000215205141", b"RND000215205142"))
    [second] = import_files(store, [corrected]).snapshots
    assert second.manifest["supersedes"] == first.id
    assert store.latest("cin", "975").id == second.id
    assert (first.path / "manifest.json").exists()  # never changed or removed


def test_truncated_xml(tmp_path):
    bad = tmp_path / "cin.xml"
    bad.write_bytes(CIN_SAMPLE.read_bytes()[:50_000])
    assert "breaks at line" in _refused(Store(tmp_path / "home"), [bad], "unreadable_xml")


def test_malformed_xml(tmp_path):
    bad = tmp_path / "cin.xml"
    bad.write_bytes(b"<Message><Children><Child></Children></Message>")
    _refused(Store(tmp_path / "home"), [bad], "unreadable_xml")


def test_utf16_with_bom_is_read(tmp_path):
    text = CIN_SAMPLE.read_text(encoding="utf-8")
    path = tmp_path / "cin16.xml"
    path.write_bytes(('<?xml version="1.0" encoding="UTF-16"?>' + text).encode("utf-16"))
    result = import_files(Store(tmp_path / "home"), [path])
    assert result.ok, result.problems[:3]


def test_a_csv_with_a_missing_column(tmp_path):
    path = tmp_path / "903" / "header.csv"
    path.parent.mkdir()
    path.write_text("CHILD,SEX,DOB,ETHNIC,UPN,MOTHER\nC1,M,01/01/2015,WBRI,A1,\n")
    assert "MC_DOB" in _refused(Store(tmp_path / "home"), [path.parent], "wrong_columns")


def test_a_folder_with_one_bad_csv_imports_nothing(tmp_path):
    folder = tmp_path / "903"
    folder.mkdir()
    (folder / "header.csv").write_text(
        "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nC1,M,01/01/2015,WBRI,A1,,\n"
    )
    (folder / "episodes.csv").write_text("CHILD,DECOM,RNE\nC1,01/04/2024,L\n")
    _refused(Store(tmp_path / "home"), [folder], "wrong_columns", year=2025)


def test_an_xlsx_with_a_renamed_sheet(tmp_path):
    workbook = openpyxl.load_workbook(samples() / "annex_a" / "Annex_A_2024_Jan.xlsx")
    workbook["List 3"].title = "Referrals"
    path = tmp_path / "annex.xlsx"
    workbook.save(path)
    message = _refused(Store(tmp_path / "home"), [path], "renamed_sheet")
    assert "'Referrals'" in message and "List 3" in message


def test_a_zip_that_is_not_a_workbook(tmp_path):
    path = tmp_path / "annex.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hi")
    # read as a zip of returns: what it holds is named and refused
    message = _refused(Store(tmp_path / "home"), [path], "not_a_return")
    assert "not a return Sightline reads" in message


def test_an_empty_file(tmp_path):
    path = tmp_path / "empty.xml"
    path.write_bytes(b"")
    _refused(Store(tmp_path / "home"), [path], "empty_file")


def test_a_file_over_the_size_limit(tmp_path, monkeypatch):
    monkeypatch.setenv("SIGHTLINE_MAX_UPLOAD_BYTES", "1000")
    assert "over the limit of 1,000 bytes" in _refused(Store(tmp_path), [CIN_SAMPLE], "too_large")


def test_a_file_of_another_kind(tmp_path):
    for name, data in [
        ("report.pdf", b"%PDF-1.4\x00\x01binary"),
        ("notes.csv", b"name,colour\nx,y\n"),
        ("other.xml", b"<Invoice/>"),
    ]:
        path = tmp_path / name
        path.write_bytes(data)
        _refused(Store(tmp_path / "home"), [path], "not_a_return")


def test_a_path_that_does_not_exist(tmp_path):
    _refused(Store(tmp_path), [tmp_path / "nowhere.xml"], "not_found")


def test_cli_import_list_show_and_diff(tmp_path):
    home = tmp_path / "home"
    runner = CliRunner()
    first = runner.invoke(main, ["import", str(CIN_SAMPLE), "--home", str(home)])
    assert first.exit_code == 0, first.output
    assert "Imported cin 975 2022" in first.output
    corrected = tmp_path / "fake_CIN_data.xml"
    corrected.write_bytes(CIN_SAMPLE.read_bytes().replace(b"RND000215205141", b"NEWCHILD1"))
    assert runner.invoke(main, ["import", str(corrected), "--home", str(home)]).exit_code == 0
    listing = runner.invoke(main, ["snapshots", "--home", str(home)])
    new_id, old_id = [line.split()[0] for line in listing.output.splitlines()]
    diff = runner.invoke(
        main, ["snapshots", "--home", str(home), "diff", old_id, new_id, "--format", "json"]
    )
    changes = json.loads(diff.output)
    assert changes["added"] == ["NEWCHILD1"] and changes["removed"] == ["RND000215205141"]
    assert changes["changed"] == {}
    show = runner.invoke(main, ["snapshots", "--home", str(home), "show", new_id])
    assert f"supersedes {old_id}" in show.output
    again = runner.invoke(main, ["import", str(CIN_SAMPLE), "--home", str(home), "--format", "csv"])
    assert again.exit_code == 1 and again.output.startswith("return_,file,location")


def test_cli_reports_problems_as_json(tmp_path):
    bad = tmp_path / "cin.xml"
    bad.write_bytes(b"<Message><Header>")
    result = CliRunner().invoke(
        main, ["import", str(bad), "--home", str(tmp_path / "h"), "--format", "json"]
    )
    assert result.exit_code == 1
    [problem] = json.loads(result.stdout)
    assert problem["code"] == "unreadable_xml" and problem["file"] == "cin.xml"


@pytest.mark.slow
def test_an_import_killed_before_its_batch_commits_leaves_the_store_consistent(tmp_path):
    home = tmp_path / "home"
    env = {**os.environ, PAUSE_ENV: "30", "SIGHTLINE_HOME": str(home)}
    process = subprocess.Popen(
        [sys.executable, "-m", "sightline.cli", "import", str(CIN_SAMPLE)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    written: list[Path] = []
    while time.monotonic() < deadline:
        written = [p for p in (home / "snapshots").glob("cin-*") if (p / "manifest.json").exists()]
        if written and list((home / "batches").glob("*.pending")):
            break
        time.sleep(0.05)
    assert written, "the import never wrote its snapshot"
    assert Store(home).snapshots() == []  # in place, but not listed before its batch commits
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert written[0].exists()  # the uncommitted snapshot is there...
    store = Store(home)  # ...until the next start cleans it
    assert store.snapshots() == []
    assert not written[0].exists()
    assert import_files(store, [CIN_SAMPLE]).ok  # and the file is not "already imported"


def test_a_903_folder_takes_the_council_the_store_already_holds(tmp_path):
    store = Store(tmp_path / "home")
    import_files(store, [CIN_SAMPLE])
    folder = tmp_path / "903"
    folder.mkdir()
    (folder / "header.csv").write_text(
        "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nC1,M,01/01/2015,WBRI,A1,,\n"
    )
    [snapshot] = import_files(store, [folder], year=2025).snapshots
    assert snapshot.council == "975"


PREFIXES = [
    b"",
    b"PK\x03\x04",
    b"\xef\xbb\xbf<Message><Children><Child>",
    b"<EXPSSDA903><CHILD>",
    b"CHILD,SEX,DOB\n",
    b"year,fte_in_post\n",
]


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(prefix=st.sampled_from(PREFIXES), data=st.binary(max_size=300))
def test_arbitrary_bytes_are_a_reported_problem_never_a_traceback(tmp_path, prefix, data):
    home = tmp_path / "home"
    path = tmp_path / "upload.bin"
    path.write_bytes(prefix + data)
    before = _state(home)
    result = import_files(Store(home), [path])
    if not result.ok:
        assert any(p.blocks_file for p in result.problems)
        assert _state(home) == before
    assert not any(p.code == "read_failed" for p in result.problems), result.problems


def test_a_zip_of_returns_is_read_as_the_files_it_holds(tmp_path):
    bundle = tmp_path / "returns_2024.zip"
    with zipfile.ZipFile(bundle, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(CIN_SAMPLE, "cin/fake_CIN_data.xml")
        for csv in (samples() / "ssda903").glob("*.csv"):
            archive.write(csv, f"903/{csv.name}")
        archive.writestr("__MACOSX/._junk", b"junk")
    store = Store(tmp_path / "home")
    result = import_files(store, [bundle], council="975")
    assert result.ok, [p.describe() for p in result.problems if p.blocks_file]
    assert sorted(s.return_ for s in result.snapshots) == ["cin", "ssda903"]
    assert [p.code for p in import_files(store, [bundle]).problems if p.blocks_file] == [
        "already_imported",
        "already_imported",
    ]


def test_a_zip_holding_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path):
    bundle = tmp_path / "returns.zip"
    with zipfile.ZipFile(bundle, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("903/header.csv", b"CHILD,SEX\n" + b"1,1\n" * 5_000_000)
    message = _refused(Store(tmp_path / "home"), [bundle], "compression_ratio")
    assert "zip file" in message


def test_an_old_style_xls_goes_to_the_workbook_reader(tmp_path):
    broken = tmp_path / "Annex_A.xls"
    broken.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    message = _refused(Store(tmp_path / "home"), [broken], "unreadable_xlsx")
    assert "binary file" not in message


def _cin_of(tmp_path: Path, la: str) -> Path:
    path = tmp_path / f"cin_{la}.xml"
    text = CIN_SAMPLE.read_text(encoding="utf-8")
    path.write_text(text.replace("<LEA>975</LEA>", f"<LEA>{la}</LEA>"), encoding="utf-8")
    return path


def test_another_councils_file_is_warned_about(tmp_path):
    store = Store(tmp_path / "home")
    assert import_files(store, [_cin_of(tmp_path, "975")]).ok
    other = import_files(store, [_cin_of(tmp_path, "372")])
    [warning] = [p for p in other.problems if p.code == "other_council"]
    assert warning.severity == "warning" and "council 372's" in warning.message


def test_another_councils_file_is_refused_when_the_store_is_pinned(tmp_path, monkeypatch):
    monkeypatch.setenv("SIGHTLINE_COUNCIL", "975")
    message = _refused(Store(tmp_path / "home"), [_cin_of(tmp_path, "372")], "other_council")
    assert "for council 975 only" in message
