"""The child's page: events in order, timescales met or missed, and what is due next."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_timeline_shows_missed_assessment_and_met_conference(auditor_client, demo_dataset):
    html = auditor_client.get(
        reverse("children:timeline", kwargs={"child_id": "C1"})
    ).content.decode()
    assert html.index("Referral") < html.index("Initial child protection conference")
    assert "Missed" in html and "Met" in html
    assert "45 working days from referral" in html


def test_timeline_shows_what_is_due_next(auditor_client, demo_dataset, settings):
    settings.SIGHTLINE_TODAY = "2025-03-31"
    html = auditor_client.get(
        reverse("children:timeline", kwargs={"child_id": "C1"})
    ).content.decode()
    assert 'id="due-next"' in html


def test_unknown_child_is_not_found_and_logged(auditor_client, demo_dataset):
    from sightline.web.accesslog.models import AccessEntry

    response = auditor_client.get(reverse("children:timeline", kwargs={"child_id": "nobody"}))
    assert response.status_code == 404
    # the look-up is logged for the child asked for (besides the sign-in's own record)
    assert AccessEntry.objects.filter(child_id="nobody").exists()
