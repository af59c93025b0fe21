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


DERIVED = "derived from published counts and ONS population"


def test_scorecard_shows_england_for_referrals_rate_marked_as_derived(auditor_client, demo_dataset):
    from sightline.web.performance import selectors

    row = next(r for r in selectors.scorecard().rows if r.indicator.id == "referrals_rate")
    assert row.england == 519.4 and row.neighbours is not None  # 2025: 632,830 / 12,183,016
    assert row.benchmark_derived
    html = auditor_client.get(reverse("performance:scorecard")).content.decode()
    assert (
        'id="derived-note"' in html and "Derived from published counts and ONS population" in html
    )
    published = next(r for r in selectors.scorecard().rows if r.indicator.id == "cla_rate")
    assert published.england is not None and not published.benchmark_derived


def test_benchmark_pages_mark_derived_rates(auditor_client, demo_dataset):
    index = auditor_client.get(reverse("benchmarks:index") + "?council=372").content.decode()
    assert 'id="derived-note"' in index and DERIVED in index
    page = auditor_client.get(
        reverse("benchmarks:indicator", kwargs={"indicator_id": "cpp_rate"}) + "?council=372"
    ).content.decode()
    assert f"By year, {DERIVED}" in page and 'id="derived-note"' in page
    published = auditor_client.get(
        reverse("benchmarks:indicator", kwargs={"indicator_id": "cla_rate"}) + "?council=372"
    ).content.decode()
    assert "By year, as published" in published and 'id="derived-note"' not in published
