"""Acceptance: a synthetic council generated with known rates gives them back from the engine.

The whole path a council's data takes: `synth --like 805` writes the returns, the importer turns
them into snapshots, the Dataset reads the latest snapshots (with the year before for history) and
the indicator engine computes the figures. Tolerances are the generator's own (tests/synth/test_calibration.py): counts
within 3 standard errors (1/sqrt(n)) plus 3%; percentages within 3 standard errors of a proportion
plus 1 point.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from sightline import indicators
from sightline.dataset import Dataset
from sightline.indicators import Period
from sightline.returns.importer import import_files
from sightline.store import Store
from sightline.synth.council import Request, generate

pytestmark = pytest.mark.slow

# indicator id -> the generator's name for the rate it was asked for (council.json). Children in
# need and on plans at 31 March (and plans open 2 years or more) are stocks the generator reaches
# only through durations, and it does not promise them; they are left out.
COUNTS = {
    "referrals": "referrals",
    "cpp_started": "cpp_starts",
    "cla_at_31": "cla_at31",
    "cla_started": "cla_starts",
    "cla_ceased": "cla_ceased",
}
# indicator id -> (the rate, the count it is a percentage of)
PERCENTS = {
    "rereferrals": ("rereferral_pct", "referrals"),
    "referrals_nfa": ("nfa_pct", "referrals"),
    "not_in_need": ("not_in_need_pct", "referrals"),
    "cpp_subsequent": ("cpp_subsequent_pct", "cpp_starts"),
    "stability_3plus": ("placements_3plus_pct", "cla_at31"),
}


def _count_tolerance(expected: float) -> float:
    return 3 / math.sqrt(max(expected, 1)) + 0.03


def _pct_tolerance(p: float, n: float) -> float:
    return 1.0 + 100 * 3 * math.sqrt(p * (1 - p) / max(n, 1))


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("synth")
    return out, generate(Request(out=out, seed=11, years=[2024, 2025], like="805"))


@pytest.fixture(scope="module")
def practice_rates(generated: tuple[Path, dict]) -> dict:
    return generated[1]["practice"]


@pytest.fixture(scope="module")
def council(
    generated: tuple[Path, dict], tmp_path_factory: pytest.TempPathFactory
) -> tuple[dict, dict]:
    out, info = generated
    store = Store(tmp_path_factory.mktemp("home"))
    result = import_files(store, [out])
    assert result.ok, [p.message for p in result.problems][:5]
    dataset = Dataset.from_store(store, "805", 2025)
    figures = {r.indicator: r for r in indicators.run(dataset, Period.year(2025))}
    return info["rates_asked_for"]["2025"], figures


@pytest.mark.parametrize("indicator_id", sorted(COUNTS))
def test_counts_come_back(council: tuple[dict, dict], indicator_id: str) -> None:
    asked, figures = council
    want, got = asked[COUNTS[indicator_id]], figures[indicator_id].value
    assert got is not None
    assert abs(got / want - 1) <= _count_tolerance(want), (indicator_id, got, want)


@pytest.mark.parametrize("indicator_id", sorted(PERCENTS))
def test_percentages_come_back(council: tuple[dict, dict], indicator_id: str) -> None:
    asked, figures = council
    key, base = PERCENTS[indicator_id]
    want, got, n = asked[key], figures[indicator_id].value, asked[base]
    p = want / 100
    assert got is not None
    assert abs(got - want) <= _pct_tolerance(p, n), (
        indicator_id,
        got,
        want,
    )


def test_results_name_the_snapshots_they_came_from(council: tuple[dict, dict]) -> None:
    _, figures = council
    assert figures["referrals"].snapshot_ids[0].startswith("cin-805-2025")
    assert figures["cla_at_31"].snapshot_ids[0].startswith("ssda903-805-2025")
    # re-referrals also read the year before's census
    assert any(s.startswith("cin-805-2024") for s in figures["rereferrals"].snapshot_ids)


def test_every_indicator_has_a_figure_or_a_reason(council: tuple[dict, dict]) -> None:
    _, figures = council
    for result in figures.values():
        assert result.value is not None or result.note, result.indicator


@pytest.mark.parametrize(
    ("indicator_id", "practice"),
    [("assessments_45wd", "assessment_in_45wd"), ("icpc_15wd", "icpc_in_15wd")],
)
def test_timeliness_comes_back(
    council: tuple[dict, dict], practice_rates: dict, indicator_id: str, practice: str
) -> None:
    """The generator's practice rates (share in timescale, working days with bank holidays)."""
    _, figures = council
    want, result = 100 * practice_rates[practice], figures[indicator_id]
    p, n = want / 100, result.denominator or 1
    assert result.value is not None
    assert abs(result.value - want) <= _pct_tolerance(p, n), (
        indicator_id,
        result.value,
        want,
    )


@pytest.fixture(scope="module")
def dataset_2025(generated: tuple[Path, dict], tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    out, _ = generated
    store = Store(tmp_path_factory.mktemp("home_teams"))
    assert import_files(store, [out]).ok
    return Dataset.from_store(store, "805", 2025)


@pytest.mark.parametrize("indicator_id", ["cla_at_31", "cpp_at_31", "cin_at_31"])
def test_team_and_worker_breakdowns_agree_with_compliance(
    dataset_2025: Dataset, indicator_id: str
) -> None:
    from sightline.compliance import due_list

    end = Period.year(2025).end
    due = due_list(dataset_2025, end).to_pylist()
    compliance = {r["child_id"]: (r["team"], r["worker"]) for r in due if r["child_id"]}
    behind = indicators.children_behind(dataset_2025, indicator_id, Period.year(2025))
    figures = {r["person_id"]: (r["team"], r["worker"]) for r in behind.to_pylist()}
    both = set(figures) & set(compliance)
    assert len(both) > 20, (indicator_id, len(both))
    disagree = {c: (figures[c], compliance[c]) for c in both if figures[c] != compliance[c]}
    assert not disagree, list(disagree.items())[:5]
    # and the breakdown by team is not "Not known" where compliance knows the team
    by_team = {
        r.breakdown_value: r.numerator
        for r in indicators.run_one(dataset_2025, indicator_id, Period.year(2025), "team")
    }
    known = sum(1 for c in figures if compliance.get(c, (None,))[0])
    assert sum(v or 0 for k, v in by_team.items() if k != "Not known") >= known
