"""A large return's Query rules run one statement a rule (DuckDB can hang for good on one
UNION ALL of many rules over large tables); a smaller one's run as one statement. Both ways find
exactly the same, for the CIN census and the 903."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest

from sightline.returns.ssda903.validation import files_of, validate_903_files
from sightline.rules import engine
from sightline.rules.validate import validate_cin
from sightline.synth.council import Request, generate

KEY = ["code", "child_id", "module", "line", "location", "value"]


@pytest.fixture(scope="module")
def council(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("one_by_one")
    generate(Request(out=out, seed=12, years=[2024, 2025], children=300, inject_problems=0.05))
    return out


def _sorted(findings: pa.Table) -> pa.Table:
    return findings.sort_by([(k, "ascending") for k in KEY])


def _statements(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every statement the rules' connections are asked to run."""
    seen: list[str] = []
    connect = engine.duckdb.connect

    class Counted:
        def __init__(self, connection: object) -> None:
            self.connection = connection

        def execute(self, sql: str, *args: object) -> object:
            seen.append(sql)
            return self.connection.execute(sql, *args)  # type: ignore[attr-defined]

        def __getattr__(self, name: str) -> object:
            return getattr(self.connection, name)

    monkeypatch.setattr(engine.duckdb, "connect", lambda *a, **k: Counted(connect(*a, **k)))
    return seen


def _one_by_one(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.setattr(engine, "ONE_STATEMENT_BELOW", 0)
    return _statements(monkeypatch)


def test_a_census_finds_the_same_rule_by_rule(
    council: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    [path] = (council / "cin").glob("*_2025.xml")
    together = validate_cin(path)
    statements = _one_by_one(monkeypatch)
    apart = validate_cin(path)
    assert together.findings.num_rows > 0
    assert _sorted(apart.findings).equals(_sorted(together.findings))
    assert not any(" UNION ALL SELECT 1 AS _rule" in s for s in statements)


def test_a_903_return_finds_the_same_rule_by_rule(
    council: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    this_year = files_of([council / "ssda903" / "2025"])
    last_year = files_of([council / "ssda903" / "2024"])
    together = validate_903_files(this_year, 2025, last_year)
    statements = _one_by_one(monkeypatch)
    apart = validate_903_files(this_year, 2025, last_year)
    assert together.findings.num_rows > 0
    assert _sorted(apart.findings).equals(_sorted(together.findings))
    assert not any(" UNION ALL SELECT 1 AS _rule" in s for s in statements)


def test_a_small_return_runs_its_query_rules_as_one_statement(
    council: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    [path] = (council / "cin").glob("*_2025.xml")
    statements = _statements(monkeypatch)
    validate_cin(path)
    assert sum(" UNION ALL SELECT 1 AS _rule" in s for s in statements) == 1
