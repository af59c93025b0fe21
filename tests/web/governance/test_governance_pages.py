"""The pages governance officers run boards from: bodies and members, scheduling meetings, agenda
items, actions (linked to or added to the plan), challenges and answers, the calendar; and what
read-only roles and forged posts are refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sightline.web.common.models import Change
from sightline.web.governance import services
from sightline.web.governance.models import (
    AgendaItem,
    Body,
    Challenge,
    Meeting,
    MeetingAction,
    Member,
)
from sightline.web.improvement.models import Action, Priority, Recommendation, Theme

pytestmark = pytest.mark.django_db

BODY = {
    "name": "Fostering panel",
    "kind": "other",
    "purpose": "Approves foster carers and reviews their terms",
    "cadence": "Fortnightly",
    "chair": "Independent chair",
}


@pytest.fixture
def editor(senior_leader_client):
    return senior_leader_client


@pytest.fixture
def body(seeded):
    return Body.objects.get(kind="improvement_board")


@pytest.fixture
def meeting(body, today):
    """The board's next meeting after the demo's today."""
    return body.meetings.filter(date__date__gt=today).order_by("date").first()


def _page(client, name, *args) -> str:
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return response.content.decode()


def test_an_officer_sets_up_a_body_and_changes_it_with_history(db, editor):
    response = editor.post(reverse("governance:body_new"), BODY)
    created = Body.objects.get(name="Fostering panel")
    assert response.status_code == 302 and response["Location"].endswith(f"/{created.id}/")
    page = _page(editor, "governance:body", created.id)
    assert "Independent chair" in page and "Fortnightly" in page

    editor.post(reverse("governance:body_edit", args=[created.id]), {**BODY, "cadence": "Monthly"})
    created.refresh_from_db()
    assert created.cadence == "Monthly"
    change = Change.objects.get(item_type="body", item_id=created.id, field="cadence")
    assert (change.before, change.after, change.by) == (
        "Fortnightly",
        "Monthly",
        "senior_leader-user",
    )
    assert "Fortnightly" in _page(editor, "governance:body", created.id)  # the history shows it


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({**BODY, "name": ""}, "id_name", "Enter the body&#x27;s name"),
        ({**BODY, "kind": ""}, "id_kind", "Choose what kind of body it is"),
        (
            {**BODY, "name": "corporate PARENTING panel"},
            "id_name",
            "There is already a body called",
        ),
    ],
)
def test_a_half_finished_body_keeps_what_was_typed_and_names_the_field(
    seeded, editor, data, field, message
):
    count = Body.objects.count()
    response = editor.post(reverse("governance:body_new"), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert f'href="#{field}"' in html  # the error summary links to the field
    assert "Approves foster carers and reviews their terms" in html  # typed text kept
    assert Body.objects.count() == count


def test_members_with_roles_and_an_elected_member_makes_packs_aggregate_only(seeded, editor):
    body = Body.objects.get(kind="qa_board")
    assert not body.includes_elected_members
    url = reverse("governance:member_add", args=[body.id])
    response = editor.post(
        url, {"member_name": "Cllr Patel", "role": "", "organisation": "Council"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose the member&#x27;s role" in html and 'value="Cllr Patel"' in html
    editor.post(
        url, {"member_name": "Cllr Patel", "role": "Elected member", "is_elected_member": "on"}
    )
    member = Member.objects.get(name="Cllr Patel")
    assert member.is_elected_member and member.role == "Elected member"
    meeting = body.meetings.first()
    assert services.pack_generate(meeting, None).aggregate_only
    editor.post(reverse("governance:member_remove", args=[member.id]))
    assert not Body.objects.get(pk=body.id).includes_elected_members
    fields = set(
        Change.objects.filter(item_type="body", item_id=body.id).values_list("field", flat=True)
    )
    assert fields == {"member added", "member removed"}


def test_an_officer_schedules_a_meeting(body, editor):
    url = reverse("governance:meeting_new", args=[body.id])
    response = editor.post(url, {"date": "2025-02-30", "time": "14:00", "location": "Room 4"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Enter the date of the meeting like 31 3 2026" in html and 'value="Room 4"' in html
    response = editor.post(url, {"date": "2025-06-12", "time": "14:00", "location": "Room 4"})
    created = Meeting.objects.get(location="Room 4")
    assert timezone.localtime(created.date) == timezone.make_aware(dt.datetime(2025, 6, 12, 14))
    assert response["Location"] == reverse("governance:meeting", args=[created.id])


def test_a_meeting_is_moved_and_an_agenda_item_removed_with_history(meeting, editor):
    url = reverse("governance:meeting_edit", args=[meeting.id])
    assert 'value="Town hall"' in _page(editor, "governance:meeting_edit", meeting.id)
    editor.post(url, {"date": "2025-07-01", "time": "09:30", "location": "Online"})
    meeting.refresh_from_db()
    assert timezone.localtime(meeting.date) == timezone.make_aware(dt.datetime(2025, 7, 1, 9, 30))
    assert meeting.location == "Online"
    first = meeting.agenda.first()
    editor.post(reverse("governance:agenda_remove", args=[first.id]))
    assert not AgendaItem.objects.filter(pk=first.id).exists()
    fields = Change.objects.filter(item_type="meeting", item_id=meeting.id)
    assert {"date", "place", "agenda item removed"} <= set(fields.values_list("field", flat=True))
    assert fields.get(field="place").before == "Town hall"


def test_agenda_items_in_order_with_what_they_concern(meeting, editor):
    theme = Theme.objects.get(code="practice")
    action = Action.objects.first()
    rec = Recommendation.objects.first()
    pack = services.pack_generate(meeting, None)
    url = reverse("governance:agenda_add", args=[meeting.id])
    editor.post(
        url,
        {
            "title": "Practice week findings",
            "presenter": "Principal social worker",
            "theme": theme.id,
            "plan_action": action.id,
            "recommendation": rec.id,
            "pack": pack.id,
        },
    )
    item = AgendaItem.objects.get(title="Practice week findings")
    assert (item.theme, item.plan_action, item.recommendation, item.pack) == (
        theme,
        action,
        rec,
        pack,
    )
    assert item == list(meeting.agenda.all())[-1]  # added at the end
    editor.post(reverse("governance:agenda_move", args=[item.id]), {"direction": "up"})
    assert list(meeting.agenda.all())[-2] == item
    page = _page(editor, "governance:meeting", meeting.id)
    for link in (
        reverse("improvement:theme", args=[theme.id]),
        reverse("improvement:action", args=[action.id]),
        reverse("improvement:recommendation", args=[rec.id]),
        reverse("governance:pack", args=[pack.id]),
    ):
        assert link in page


def test_an_agenda_item_cannot_carry_another_meetings_pack(meeting, editor):
    other = Meeting.objects.exclude(pk=meeting.id).first()
    pack = services.pack_generate(other, None)
    response = editor.post(
        reverse("governance:agenda_add", args=[meeting.id]), {"title": "Item", "pack": pack.id}
    )
    assert response.status_code == 400
    assert 'href="#agenda-pack"' in response.content.decode()
    assert not AgendaItem.objects.filter(title="Item").exists()


def test_a_meeting_action_is_linked_to_the_plan_or_added_to_it(meeting, editor):
    url = reverse("governance:action_add", args=[meeting.id])
    existing = Action.objects.first()
    editor.post(url, {"text": "Report clinic uptake", "owner": "DCS", "plan_action": existing.id})
    assert MeetingAction.objects.get(text="Report clinic uptake").plan_action == existing

    priority = Priority.objects.first()
    response = editor.post(
        url, {"text": "Audit step-downs", "owner": "Head of QA", "new_in_priority": priority.id}
    )
    assert response.status_code == 400  # a plan action needs a due date
    assert "Enter the due date: a plan action needs one" in response.content.decode()
    editor.post(
        url,
        {
            "text": "Audit step-downs",
            "owner": "Head of QA",
            "due_date": "2025-06-30",
            "new_in_priority": priority.id,
        },
    )
    created = MeetingAction.objects.get(text="Audit step-downs").plan_action
    assert (created.title, created.owner_title, created.priority) == (
        "Audit step-downs",
        "Head of QA",
        priority,
    )
    assert created.due_date == dt.date(2025, 6, 30)

    both = {
        "text": "x",
        "owner": "y",
        "due_date": "2025-06-30",
        "plan_action": existing.id,
        "new_in_priority": priority.id,
    }
    assert editor.post(url, both).status_code == 400


def test_open_actions_and_challenges_show_on_the_body_page_until_done_and_answered(
    body, meeting, editor
):
    action = services.meeting_action_add(meeting, "Report caseloads", "Head of service", None, None)
    challenge_url = reverse("governance:challenge_add", args=[meeting.id])
    editor.post(
        challenge_url,
        {
            "raised_by": "Cllr Jones",
            "directed_to": "Director of children's services",
            "question": "Why are visits late?",
        },
    )
    challenge = Challenge.objects.get()
    assert challenge.directed_to == "Director of children's services"
    page = _page(editor, "governance:body", body.id)
    assert "Report caseloads" in page and "Why are visits late?" in page

    # The next meeting shows it, and so does its pack, until it is answered.
    later = body.meetings.filter(date__gt=meeting.date).first()
    assert "Why are visits late?" in _page(editor, "governance:meeting", later.id)
    assert (
        services.pack_generate(later, None).content["open_challenges"][0]["raised_by"]
        == "Cllr Jones"
    )

    editor.post(reverse("governance:action_status", args=[action.id]), {"status": "done"})
    answer_url = reverse("governance:challenge_answer", args=[challenge.id])
    future = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    response = editor.post(
        answer_url, {"answered_by": "DCS", "answered_on": future, "answer": "Two teams"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "cannot be in the future" in html and "Two teams" in html
    editor.post(answer_url, {"answered_by": "DCS", "answer": "Two teams lost managers"})
    page = _page(editor, "governance:body", body.id)
    assert "Report caseloads" not in page.split('id="open-actions"')[1].split("</table>")[0]
    assert "None: every challenge has been answered" in page
    assert services.pack_generate(later, None).content["open_challenges"] == []
    assert Change.objects.filter(item_type="challenge", field="answer").exists()


def test_the_calendar_shows_coming_and_past_meetings_across_bodies(
    seeded, elected_member_client, today
):
    html = _page(elected_member_client, "governance:calendar")
    coming, past = html.split('id="upcoming"')[1].split('id="past"')
    for body in Body.objects.all():
        assert (
            body.name.replace("'", "&#x27;") in coming and body.name.replace("'", "&#x27;") in past
        )
    first_past = Meeting.objects.filter(date__date__lt=today).order_by("-date").first()
    assert f"{first_past.date:%-d %B %Y}" in past


def test_read_only_roles_see_governance_but_change_nothing(meeting, client_as):
    for role in ("inspector", "elected_member"):
        client = client_as(role)
        page = _page(client, "governance:body", meeting.body_id)
        assert "Add a member" not in page and "Schedule a meeting" not in page
        page = _page(client, "governance:meeting", meeting.id)
        assert "Add an agenda item" not in page and "Record an action" not in page
        assert client.get(reverse("governance:body_new")).status_code == 403
        posts = [
            ("governance:body_edit", meeting.body_id, {**BODY, "kind": "scrutiny"}),
            ("governance:meeting_new", meeting.body_id, {"date": "2030-01-01", "time": "10:00"}),
            ("governance:agenda_add", meeting.id, {"title": "x"}),
        ]
        for name, arg, data in posts:
            assert client.post(reverse(name, args=[arg]), data).status_code == 403
    assert not AgendaItem.objects.filter(title="x").exists()
    assert not Meeting.objects.filter(date__year=2030).exists()


def test_a_forged_post_without_the_csrf_token_is_refused(meeting, make_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user("senior_leader"))
    response = client.post(reverse("governance:body_new"), BODY)
    assert response.status_code == 403
    response = client.post(reverse("governance:agenda_add", args=[meeting.id]), {"title": "Forged"})
    assert response.status_code == 403
    assert not Body.objects.filter(name="Fostering panel").exists()
    assert not AgendaItem.objects.filter(title="Forged").exists()


def test_a_body_edited_in_the_admin_site_enters_the_history(seeded, administrator_client):
    body = Body.objects.get(kind="scrutiny")
    url = reverse("admin:governance_body_change", args=[body.id])
    response = administrator_client.get(url)
    form = response.context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in form.initial.items() if k in form.fields}
    data["cadence"] = "Every 8 weeks"
    for formset in response.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        data.update({management.add_prefix(k): v for k, v in management.initial.items()})
        for inline in formset.formset.forms:
            data[inline.add_prefix("id")] = inline.instance.pk
            data.update(
                {
                    inline.add_prefix(k): ("" if v is None else v)
                    for k, v in inline.initial.items()
                    if k in inline.fields and v is not False
                }
            )
    response = administrator_client.post(url, data)
    assert response.status_code == 302
    change = Change.objects.get(item_type="body", item_id=body.id, field="cadence")
    assert (change.after, change.by) == ("Every 8 weeks", "administrator-user")
