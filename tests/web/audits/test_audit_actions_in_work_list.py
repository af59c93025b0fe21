"""Actions a case audit raised are in the compliance work list beside the statutory timescales,
with their due date and overdue status, for the readers the one decision lets see the child."""

from __future__ import annotations

import datetime as dt

import pytest
from audit_data import action, make_round
from django.urls import reverse

from sightline.web.accesslog.models import AccessEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def actions(demo_dataset, settings):
    settings.SIGHTLINE_TODAY = "2025-03-31"
    made = make_round("March audit", dt.date(2025, 3, 31),
                      [("C1", "Team A", "cp", "requires_improvement"),
                       ("C2", "Team B", "cin", "good")])  # fmt: skip
    c1, c2 = made.audits.get(child_id="C1"), made.audits.get(child_id="C2")
    action(c1, "Record the child's views", dt.date(2025, 3, 20))  # 11 days overdue
    action(c2, "Update the safety plan", dt.date(2025, 4, 2), owner="W2")  # due this week
    done = action(c1, "Hold a supervision", dt.date(2025, 3, 1))
    done.done_on = dt.date(2025, 3, 2)
    done.save()
    return c1, c2


def test_the_team_managers_work_list_holds_their_teams_audit_actions_with_overdue_status(
    actions, client_as
):
    c1, _c2 = actions
    manager = client_as("team_manager", teams=("Team A",), username="tm")
    html = manager.get(reverse("compliance:list")).content.decode()
    assert "Action from a case audit" in html
    assert "Record the child&#x27;s views (from the audit in March audit)" in html
    assert "Overdue 11 days" in html
    assert reverse("audits:audit", args=[c1.id]) in html
    # Team B's action is not theirs; an action marked done is no longer work.
    assert "Update the safety plan" not in html and "Hold a supervision" not in html
    # The list that showed C1 is in the access log.
    assert AccessEntry.objects.filter(child_id="C1", user__username="tm").exists()


def test_audit_actions_filter_and_export_as_the_other_items(actions, client_as):
    senior = client_as("senior_leader")
    only = senior.get(reverse("compliance:list"), {"event": "audit_action"}).content.decode()
    assert "Record the child" in only and "Update the safety plan" in only
    assert "Initial child protection conference" not in only.split('id="work"')[1]
    due = senior.get(reverse("compliance:list"), {"event": "audit_action",
                                                   "status": "due_this_week"}).content.decode()  # fmt: skip
    assert "Update the safety plan" in due and "Record the child" not in due
    csv = senior.get(reverse("compliance:list"), {"event": "audit_action", "format": "csv"})
    text = b"".join(csv.streaming_content).decode() if csv.streaming else csv.content.decode()
    assert "Action from a case audit" in text and "2025-03-20" in text


def test_the_home_page_counts_audit_actions_in_my_teams_work(actions, client_as):
    manager = client_as("team_manager", teams=("Team A",), username="tm")
    home = manager.get(reverse("core:home")).content.decode()
    assert "Action from a case audit" in home


def test_a_role_without_children_sees_no_audit_action(actions, client_as):
    member = client_as("elected_member")
    assert member.get(reverse("compliance:list")).status_code == 403


@pytest.mark.parametrize(
    ("given", "lands_on"),
    [
        ("/compliance/work/", "/compliance/work/"),  # a page of this site: back to it
        ("https://elsewhere.example/phish", "/audits/actions/"),  # never another site
        ("//elsewhere.example/", "/audits/actions/"),
        ("\U0001f600", "/audits/actions/"),  # text that is no page was a server error
        ("", "/audits/actions/"),
    ],
)
def test_marking_an_action_done_returns_to_a_page_of_this_site_only(
    actions, client_as, given, lands_on
):
    c1, _c2 = actions
    manager = client_as("team_manager", teams=("Team A",), username="tm")
    open_action = c1.actions.filter(done_on__isnull=True).first()
    reply = manager.post(reverse("audits:action_done", args=[open_action.id]), {"next": given})
    assert reply.status_code == 302 and reply["Location"] == lands_on
    open_action.refresh_from_db()
    assert open_action.done_on is not None
