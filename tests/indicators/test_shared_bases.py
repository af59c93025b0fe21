"""Bases worked out once and shared give exactly the figures each indicator's own query gives.

A synthetic council (two collection years, with the Annex A list and the workforce census) goes
through the importer into a store. Every indicator, with every breakdown it supports, for a year,
a month and twelve months to a date, and the children behind every figure, are computed through
the shared bases (`shared=True`, the default) and with each base worked out inside the
indicator's own query (`shared=False`), on separate datasets, and compared exactly.
"""

from __future__ import annotations

import pytest

from sightline import indicators
from sightline.dataset import Dataset
from sightline.indicators.model import ALL_BREAKDOWNS, Base, bases_in_order
from sightline.returns.importer import import_files
from sightline.store import Store
from sightline.synth.council import Request, generate

pytestmark = pytest.mark.slow

PERIODS = ("2025", "2025-01", "12m:2024-12-31")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    out = tmp_path_factory.mktemp("synth")
    generate(Request(out=out, seed=5, years=[2024, 2025], children=800, la_code="999"))
    store = Store(tmp_path_factory.mktemp("home"))
    result = import_files(store, [out])
    assert result.ok, [p.message for p in result.problems][:5]
    return store


def _everything(dataset: Dataset, shared: bool) -> dict[str, list[dict[str, object]]]:
    """Every figure of every period, headline and broken down, as rows."""
    found: dict[str, list[dict[str, object]]] = {}
    for period in PERIODS:
        for breakdown in (None, *ALL_BREAKDOWNS):
            results = indicators.run(dataset, period, breakdown, shared=shared)
            found[f"{period} {breakdown}"] = [r.as_row() for r in results]
    return found


def _behind(dataset: Dataset, shared: bool) -> dict[str, list[str]]:
    found = {}
    for indicator in indicators.indicators():
        if "year" not in indicator.period_kinds:
            continue
        rows = indicators.children_behind(dataset, indicator.id, "2025", shared=shared)
        found[indicator.id] = sorted(repr(sorted(row.items())) for row in rows.to_pylist())
    return found


def test_every_figure_and_breakdown_is_the_same_through_the_shared_bases(store: Store) -> None:
    shared = _everything(Dataset.from_store(store, "999", 2025), shared=True)
    alone = _everything(Dataset.from_store(store, "999", 2025), shared=False)
    assert shared.keys() == alone.keys()
    for key in shared:
        assert shared[key] == alone[key], key
    # the comparison covers real figures: most indicators have a value, breakdowns have rows
    headline = shared["2025 None"]
    assert sum(r["value"] is not None for r in headline) >= 35, headline
    assert len(shared["2025 team"]) > len(headline)
    assert len(shared["2025 age_band"]) > len(headline)


def test_the_children_behind_every_figure_are_the_same_through_the_shared_bases(
    store: Store,
) -> None:
    shared = _behind(Dataset.from_store(store, "999", 2025), shared=True)
    alone = _behind(Dataset.from_store(store, "999", 2025), shared=False)
    assert shared == alone
    assert sum(bool(rows) for rows in shared.values()) >= 30


def test_every_indicator_counted_together_gives_its_figures_counted_alone(store: Store) -> None:
    # `run` counts many indicators' units in one query; `run_one` counts one indicator's alone
    together = Dataset.from_store(store, "999", 2025)
    alone = Dataset.from_store(store, "999", 2025)
    rows = 0
    for breakdown in (None, *ALL_BREAKDOWNS):
        counted = [r.as_row() for r in indicators.run(together, "2025", breakdown)]
        each = [
            r.as_row()
            for i in indicators.indicators()
            if breakdown is None or breakdown in i.breakdowns
            for r in indicators.run_one(alone, i, "2025", breakdown)
        ]
        assert counted == each, breakdown
        rows += len(counted)
    assert rows > 500  # the comparison covers real figures


def test_each_base_is_worked_out_once_per_dataset_and_period(store: Store) -> None:
    dataset = Dataset.from_store(store, "999", 2025)
    indicators.run(dataset, "2025")
    indicators.run(dataset, "2025", "team")
    kept = dataset.cache["_kept_bases"]
    named = {b.name for i in indicators.indicators() for b in bases_in_order(i.bases)}
    # every base read is kept once for the period; one reading neither date, once for all
    assert sorted(b.name for b in kept.values()) == sorted(named)
    assert {"_base_cla_episodes", "_base_cp_plans", "_base_referrals_20240401_20250331"} <= set(
        kept
    )
    # referrals are read by five indicators from one table
    readers = [
        i.id for i in indicators.indicators() if any(b.name == "base_referrals" for b in i.bases)
    ]
    assert len(readers) == 5
    indicators.run(dataset, "2025-01")  # another period has its own, beside the year's
    assert "_base_referrals_20250101_20250131" in dataset.cache["_kept_bases"]
    assert "_base_referrals_20240401_20250331" in dataset.cache["_kept_bases"]


def test_a_base_is_named_as_no_canonical_table_is() -> None:
    with pytest.raises(ValueError, match="base_"):
        Base("ssd_cin_episodes", "SELECT 1")
