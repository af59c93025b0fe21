"""Each role's home page: my teams' work due, my actions, meetings coming, the last imports."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from sightline.web.accesslog.models import AccessEntry


@pytest.fixture
def at_census_day(demo_dataset, settings):
    settings.SIGHTLINE_TODAY = "2025-03-31"
    settings.SIGHTLINE_COUNCIL = "999"
    return demo_dataset


def test_a_team_manager_sees_their_own_teams_work_and_no_other_team(at_census_day, client_as):
    client = client_as("team_manager", teams=("Team A",))
    page = client.get(reverse("core:home")).content.decode()
    assert "My teams&#x27; work due" in page or "My teams' work due" in page
    assert "for Team A" in page
    assert "Team B" not in page
    # Team B's children are not listed: not linked, not in a cell (a bare "C2" could be in a
    # random CSRF token or CSP nonce)
    for child in ("C2", "C4"):
        assert f"/children/{child}/" not in page
        assert not re.search(rf">\s*{child}\s*<", page)


def test_the_children_listed_on_the_home_page_are_logged(at_census_day, client_as):
    client = client_as("performance_analyst")
    page = client.get(reverse("core:home")).content.decode()
    assert 'id="home-work"' in page
    entries = AccessEntry.objects.filter(what="home: work due")  # one record per child shown
    assert {e.children_shown for e in entries} == {page.count('href="/children/')}
    assert entries.count() == max(1, page.count('href="/children/'))


def test_an_elected_member_sees_counts_only_with_small_numbers_suppressed(
    at_census_day, elected_member_client
):
    page = elected_member_client.get(reverse("core:home")).content.decode()
    assert "Work due" in page
    assert 'id="home-work"' not in page  # no child listed
    assert "/children/" not in page
    overdue = page.split('id="home-overdue">')[1].split("<")[0]
    assert overdue == "c" or overdue == "0" or int(overdue) >= 5


def test_the_header_names_the_council(at_census_day, client_as, settings):
    settings.SIGHTLINE_COUNCIL = "372"
    page = client_as("senior_leader").get(reverse("core:home")).content.decode()
    assert 'id="council-name">Rotherham (372)<' in page


def test_my_actions_lists_the_readers_open_actions_overdue_and_blocked_flagged(
    seeded, senior_leader_client
):
    from sightline.web.improvement.models import Action

    user = senior_leader_client.user
    actions = list(Action.objects.all()[:2])
    actions[0].owner, actions[0].due_date, actions[0].status = user, dt.date(2025, 1, 1), "blocked"
    actions[1].owner, actions[1].due_date, actions[1].status = (
        user,
        dt.date(2025, 4, 10),
        "in_progress",
    )
    for a in actions:
        a.save()
    page = senior_leader_client.get(reverse("core:home")).content.decode()
    assert "My actions" in page
    assert actions[0].title in page and actions[1].title in page
    assert "Overdue" in page and "Blocked" in page and "Due soon" in page
    assert "1 January 2025" in page


def test_meetings_coming_are_listed_in_words(seeded, elected_member_client):
    page = elected_member_client.get(reverse("core:home")).content.decode()
    assert "Board meetings coming" in page
    assert "2025" in page


def test_the_last_imports_say_what_changed(at_census_day, inspector_client):
    page = inspector_client.get(reverse("core:home")).content.decode()
    assert "What changed with the last import" in page
    assert "CIN census year to 31 March 2025" in page
