"""The 903 rules from 500: every code of every year is there, those that compare with last year's
return say so, and the first year of deprivation of liberty orders runs beside a last year that
had none."""

from __future__ import annotations

import pyarrow as pa
import pytest

from sightline.rules import engine
from sightline.rules.ssda903 import _rule_rows, rule_info_codes
from sightline.rules.validate import validate_903

YEARS = (2023, 2024, 2025, 2026, 2027)


def _number(code: str) -> int:
    digits = "".join(c for c in code if c.isdigit())
    return int(digits) if digits and not code.startswith("SW") else 0


@pytest.mark.parametrize("year", YEARS)
def test_every_dfe_code_from_500_is_registered(year):
    wanted = {c for c in rule_info_codes(year) if _number(c) >= 500}
    missing = wanted - set(engine.resolve("ssda903", year))
    assert not missing, sorted(missing)


def test_rules_the_dfe_writes_against_last_years_tables_need_last_years_return():
    against_last = {
        row["code"]
        for row in _rule_rows()
        if _number(row["code"]) >= 500 and "_last" in row["tables"].lower()
    }
    assert against_last
    for year in YEARS:
        rules = engine.resolve("ssda903", year)
        for code in against_last & set(rules):
            assert "last_year" in rules[code].needs, (year, code)


def _table(rows: list[dict[str, str]], name: str) -> pa.Table:
    columns = {k: pa.array([r.get(k) for r in rows], pa.string()) for k in rows[0]}
    columns["_location"] = pa.array([f"{name}.csv line {i + 2}" for i in range(len(rows))])
    return pa.table(columns)


def test_first_year_of_orders_runs_beside_a_last_year_without_them():
    dolo = _table([{"CHILD": "1", "DOLO_START": "01/05/2026"}], "dolo")
    episodes = _table([{"CHILD": "1", "DECOM": "01/03/2026", "PLACE": "K2"}], "episodes")
    result = validate_903({"dolo": dolo, "episodes": episodes}, 2027, last={"episodes": episodes})
    assert "706" not in result.not_run
    assert "706" not in result.findings.column("code").to_pylist()


def test_an_order_open_last_year_is_carried_into_this_year():
    last = _table([{"CHILD": "1", "DOLO_START": "01/02/2026"}], "dolo")
    now = _table([{"CHILD": "1", "DOLO_START": "01/05/2026"}], "dolo")
    result = validate_903({"dolo": now}, 2027, last={"dolo": last})
    assert result.findings.column("code").to_pylist().count("706") == 1
