"""Everything the command line writes into the Sightline home (snapshots, import reports, exports,
the result cache) is for the service's own user alone, whatever the shell's umask: files 0600 (or
read-only 0400), folders 0700. A home made earlier under a looser umask is made 0700."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def sightline(*args: str, home: Path) -> subprocess.CompletedProcess:
    """The command in its own process with umask 000 (files 0666, folders 0777 unless it sets
    its own)."""
    env = {**os.environ, "SIGHTLINE_HOME": str(home)}
    env.pop("SIGHTLINE_RESULT_CACHE", None)
    done = subprocess.run(
        [sys.executable, "-c", "from sightline.cli import main; main()", *args],
        env=env, capture_output=True, text=True, timeout=600,
        preexec_fn=lambda: os.umask(0),
    )  # fmt: skip
    assert done.returncode in (0, 2), done.stdout + done.stderr
    return done


def loose(home: Path) -> list[str]:
    found = []
    for path in [home, *home.rglob("*")]:
        mode = stat.S_IMODE(path.lstat().st_mode)
        if path.is_dir() and mode != 0o700:
            found.append(f"{path.relative_to(home)}/ {mode:o}")
        elif path.is_file() and mode & 0o077:
            found.append(f"{path.relative_to(home)} {mode:o}")
    return found


def test_what_the_command_line_writes_into_the_home_is_private(tmp_path):
    council, home = tmp_path / "council", tmp_path / "home"
    home.mkdir(mode=0o755)
    home.chmod(0o755)  # made earlier by someone with a looser umask
    sightline("synth", "--out", str(council), "--children", "60", "--seed", "3", home=home)
    sightline("import", str(council), home=home)
    exports = home / "exports"
    exports.mkdir()
    exports.chmod(0o777)
    sightline(
        "indicators", "--format", "csv", "--output", str(exports / "scorecard.csv"), home=home
    )
    sightline("compliance", "--format", "xlsx", "--output", str(exports / "due.xlsx"), home=home)
    written = {p.relative_to(home).parts[0] for p in home.rglob("*") if p.is_file()}
    assert {"snapshots", "exports"} <= written, written
    assert (exports / "scorecard.csv").exists() and (exports / "due.xlsx").exists()
    # The exports folder was made 0777 by hand: what is in it is still the service's alone.
    exports.chmod(0o700)
    assert not loose(home), loose(home)
