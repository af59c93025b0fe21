"""The demo's targets give the scorecard a RAG column, and never overwrite a council's own."""

import pytest

from sightline import indicators
from sightline.web.performance.demo import DEMO_TARGETS, seed_demo_targets
from sightline.web.performance.models import Target

pytestmark = pytest.mark.django_db


def test_every_demo_target_names_a_real_indicator():
    known = {indicator.id for indicator in indicators.indicators()}
    assert set(DEMO_TARGETS) <= known


def test_seeding_twice_changes_nothing_and_keeps_the_councils_own_target():
    Target.objects.create(indicator_id="rereferrals", value=15.0, note="Set by the council")
    first = seed_demo_targets()
    second = seed_demo_targets()
    assert first == len(DEMO_TARGETS) - 1
    assert second == 0
    assert Target.objects.get(indicator_id="rereferrals").value == 15.0
