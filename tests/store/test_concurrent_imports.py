"""Two imports of the same file at the same moment: one snapshot, and the other is told where it is."""

import os
import subprocess
import sys

import pytest

from sightline import paths
from sightline.store import Store
from sightline.store.snapshots import PAUSE_ENV


@pytest.mark.slow
def test_the_same_file_imported_twice_at_once_makes_one_snapshot(tmp_path):
    sample = paths.samples() / "cin" / "BAR_cin_2022.xml"
    if not sample.exists():
        pytest.skip("shared samples are not beside this checkout")
    home = tmp_path / "home"
    # Each import pauses just before its snapshot is renamed into place, so without the lock both
    # would pass the already-imported check before either had written.
    env = {**os.environ, PAUSE_ENV: "1"}
    command = [sys.executable, "-m", "sightline.cli", "import", "--home", str(home), str(sample)]
    runs = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [run.communicate(timeout=120)[0] for run in runs]

    assert len(Store(home).snapshots()) == 1
    assert sum("already imported" in output for output in outputs) == 1, outputs
