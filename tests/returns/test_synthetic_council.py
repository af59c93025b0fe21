"""Files from the synthetic generator import cleanly; injected problems are reported exactly."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from sightline.cli import main
from sightline.returns.importer import import_files
from sightline.rules.ssda903 import rule_info_codes
from sightline.store import Store


def _synth(out: Path, *extra: str) -> None:
    result = CliRunner().invoke(
        main, ["synth", "--out", str(out), "--children", "150", "--years", "2024-2025", *extra]
    )
    assert result.exit_code == 0, result.output


# The DfE CIN rules the generator's data still fails (see tests/rules/test_synthetic_census.py):
# none.
GENERATOR_GAPS: set[str] = set()


# A clean two-year council's 903 findings: none but the rules that need a reference list nobody
# loaded, listed as not run (the care leavers are those whose care the two returns show, so 1001
# and 1002, which read only those, pass).
TWO_YEAR_903 = {"rule_not_run"}


def _dfe_cin(p: dict) -> bool:
    """A finding of the DfE's CIN rules (its code is the DfE's), not of the reader's checks."""
    return p["return_"] == "cin" and p["code"][:4].isdigit()


def _dfe_903(p: dict) -> bool:
    """A finding of the DfE's 903 rules, or the note of the rules not run."""
    return p["return_"] == "ssda903" and (
        p["code"] in rule_info_codes(2027) or p["code"] == "rule_not_run"
    )


def _reported(store: Store) -> Counter:
    found: Counter = Counter()
    for snapshot in store.snapshots():
        folder = f"ssda903/{snapshot.year}" if snapshot.return_ == "ssda903" else snapshot.return_
        for p in snapshot.problems().to_pylist():
            # The DfE rules' knock-on findings are tested in tests/rules; a closure before its
            # referral has no reader check, and is reported by 8630.
            if (_dfe_cin(p) and p["code"] != "8630") or _dfe_903(p):
                continue
            found[(f"{folder}/{p['file']}", p["child_id"], p["field"])] += 1
    return found


@pytest.mark.slow
def test_a_synthetic_council_imports_with_no_problems(tmp_path):
    _synth(tmp_path / "council")
    store = Store(tmp_path / "home")
    result = import_files(store, [tmp_path / "council"])
    assert result.ok
    dfe = [p for p in result.problems if _dfe_cin(p.__dict__)]
    expected = [p for p in result.problems if p.return_ == "ssda903" and p.code in TWO_YEAR_903]
    assert [p for p in result.problems if p not in dfe and p not in expected] == []
    assert {p.code for p in dfe} <= GENERATOR_GAPS
    assert sorted({s.return_ for s in result.snapshots}) == ["annex_a", "cin", "csww", "ssda903"]
    assert {s.council for s in result.snapshots} == {"999"}


def _dfe_codes_found(store: Store) -> set[tuple[str, str, str, str]]:
    found = set()
    for snapshot in store.snapshots():
        folder = f"ssda903/{snapshot.year}" if snapshot.return_ == "ssda903" else snapshot.return_
        for p in snapshot.problems().to_pylist():
            found.add((f"{folder}/{p['file']}", p["location"], p["child_id"], p["code"]))
    return found


@pytest.mark.slow
def test_injected_problems_are_reported_exactly(tmp_path):
    _synth(tmp_path / "council", "--inject-problems", "0.05")
    injected: Counter = Counter()
    annex_a_kinds = set()
    for line in (tmp_path / "council" / "problems.jsonl").read_text().splitlines():
        record = json.loads(line)
        if record["return"] == "ssda903" and record.get("dfe_codes"):
            continue  # caught by the DfE's 903 rules: checked below
        injected[(record["file"], record["child_id"], record["field"])] += 1
        if record["return"] == "annex_a":
            annex_a_kinds.add(record["kind"])
    assert injected, "the generator injected nothing"
    assert annex_a_kinds == {"missing_field", "bad_code", "bad_date_format", "dates_out_of_order"}
    store = Store(tmp_path / "home")
    assert import_files(store, [tmp_path / "council"]).ok
    assert _reported(store) == injected
    # Each injected problem that a DfE rule must catch is caught by that rule, where it was put.
    found = _dfe_codes_found(store)
    for line in (tmp_path / "council" / "problems.jsonl").read_text().splitlines():
        record = json.loads(line)
        for code in record.get("dfe_codes", []) if record["return"] == "ssda903" else []:
            assert (record["file"], record["location"], record["child_id"], code) in found, record
