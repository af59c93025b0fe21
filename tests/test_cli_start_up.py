"""What the commands load: `sightline --help` none of the engine, and checking or importing a CIN
census only what that uses (not the web's Django, not the XLSX writer, not the network client,
not the 903 rules and their specification), each in a fresh process (`sys.modules` there)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from sightline.paths import samples

CIN_SAMPLE = samples() / "cin" / "fake_CIN_data.xml"
NEVER = ("django", "openpyxl", "fpdf", "pandas", "requests", "sightline.web")


def _loaded(*args: str) -> set[str]:
    code = (
        "import json, sys\n"
        "from click.testing import CliRunner\n"
        "from sightline.cli import main\n"
        f"result = CliRunner().invoke(main, {list(args)!r})\n"
        "assert result.exit_code in (0, 1), result.output\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=os.environ
    )
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def _heavy(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(n for n in names if any(m == n or m.startswith(n + ".") for m in modules))


def test_help_loads_no_engine_and_no_web():
    loaded = _loaded("--help")
    assert _heavy(loaded, (*NEVER, "duckdb", "pyarrow", "numpy", "lxml")) == []


def test_checking_a_cin_census_loads_only_what_it_uses(tmp_path):
    loaded = _loaded("validate", str(CIN_SAMPLE))
    assert "duckdb" in loaded  # it did check the census
    assert _heavy(loaded, (*NEVER, "sightline.rules.ssda903", "sightline.specs.ssda903")) == []


def test_importing_a_cin_census_loads_only_what_it_uses(tmp_path):
    loaded = _loaded("import", str(CIN_SAMPLE), "--home", str(tmp_path / "home"))
    assert "sightline.rules.cin" in loaded
    assert _heavy(loaded, (*NEVER, "sightline.rules.ssda903")) == []
