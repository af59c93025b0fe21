"""The web app reads the same data as `sightline indicators`: the year before counts as history."""

import pytest

from sightline.dataset import Dataset
from sightline.indicators import runner
from sightline.indicators.model import Period

pytestmark = pytest.mark.django_db


def test_scorecard_rereferrals_equal_the_command_line_figure(demo_dataset):
    from sightline.web.core import engine
    from sightline.web.performance import selectors

    engine.clear_cache()
    cli = Dataset.from_store(demo_dataset.store, "999", 2025)
    expected = runner.run(cli, Period.year(2025), ids=["rereferrals"])[0]
    cli.close()
    row = next(r for r in selectors.scorecard().rows if r.indicator.id == "rereferrals")
    assert row.latest_year == 2025
    # each 2024-25 referral follows one exactly a year before, held only in the 2024 census
    assert expected.value == pytest.approx(100.0)
    assert row.latest == pytest.approx(expected.value)


def test_web_dataset_names_the_year_before_it_read(demo_dataset):
    from sightline.web.core import engine

    engine.clear_cache()
    data = engine.dataset(2025)
    assert data is not None
    assert any(i.startswith("cin-999-2024") for i in data.history_snapshot_ids)
    assert set(data.history_snapshot_ids) <= set(data.all_snapshot_ids)
