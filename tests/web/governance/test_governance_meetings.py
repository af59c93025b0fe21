"""Bodies, members, meetings and their business: decisions, actions, challenges and answers."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sightline.web.governance.models import Body, Challenge, Decision, Meeting, MeetingAction
from sightline.web.governance.seed import seed_calendar
from sightline.web.improvement.models import Action, Framework, Recommendation
from sightline.web.improvement.seed import seed_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(seeded):
    return Meeting.objects.filter(body__kind="improvement_board").order_by("date").first()


def test_the_demo_calendar_has_the_five_bodies_with_members_and_meetings(
    seeded, elected_member_client
):
    html = elected_member_client.get(reverse("governance:index")).content.decode()
    for name in (
        "Children&#x27;s improvement board", "Corporate parenting panel", "Improving Lives select commission",
        "Children and young people&#x27;s partnership", "Quality assurance and performance board",
    ):  # fmt: skip
        assert name in html
    body = Body.objects.get(kind="corporate_parenting")
    page = elected_member_client.get(reverse("governance:body", args=[body.id])).content.decode()
    assert "Lead member for children" in page and "packs hold aggregate figures only" in page


def test_seeding_twice_changes_nothing(seeded, today):
    counts = [m.objects.count() for m in (Framework, Action, Recommendation, Body, Meeting)]
    seed_plan(today)
    seed_calendar(today)
    assert [m.objects.count() for m in (Framework, Action, Recommendation, Body, Meeting)] == counts


def test_a_challenge_is_recorded_then_answered(meeting, senior_leader_client):
    url = reverse("governance:challenge_add", args=[meeting.id])
    senior_leader_client.post(
        url, {"raised_by": "Cllr Jones", "question": "Why are assessments late?"}
    )
    challenge = Challenge.objects.get()
    page = senior_leader_client.get(
        reverse("governance:meeting", args=[meeting.id])
    ).content.decode()
    assert "Awaiting an answer" in page
    senior_leader_client.post(
        reverse("governance:challenge_answer", args=[challenge.id]),
        {
            "answered_by": "Director",
            "answer": "Two teams lost managers; a clinic started in March.",
        },
    )
    challenge.refresh_from_db()
    assert challenge.answered_by == "Director" and challenge.answered_at is not None
    page = senior_leader_client.get(
        reverse("governance:meeting", args=[meeting.id])
    ).content.decode()
    assert "a clinic started in March" in page and "Awaiting an answer" not in page


def test_decisions_and_actions_are_recorded(meeting, senior_leader_client):
    senior_leader_client.post(
        reverse("governance:decision_add", args=[meeting.id]), {"text": "Plan approved"}
    )
    senior_leader_client.post(
        reverse("governance:action_add", args=[meeting.id]),
        {"text": "Report caseloads by team", "owner": "Head of service", "due_date": "2025-05-01"},
    )
    assert Decision.objects.get().text == "Plan approved"
    assert MeetingAction.objects.get().owner == "Head of service"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("governance:decision_add", {"text": ""}, "Enter the decision"),
        ("governance:action_add", {"text": "x", "owner": ""}, "Enter who owns the action"),
        (
            "governance:action_add",
            {"text": "x", "owner": "y", "due_date": "soon"},
            "Enter the due date like",
        ),
        (
            "governance:challenge_add",
            {"raised_by": "Cllr", "question": " "},
            "Enter the question asked",
        ),
    ],
)
def test_incomplete_business_is_refused_in_plain_words(
    meeting, senior_leader_client, name, data, message
):
    response = senior_leader_client.post(reverse(name, args=[meeting.id]), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not (
        Decision.objects.exists() or MeetingAction.objects.exists() or Challenge.objects.exists()
    )


def test_inspectors_and_members_read_but_do_not_record(meeting, client_as):
    for role in ("inspector", "elected_member"):
        client = client_as(role)
        page = client.get(reverse("governance:meeting", args=[meeting.id])).content.decode()
        assert "Record a decision" not in page and "Generate a pack" not in page
        assert (
            client.post(
                reverse("governance:decision_add", args=[meeting.id]), {"text": "x"}
            ).status_code
            == 403
        )
