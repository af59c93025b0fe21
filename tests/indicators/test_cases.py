"""Every indicator against its data-only cases (the *_cases.yaml files beside each family)."""

from __future__ import annotations

import pytest
import yaml

from sightline import indicators
from sightline.dataset import Dataset
from sightline.indicators import registry


def _load_cases() -> list[dict]:
    cases = []
    for family in registry.families():
        path = family.cases_file
        if not path.exists():
            continue
        for i, case in enumerate(yaml.safe_load(path.read_text()) or []):
            case["_where"] = f"{path.name} #{i + 1}"
            cases.append(case)
    return cases


CASES = _load_cases()


def test_every_indicator_has_cases():
    covered = {case["indicator"] for case in CASES}
    missing = sorted({i.id for i in indicators.indicators()} - covered)
    assert not missing, f"indicators without test cases: {missing}"


def test_every_case_names_a_declared_indicator():
    for case in CASES:
        indicators.get(case["indicator"])


@pytest.mark.parametrize("case", CASES, ids=[f"{c['indicator']}: {c['case']}" for c in CASES])
def test_case(case):
    dataset = Dataset.from_tables(case.get("tables", {}), council=case.get("council"))
    _set_periods(dataset, case)
    results = indicators.run_one(
        dataset,
        case["indicator"],
        str(case.get("period", "2025")),
        breakdown=case.get("breakdown"),
        population=case.get("population"),
    )
    if "expect_breakdown" in case:
        got = {r.breakdown_value: _round(r.value) for r in results}
        want = {str(k): _round(v) for k, v in case["expect_breakdown"].items()}
        assert got == want, case["_where"]
        return
    (result,) = results
    for key, want in case["expect"].items():
        got = getattr(result, key)
        if isinstance(want, str):  # a note: the words expected in it
            assert want in got, f"{case['_where']}: {key} is {got!r}, expected {want!r} in it"
            continue
        assert _round(got) == _round(want), f"{case['_where']}: {key} is {got}, expected {want}"


def _set_periods(dataset: Dataset, case: dict) -> None:
    """As the store records them: the first day this year's returns cover (`returns_begin`) and
    the year before's (`previous_begins`), for figures that need history."""
    if "returns_begin" in case:
        for snapshot_id in set(dataset.table_snapshots.values()):
            dataset.manifests[snapshot_id] = {"period": {"start": str(case["returns_begin"])}}
    if "previous_begins" in case:
        for snapshot_id in set(dataset.history_sources.values()):
            dataset.history_manifests[snapshot_id] = {
                "period": {"start": str(case["previous_begins"])}
            }


def _round(value):
    return None if value is None else round(float(value), 4)
