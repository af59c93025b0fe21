"""Each role's home, in Chromium: the council named in the header, the reader's own work first,
nothing the reader may not see, no serious accessibility problem, and no overflow on a phone."""

from __future__ import annotations

import re

import pytest
from test_journey import _sign_in, _user

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHILD_ID = re.compile(r"\bC\d+\b")  # the demo council's child identifiers


def _home_text(page, live_server, username: str) -> str:
    _sign_in(page, live_server.url, username)
    page.goto(live_server.url + "/")
    return page.locator("main").inner_text()


@pytest.mark.django_db(transaction=True)
def test_a_team_manager_lands_on_their_own_teams_work(
    live_server, page, accessible, browser_home, seeded
):
    _user("tm", "team_manager", teams=("Team A",))
    text = _home_text(page, live_server, "tm")
    assert page.locator("#council-name").inner_text().strip()
    assert "My teams' work due" in text
    assert "Team A" in text and "Team B" not in text
    accessible("team manager's home")


@pytest.mark.django_db(transaction=True)
def test_a_senior_leader_sees_the_councils_work_meetings_and_actions(
    live_server, page, accessible, browser_home, seeded
):
    _user("sl", "senior_leader")
    text = _home_text(page, live_server, "sl")
    assert "Work due" in text
    assert "Board meetings coming" in text
    assert "What changed with the last import" in text
    assert CHILD_ID.search(text)  # a reader of child-level data sees the children first in line
    accessible("senior leader's home")


@pytest.mark.django_db(transaction=True)
def test_an_elected_member_sees_counts_and_never_a_child(
    live_server, page, accessible, browser_home, seeded
):
    _user("cllr", "elected_member")
    text = _home_text(page, live_server, "cllr")
    assert "Work due" in text
    assert not CHILD_ID.search(text), CHILD_ID.search(text)
    accessible("elected member's home")


@pytest.mark.django_db(transaction=True)
def test_every_home_fits_a_phone(live_server, browser, browser_home, seeded):
    roles = {"tm": ("team_manager", ("Team A",)), "sl": ("senior_leader", ()),
             "cllr": ("elected_member", ()), "qa": ("qa_lead", ()), "pa": ("performance_analyst", ())}  # fmt: skip
    for username, (role, teams) in roles.items():
        _user(username, role, teams=teams)
    overflowing = []
    for username in roles:
        context = browser.new_context(viewport={"width": 390, "height": 900})
        context.set_default_timeout(15_000)
        page = context.new_page()
        _sign_in(page, live_server.url, username)
        page.goto(live_server.url + "/")
        scroll, client = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        if scroll > client:
            overflowing.append(f"{username}: {scroll} px wide at 390")
        context.close()
    assert not overflowing, overflowing
