"""Benchmarks: the council beside England, region and neighbours; any council can be picked."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_rotherham_published_trajectory_is_shown(elected_member_client, demo_dataset):
    html = elected_member_client.get(
        reverse("benchmarks:indicator", kwargs={"indicator_id": "rereferrals"}) + "?council=372"
    ).content.decode()
    assert "Rotherham" in html
    assert "England" in html
    assert "<svg" in html and 'id="benchmark-values"' in html
    assert ">2013<" in html and ">2025<" in html  # 2013 to 2025: before and after the inquiry


def test_any_council_can_be_picked(auditor_client, demo_dataset):
    html = auditor_client.get(reverse("benchmarks:index") + "?council=873").content.decode()
    assert "Cambridgeshire" in html


def test_unknown_council_code_falls_back_with_a_message(auditor_client, demo_dataset):
    html = auditor_client.get(reverse("benchmarks:index") + "?council=000").content.decode()
    assert "no published council with that code" in html


def test_scorecard_shows_england_and_neighbours(auditor_client, demo_dataset):
    html = auditor_client.get(reverse("performance:scorecard")).content.decode()
    assert "Neighbours&#x27; median" in html or "Neighbours' median" in html
