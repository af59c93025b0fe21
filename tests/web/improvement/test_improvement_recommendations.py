"""Recommendations are tracked to the actions answering them and close only with evidence."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sightline.web.common.models import Change
from sightline.web.improvement.models import Recommendation

pytestmark = pytest.mark.django_db


@pytest.fixture
def rec(seeded):
    return Recommendation.objects.get(reference="DEMO-1")


def _close(client, rec, **data):
    return client.post(reverse("improvement:recommendation_close", args=[rec.id]), data)


def test_the_tracker_lists_every_source_with_its_actions(rec, inspector_client):
    html = inspector_client.get(reverse("improvement:recommendations")).content.decode()
    for source in (
        "Ofsted inspection",
        "Ofsted monitoring visit",
        "Peer review",
        "Scrutiny",
        "Commissioners",
    ):
        assert source in html
    page = inspector_client.get(
        reverse("improvement:recommendation", args=[rec.id])
    ).content.decode()
    assert "Weekly assessment timeliness clinic in each locality" in page
    assert "Close the recommendation" not in page  # inspectors read only


def test_a_recommendation_is_not_closed_without_evidence(rec, senior_leader_client):
    response = _close(senior_leader_client, rec, note="Timeliness improved")
    assert response.status_code == 400
    assert "closed only with evidence" in response.content.decode()
    rec.refresh_from_db()
    assert rec.status == "open"


def test_a_recommendation_closes_with_a_link_as_evidence(rec, senior_leader_client):
    response = _close(
        senior_leader_client, rec, note="Timeliness at 88% for two quarters",
        evidence_title="Monitoring visit letter", evidence_url="https://example.org/letter",
    )  # fmt: skip
    assert response.status_code == 302
    rec.refresh_from_db()
    assert (rec.status, rec.closed_by) == ("closed", "senior_leader-user")
    assert rec.evidence.get().url == "https://example.org/letter"
    change = Change.objects.get(item_type="recommendation", item_id=rec.id, field="status")
    assert (change.before, change.after) == ("Open", "Closed")
    html = senior_leader_client.get(
        reverse("improvement:recommendation", args=[rec.id])
    ).content.decode()
    assert "Closed</strong> by senior_leader-user" in html
    assert (
        _close(
            senior_leader_client, rec, note="again", evidence_url="https://example.org/x"
        ).status_code
        == 400
    )


def test_a_recommendation_closes_with_an_uploaded_file(rec, senior_leader_client):
    upload = SimpleUploadedFile("audit.xlsx", b"PK\x03\x04")
    assert _close(senior_leader_client, rec, note="Met", evidence_file=upload).status_code == 302
    assert rec.evidence.get().file_name == "audit.xlsx"


def test_closing_needs_a_note_as_well(rec, senior_leader_client):
    response = _close(senior_leader_client, rec, evidence_url="https://example.org/letter")
    assert response.status_code == 400
    assert "Say how the recommendation has been met" in response.content.decode()
    rec.refresh_from_db()
    assert rec.status == "open" and not rec.evidence.exists()  # nothing half-done


def test_commissioners_and_members_cannot_close(rec, client_as):
    for role in ("inspector", "elected_member", "qa_lead"):
        assert (
            _close(client_as(role), rec, note="x", evidence_url="https://example.org/x").status_code
            == 403
        )
