"""The workforce census XML imports like every return: in a batch, all or nothing, within limits."""

from __future__ import annotations

from pathlib import Path

from test_csww_xml_read import CLEAN, census, worker

from sightline.paths import samples
from sightline.returns.importer import import_files
from sightline.returns.limits import MAX_ROWS_ENV
from sightline.store import Store

CIN_SAMPLE = samples() / "cin" / "fake_CIN_data.xml"


def _write(folder: Path, name: str, data: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    return path


def test_a_workforce_census_xml_imports_beside_a_cin_census(tmp_path):
    store = Store(tmp_path / "home")
    csww = _write(tmp_path / "in", "csww_372_2025.xml", CLEAN)
    result = import_files(store, [CIN_SAMPLE, csww])
    assert result.ok, result.problems
    [snapshot] = store.snapshots("csww")
    assert snapshot.year == 2025
    [figures] = snapshot.read_table("csww_council_figures").to_pylist()
    assert figures["headcount_in_post"] == 2
    assert snapshot.read_table("ssd_professionals").num_rows == 4
    assert len(store.snapshots()) == 2


def test_a_hostile_workforce_census_in_a_batch_imports_nothing_of_the_batch(tmp_path):
    store = Store(tmp_path / "home")
    prologue = '<!DOCTYPE Message [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
    hostile = _write(
        tmp_path / "in",
        "csww.xml",
        census(worker("SW1", extra="<QualInst>&b;</QualInst>"), prologue=prologue),
    )
    result = import_files(store, [CIN_SAMPLE, hostile])
    assert not result.ok and store.snapshots() == []
    [blocking] = [p for p in result.problems if p.blocks_file]
    assert blocking.code == "xml_entities" and blocking.file == "csww.xml"
    assert import_files(store, [CIN_SAMPLE]).ok  # the good file alone then imports


def test_a_workforce_census_over_the_row_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv(MAX_ROWS_ENV, "2")
    store = Store(tmp_path / "home")
    path = _write(tmp_path / "in", "csww.xml", CLEAN)
    result = import_files(store, [path])
    assert not result.ok and store.snapshots() == []
    assert [p.code for p in result.problems if p.blocks_file] == ["too_many_rows"]
