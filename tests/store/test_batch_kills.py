"""A batch is all or nothing: an import of three returns killed at random moments leaves every
snapshot of the batch or none, and the same batch then imports (or is already imported)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sightline.paths import samples
from sightline.returns.importer import import_files
from sightline.store import Store

KILLS = 12


def _batch(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "returns" / "903"
    folder.mkdir(parents=True)
    for csv in (samples() / "ssda903").glob("*.csv"):
        (folder / csv.name).write_bytes(csv.read_bytes())
    return [
        samples() / "cin" / "fake_CIN_data.xml",
        folder,
        samples() / "annex_a" / "Annex_A_2024_Jan.xlsx",
    ]


def _import(home: Path, batch: list[Path]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "sightline.cli", "import", *map(str, batch), "--council", "975"],
        env={**os.environ, "SIGHTLINE_HOME": str(home)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@pytest.mark.slow
def test_imports_killed_at_random_moments_leave_the_whole_batch_or_none(tmp_path):
    batch = _batch(tmp_path)
    started = time.monotonic()
    assert _import(tmp_path / "timing", batch).wait() == 0
    full = time.monotonic() - started
    chance = random.Random(903)
    outcomes = {"none": 0, "all": 0}
    for n in range(KILLS):
        home = tmp_path / f"home{n}"
        process = _import(home, batch)
        time.sleep(chance.uniform(0.0, full * 1.1))
        process.send_signal(signal.SIGKILL)
        process.wait()
        store = Store(home)
        returns = sorted(s.return_ for s in store.snapshots())
        assert returns in ([], ["annex_a", "cin", "ssda903"]), (n, returns)
        outcomes["all" if returns else "none"] += 1
        again = import_files(store, batch, council="975")
        if returns:
            assert {p.code for p in again.problems if p.blocks_file} == {"already_imported"}
        else:
            assert again.ok and len(again.snapshots) == 3, [p.describe() for p in again.problems]
        leftovers = [p.name for p in (home / "snapshots").iterdir() if p.name.startswith(".")]
        assert leftovers == []
        assert len(store.snapshots()) == 3
    assert outcomes["none"] > 0  # some kills landed mid-import
