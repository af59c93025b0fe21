"""The snapshot store: atomic, immutable, versioned."""

from __future__ import annotations

import json
import stat
import subprocess
import sys
from datetime import date
from pathlib import Path

import pyarrow as pa
import pytest

from sightline import canonical
from sightline.returns.problems import Problem, problems_table
from sightline.store import Store, StoreError
from sightline.store import snapshots as snapshots_module
from sightline.store.diff import DiffError, diff_snapshots


def _person(*rows: tuple[str, str]) -> pa.Table:
    return pa.Table.from_pylist(
        [
            {"pers_person_id": c, "pers_sex": s, "source_row": f"line {i}"}
            for i, (c, s) in enumerate(rows)
        ],
        schema=canonical.table("ssd_person").arrow_schema(),
    )


def _write(
    store: Store,
    tmp_path: Path,
    people: pa.Table,
    name: str = "header.csv",
    return_: str = "ssda903",
    **kw,
):
    original = tmp_path / name
    original.write_text(f"{people.num_rows} people\n")
    return store.write(
        return_=return_,
        council="999",
        year=2025,
        period=(date(2024, 4, 1), date(2025, 3, 31)),
        files=[original],
        file_years={name: 2025},
        tables={"ssd_person": people},
        problems=problems_table(
            [Problem(return_, name, "line 2", "C1", "SEX", "X", "bad_code", "error", "bad")]
        ),
        created_by="test",
        **kw,
    )


def test_a_snapshot_has_manifest_tables_problems_and_originals(tmp_path):
    store = Store(tmp_path / "home")
    snapshot = _write(store, tmp_path, _person(("C1", "M")))
    manifest = json.loads((snapshot.path / "manifest.json").read_text())
    assert manifest["return"] == "ssda903" and manifest["council"] == "999"
    assert manifest["tables"] == {"ssd_person": 1}
    assert manifest["problems"] == {"error": 1, "warning": 0}
    assert manifest["format_version"] == 1 and manifest["supersedes"] is None
    assert snapshot.read_table("ssd_person").column("pers_person_id").to_pylist() == ["C1"]
    assert snapshot.problems().num_rows == 1
    assert store.get(snapshot.id).manifest == manifest
    assert store.latest("ssda903", "999").id == snapshot.id


def test_snapshot_files_are_read_only(tmp_path):
    snapshot = _write(Store(tmp_path / "home"), tmp_path, _person(("C1", "M")))
    mode = (snapshot.path / "manifest.json").stat().st_mode
    assert not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)


def test_a_failed_write_leaves_nothing(tmp_path, monkeypatch):
    store = Store(tmp_path / "home")

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(snapshots_module.pq, "write_table", broken)
    with pytest.raises(OSError):
        _write(store, tmp_path, _person(("C1", "M")))
    assert list((tmp_path / "home" / "snapshots").iterdir()) == []


def test_stale_temporary_folders_are_never_listed_and_are_cleaned(tmp_path):
    home = tmp_path / "home"
    store = Store(home)
    _write(store, tmp_path, _person(("C1", "M")))
    dead = home / "snapshots" / ".tmp-999999999-abc"
    dead.mkdir()
    (dead / "manifest.json").write_text("{}")
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        alive = home / "snapshots" / f".tmp-{sleeper.pid}-def"
        alive.mkdir()
        assert len(store.snapshots()) == 1
        Store(home)  # the next start
        assert not dead.exists()
        assert alive.exists()  # an import still running elsewhere is left alone
    finally:
        sleeper.kill()
        sleeper.wait()


def test_an_unknown_snapshot_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="There is no snapshot 'nope'"):
        Store(tmp_path).get("nope")
    with pytest.raises(StoreError):
        Store(tmp_path).get("../etc")


def test_diff_names_children_added_removed_and_changed(tmp_path):
    store = Store(tmp_path / "home")
    old = _write(store, tmp_path, _person(("C1", "M"), ("C2", "F"), ("C3", "F")), "a.csv")
    new = _write(store, tmp_path, _person(("C3", "M"), ("C2", "F"), ("C4", "U")), "b.csv")
    result = diff_snapshots(old, new)
    assert result.added == ["C4"]
    assert result.removed == ["C1"]
    assert result.changed == {"C3": ["ssd_person"]}  # C2 moved line only: not a change
    assert "1 children added, 1 removed, 1 changed" in result.render()
    other = _write(store, tmp_path, _person(("C1", "M")), "c.xml", return_="cin")
    with pytest.raises(DiffError):
        diff_snapshots(old, other)
