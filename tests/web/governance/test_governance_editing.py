"""Correcting what was recorded about a board: members, meeting actions, decisions and unanswered
challenges, each with history; decisions and challenges under the agenda item they arose under;
removing a member or an agenda item only after confirming."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from sightline.web.common.models import Change
from sightline.web.governance import services
from sightline.web.governance.models import (
    AgendaItem,
    Body,
    Challenge,
    Decision,
    MeetingAction,
    Member,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(senior_leader_client):
    return senior_leader_client


@pytest.fixture
def meeting(seeded, today):
    body = Body.objects.get(kind="improvement_board")
    return body.meetings.filter(date__date__gt=today).order_by("date").first()


def _change(item_type: str, item_id: int, field: str) -> tuple[str, str, str]:
    found = Change.objects.get(item_type=item_type, item_id=item_id, field=field)
    return found.before, found.after, found.by


def test_a_member_is_corrected_and_the_elected_tick_governs_future_packs_only(seeded, editor):
    body = Body.objects.get(kind="qa_board")
    member = body.members.exclude(is_elected_member=True).first()
    old_name = member.name
    url = reverse("governance:member_edit", args=[member.id])
    page = editor.get(url).content.decode()
    assert f'value="{old_name}"' in page

    meeting = body.meetings.first()
    before = services.pack_generate(meeting, None)
    assert not before.aggregate_only

    refused = editor.post(url, {"member_name": "", "role": "Adviser", "organisation": "NHS"})
    html = refused.content.decode()
    assert refused.status_code == 400
    assert "Enter the member&#x27;s name" in html and 'href="#id_member_name"' in html
    assert 'value="NHS"' in html  # what was typed is kept
    member.refresh_from_db()
    assert member.name == old_name

    data = {
        "member_name": "Cllr Ada Patel",
        "role": "Elected member",
        "organisation": "Borough council",
        "is_elected_member": "on",
    }
    response = editor.post(url, data)
    assert response["Location"] == reverse("governance:body", args=[body.id])
    member.refresh_from_db()
    assert (member.name, member.role, member.organisation, member.is_elected_member) == (
        "Cllr Ada Patel",
        "Elected member",
        "Borough council",
        True,
    )
    assert _change("body", body.id, f"elected member ({old_name})") == (
        "No",
        "Yes",
        "senior_leader-user",
    )
    assert _change("body", body.id, f"member's name ({old_name})")[:2] == (
        old_name,
        "Cllr Ada Patel",
    )
    assert services.pack_generate(meeting, None).aggregate_only  # future packs
    before.refresh_from_db()
    assert not before.aggregate_only  # the pack already generated stays as it was


def test_a_meeting_action_text_owner_and_due_date_are_corrected_with_history(meeting, editor):
    action = services.meeting_action_add(meeting, "Report caseloads", "Head of service", None, None)
    url = reverse("governance:action_edit", args=[action.id])
    assert 'value="Report caseloads"' in editor.get(url).content.decode()

    refused = editor.post(
        url, {"text": "Report caseloads by team", "owner": "DCS", "due_date": "2026-02-30"}
    )
    html = refused.content.decode()
    assert refused.status_code == 400
    assert "Enter the due date like 31 3 2026" in html and 'href="#id_due_date-day"' in html
    assert 'value="Report caseloads by team"' in html

    response = editor.post(
        url, {"text": "Report caseloads by team", "owner": "DCS", "due_date": "2026-03-31"}
    )
    assert response["Location"] == reverse("governance:meeting", args=[meeting.id])
    action.refresh_from_db()
    assert (action.text, action.owner, action.due_date) == (
        "Report caseloads by team",
        "DCS",
        dt.date(2026, 3, 31),
    )
    assert _change("meeting action", action.id, "owner") == (
        "Head of service",
        "DCS",
        "senior_leader-user",
    )
    assert _change("meeting action", action.id, "due date")[:2] == ("", "2026-03-31")
    assert _change("meeting action", action.id, "text")[0] == "Report caseloads"


def test_a_decision_is_corrected_and_placed_under_an_agenda_item(meeting, editor):
    decision = services.decision_record(meeting, "Approve the plan", None)
    item = meeting.agenda.first()
    url = reverse("governance:decision_edit", args=[decision.id])
    elsewhere = AgendaItem.objects.exclude(meeting=meeting).first()

    refused = editor.post(url, {"text": "Approve the revised plan", "agenda_item": elsewhere.id})
    html = refused.content.decode()
    assert refused.status_code == 400
    assert "Choose one of this meeting&#x27;s agenda items" in html
    assert 'href="#id_agenda_item"' in html and "Approve the revised plan" in html

    editor.post(url, {"text": "Approve the revised plan", "agenda_item": item.id})
    decision.refresh_from_db()
    assert (decision.text, decision.agenda_item) == ("Approve the revised plan", item)
    assert _change("meeting", meeting.id, "decision text")[:2] == (
        "Approve the plan",
        "Approve the revised plan",
    )
    assert _change("meeting", meeting.id, "decision agenda item")[:2] == ("none", item.title)


def test_an_unanswered_challenge_is_corrected_but_an_answered_one_stands(meeting, editor):
    challenge = services.challenge_raise(meeting, "Cllr Jones", "Why are visits late?", None)
    url = reverse("governance:challenge_edit", args=[challenge.id])
    refused = editor.post(url, {"raised_by": "", "directed_to": "DCS", "question": "Why late?"})
    assert refused.status_code == 400
    assert 'href="#id_raised_by"' in refused.content.decode()

    editor.post(
        url,
        {
            "raised_by": "Cllr Jones",
            "directed_to": "Head of service",
            "question": "Why are visits late in the west?",
        },
    )
    challenge.refresh_from_db()
    assert (challenge.directed_to, challenge.question) == (
        "Head of service",
        "Why are visits late in the west?",
    )
    assert _change("challenge", challenge.id, "put to")[:2] == ("", "Head of service")
    assert _change("challenge", challenge.id, "question")[0] == "Why are visits late?"

    services.challenge_answer(challenge, "Staff vacancies", "DCS", None)
    response = editor.post(url, {"raised_by": "Cllr Jones", "question": "Rewritten"})
    assert response.status_code == 302
    challenge.refresh_from_db()
    assert challenge.question == "Why are visits late in the west?"
    with pytest.raises(services.GovernanceError, match="answered"):
        services.challenge_change(challenge, {"raised_by": "x", "question": "y"}, None)


def test_decisions_and_challenges_show_under_the_agenda_item_they_arose_under(meeting, editor):
    item = meeting.agenda.last()
    editor.post(
        reverse("governance:decision_add", args=[meeting.id]),
        {"text": "Commission an audit of step-downs", "agenda_item": item.id},
    )
    editor.post(
        reverse("governance:challenge_add", args=[meeting.id]),
        {"raised_by": "Cllr Khan", "question": "Who audits step-downs?", "agenda_item": item.id},
    )
    editor.post(reverse("governance:decision_add", args=[meeting.id]), {"text": "Note the minutes"})
    assert Decision.objects.get(text="Commission an audit of step-downs").agenda_item == item
    assert Challenge.objects.get(raised_by="Cllr Khan").agenda_item == item

    page = editor.get(reverse("governance:meeting", args=[meeting.id])).content.decode()
    decisions = page.split('id="decisions"')[1].split("</div>")[0]
    under_item, general = decisions.split("General business")
    assert f"Under agenda item: {item.title}" in under_item
    assert "Commission an audit" in under_item and "Note the minutes" in general
    challenges = page.split('id="challenges"')[1]
    assert challenges.index(f"Under agenda item: {item.title}") < challenges.index("Who audits")

    other = AgendaItem.objects.exclude(meeting=meeting).first()
    refused = editor.post(
        reverse("governance:decision_add", args=[meeting.id]),
        {"text": "X", "agenda_item": other.id},
    )
    assert refused.status_code == 400
    assert 'href="#decision-agenda_item"' in refused.content.decode()


def test_removing_a_member_or_an_agenda_item_asks_first(meeting, editor):
    member = meeting.body.members.first()
    body_page = editor.get(reverse("governance:body", args=[meeting.body_id])).content.decode()
    remove_url = reverse("governance:member_remove", args=[member.id])
    assert f'href="{remove_url}"' in body_page  # a link to the confirmation, not a one-click form

    confirm = editor.get(remove_url)
    assert confirm.status_code == 200
    assert "Are you sure you want to remove" in confirm.content.decode()
    assert "govuk-warning-text" in confirm.content.decode()
    assert Member.objects.filter(pk=member.id).exists()
    editor.post(remove_url)
    assert not Member.objects.filter(pk=member.id).exists()

    item = meeting.agenda.first()
    remove_url = reverse("governance:agenda_remove", args=[item.id])
    meeting_page = editor.get(reverse("governance:meeting", args=[meeting.id])).content.decode()
    assert f'href="{remove_url}"' in meeting_page
    confirm = editor.get(remove_url).content.decode()
    assert "Are you sure you want to remove" in confirm and item.title in confirm
    assert AgendaItem.objects.filter(pk=item.id).exists()
    editor.post(remove_url)
    assert not AgendaItem.objects.filter(pk=item.id).exists()


@pytest.mark.parametrize("role", ["inspector", "elected_member"])
def test_read_only_roles_can_neither_open_nor_post_the_edit_and_removal_pages(
    meeting, client_as, role
):
    client = client_as(role)
    member = meeting.body.members.first()
    action = services.meeting_action_add(meeting, "a", "o", None, None)
    decision = services.decision_record(meeting, "d", None)
    challenge = services.challenge_raise(meeting, "Cllr", "q", None)
    item = meeting.agenda.first()
    pages = [
        ("governance:member_edit", member.id, {"member_name": "x", "role": "Member"}),
        ("governance:member_remove", member.id, {}),
        ("governance:agenda_remove", item.id, {}),
        ("governance:action_edit", action.id, {"text": "x", "owner": "y"}),
        ("governance:decision_edit", decision.id, {"text": "x"}),
        ("governance:challenge_edit", challenge.id, {"raised_by": "x", "question": "y"}),
    ]
    for name, arg, data in pages:
        url = reverse(name, args=[arg])
        assert client.get(url).status_code == 403, name
        assert client.post(url, data).status_code == 403, name
    assert Member.objects.filter(pk=member.id).exists()
    assert MeetingAction.objects.get(pk=action.id).text == "a"
    assert Decision.objects.get(pk=decision.id).text == "d"
    assert Challenge.objects.get(pk=challenge.id).question == "q"
    assert AgendaItem.objects.filter(pk=item.id).exists()
