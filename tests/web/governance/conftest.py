"""Fixtures for the improvement and governance tests: the seeded demo plan and calendar."""

from __future__ import annotations

import datetime as dt

import pytest

TODAY = dt.date(2025, 3, 31)


@pytest.fixture
def today(settings):
    settings.SIGHTLINE_TODAY = TODAY.isoformat()
    return TODAY


@pytest.fixture
def seeded(db, today):
    """The demo plan (seven tests with actions), recommendations and board calendar; its measures
    are held to their targets (the demo's trajectories are removed, so tests state their own)."""
    from sightline.web.governance.seed import seed_calendar
    from sightline.web.improvement.models import TrajectoryPoint
    from sightline.web.improvement.seed import seed_plan

    framework = seed_plan(today)
    seed_calendar(today)
    TrajectoryPoint.objects.all().delete()
    return framework
