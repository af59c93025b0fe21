"""The workspace: the one object the command line and the web build, with the calls they make."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from sightline.cli import main
from sightline.commands import options
from sightline.config import Config, ConfigError
from sightline.dataset import canonical_tables
from sightline.returns.problems import PROBLEM_SCHEMA
from sightline.store import Store
from sightline.workspace import Workspace, WorkspaceError, choose_council

D = dt.date


def _write(store: Store, tmp: Path, council: str, year: int, referrals: int) -> None:
    source = tmp / f"cin-{council}-{year}.txt"
    source.write_text("original file")
    store.write(
        return_="cin",
        council=council,
        year=year,
        period=(D(year - 1, 4, 1), D(year, 3, 31)),
        files=[source],
        file_years={source.name: year},
        tables=canonical_tables(
            {
                "ssd_cin_episodes": [
                    {
                        "cine_referral_id": f"R{i}",
                        "cine_person_id": f"P{i}",
                        "cine_referral_date": D(year - 1, 6, 3),
                    }
                    for i in range(referrals)
                ]
            }
        ),
        problems=PROBLEM_SCHEMA.empty_table(),
        created_by="test",
    )


def _referrals(work: Workspace, year: int) -> float | None:
    period = work.period(str(year))
    (result,) = work.indicators(period, ids=["referrals"])
    return result.value


def test_the_council_is_the_one_named_else_the_only_one_held():
    assert choose_council("372", ["805", "999"]) == "372"
    assert choose_council(None, ["805", "805"]) == "805"
    with pytest.raises(WorkspaceError, match="the store holds 805, 999"):
        choose_council(None, ["999", "805"])
    with pytest.raises(WorkspaceError, match="the store is empty"):
        choose_council(None, [])


def test_a_second_council_makes_the_command_line_ask_which(tmp_path):
    home = tmp_path / "home"
    store = Store(home)
    _write(store, tmp_path, "372", 2025, 3)
    runner = CliRunner()
    shown = runner.invoke(main, ["indicators", "--home", str(home), "--indicator", "referrals"])
    assert shown.exit_code == 0 and "372" in shown.output
    _write(store, tmp_path, "805", 2025, 1)
    asked = runner.invoke(main, ["indicators", "--home", str(home), "--indicator", "referrals"])
    assert asked.exit_code == 1
    assert "say which council" in asked.output and "372, 805" in asked.output
    assert "Traceback" not in asked.output
    for council, referrals in (("805", "1.0"), ("372", "3.0")):
        named = runner.invoke(
            main,
            ["indicators", "--home", str(home), "--indicator", "referrals", "--format", "json"],
            env={"SIGHTLINE_COUNCIL": council},
        )
        assert named.exit_code == 0, named.output
        assert json.loads(named.output)[0]["value"] == float(referrals)


def test_indicators_come_from_each_years_snapshots_and_see_a_new_import(tmp_path):
    home = tmp_path / "home"
    store = Store(home)
    _write(store, tmp_path, "372", 2024, 2)
    _write(store, tmp_path, "372", 2025, 3)
    work = Workspace(home, cfg=Config(home=home))
    assert work.years() == [2024, 2025]
    assert _referrals(work, 2024) == 2
    assert _referrals(work, 2025) == 3
    assert work.period(None).label == "2024-25"  # the newest collection year
    _write(store, tmp_path, "372", 2025, 5)  # a correction: a new snapshot of the same year
    assert _referrals(work, 2025) == 5


def test_results_are_kept_on_disk_for_other_processes_per_snapshot_set(tmp_path, monkeypatch):
    home = tmp_path / "home"
    _write(Store(home), tmp_path, "372", 2025, 3)
    first = Workspace(home, cfg=Config(home=home))
    calls = []

    def compute() -> list[int]:
        calls.append(1)
        return [42]

    key = ("answer", first.dataset(2025).all_snapshot_ids)
    assert first.cached(key, compute) == [42]
    first.clear_cache()  # as a new process starts: nothing in memory
    second = Workspace(home, cfg=Config(home=home))
    assert second.cached(key, compute) == [42]
    assert len(calls) == 1  # the second worker read the first one's result from disk
    assert list((home / "cache" / "results").rglob("*.pickle"))
    second.clear_cache()
    off = Workspace(home, cfg=Config(home=home, result_cache=False))
    assert off.cached(key, compute) == [42] and len(calls) == 2


def test_what_the_home_cannot_answer_is_said_in_plain_words(tmp_path):
    work = Workspace(tmp_path / "empty", cfg=Config(home=tmp_path / "empty"))
    with pytest.raises(WorkspaceError, match="the store is empty"):
        work.dataset()
    with pytest.raises(WorkspaceError, match="There is no snapshot 'nope'"):
        work.snapshot("nope")
    named = Workspace(tmp_path / "empty", "372", Config(home=tmp_path / "empty"))
    with pytest.raises(WorkspaceError, match="no snapshots for council 372"):
        named.dataset()
    with pytest.raises(WorkspaceError, match="2025-13"):
        named.period("2025-13")


def test_settings_come_from_the_environment_under_one_name_each(tmp_path):
    cfg = Config.from_env({
        "SIGHTLINE_HOME": str(tmp_path), "SIGHTLINE_COUNCIL": "372",
        "SIGHTLINE_TODAY": "2025-03-31", "SIGHTLINE_MAX_UPLOAD_BYTES": "1000",
    })  # fmt: skip
    assert cfg.home == tmp_path and cfg.council == "372"
    assert cfg.today == D(2025, 3, 31) and cfg.max_upload_bytes == 1000
    with pytest.raises(ConfigError, match="SIGHTLINE_TODAY: '31/03/2025' is not a date"):
        Config.from_env({"SIGHTLINE_TODAY": "31/03/2025"})
    with pytest.raises(ConfigError, match="SIGHTLINE_MAX_UPLOAD_BYTES: 'lots'"):
        Config.from_env({"SIGHTLINE_MAX_UPLOAD_BYTES": "lots"})


def test_listing_the_commands_loads_no_engine():
    """`sightline --help` answers without loading pyarrow, DuckDB or the generator."""
    code = (
        "import sys; from click.testing import CliRunner; from sightline.cli import main;"
        "assert CliRunner().invoke(main, ['--help']).exit_code == 0;"
        "print(sorted(m for m in ('pyarrow', 'duckdb', 'numpy') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=os.environ
    )
    assert done.stdout.strip() == "[]"


def test_the_format_choices_written_out_for_a_quick_start_match_the_engines():
    from sightline.indicators.output import FORMATS
    from sightline.returns.problems import REPORT_FORMATS

    assert options.OUTPUT_FORMATS == FORMATS
    assert options.REPORT_FORMATS == REPORT_FORMATS
