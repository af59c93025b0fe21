"""Running a board in a real browser: a governance officer sets up a body, schedules a meeting,
builds its agenda and records its business; an accessibility check on each page."""

from __future__ import annotations

import pytest

from sightline.web.accounts.models import User

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"


@pytest.fixture
def plan(browser_home):
    from sightline.web.governance.seed import seed_calendar
    from sightline.web.improvement.seed import seed_plan

    seed_plan()
    seed_calendar()
    return browser_home


def _sign_in(page, base: str) -> None:
    User.objects.create_user(username="secretariat", password=PASSWORD, role="senior_leader")
    page.goto(f"{base}/accounts/sign-in/")
    page.get_by_label("User name").fill("secretariat")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/")


def _saved(page, message: str) -> None:
    page.locator(".govuk-notification-banner").get_by_text(message).wait_for()


def _open(page, summary: str) -> None:
    page.locator("summary", has_text=summary).click()


def test_an_officer_runs_a_meeting_from_agenda_to_answered_challenge(
    live_server, page, accessible, plan
):
    base = live_server.url
    _sign_in(page, base)
    page.goto(f"{base}/governance/")
    accessible("boards and meetings")

    page.get_by_role("link", name="Set up a body").click()
    accessible("new body")
    page.get_by_label("Purpose").fill("Approves foster carers")
    page.get_by_role("button", name="Save the body").click()
    page.locator(".govuk-error-summary").wait_for()
    assert "Enter the body's name" in page.locator(".govuk-error-summary").inner_text()
    assert page.get_by_label("Purpose").input_value() == "Approves foster carers"
    accessible("new body refused")
    page.get_by_label("Name").fill("Fostering panel")
    page.get_by_label("Kind of body").select_option("other")
    page.get_by_label("Chair").fill("Independent chair")
    page.get_by_role("button", name="Save the body").click()
    page.get_by_role("heading", name="Fostering panel").wait_for()
    accessible("body page")

    _open(page, "Add a member")
    page.get_by_label("Name").fill("Cllr Patel")
    page.get_by_label("Role").select_option("Elected member")
    page.get_by_label("Elected member (the body").check()
    page.get_by_role("button", name="Add the member").click()
    _saved(page, "Member added")
    assert "Cllr Patel" in page.locator("#members").inner_text()

    page.get_by_role("link", name="Schedule a meeting").click()
    accessible("schedule a meeting")
    _fill_date(page, "Date of the meeting", "24 4 2025")
    page.get_by_label("Start time").fill("14:00")
    page.get_by_label("Place").fill("Committee room 2")
    page.get_by_role("button", name="Schedule the meeting").click()
    page.get_by_role("heading", name="Meeting, 24 April 2025 14:00").wait_for()
    accessible("meeting page")

    _open(page, "Add an agenda item")
    page.get_by_label("Item", exact=True).fill("Sufficiency of foster carers")
    page.get_by_label("Presented by").fill("Head of fostering")
    page.get_by_label("Improvement theme it concerns").select_option(index=1)
    page.get_by_role("button", name="Add the item").click()
    _saved(page, "Agenda item added")
    assert "Head of fostering" in page.locator("#agenda").inner_text()

    _open(page, "Record a decision")
    page.get_by_label("Decision").fill("Recruitment campaign approved")
    page.get_by_role("button", name="Save decision").click()
    _saved(page, "Decision recorded")

    _open(page, "Record an action")
    page.get_by_label("Action", exact=True).fill("Report carer numbers by ward")
    page.get_by_label("Owner").fill("Head of fostering")
    _fill_date(page, "Due date", "30 5 2025")
    page.get_by_role("button", name="Save action").click()
    _saved(page, "Action recorded")

    _open(page, "Record a challenge")
    page.get_by_label("Raised by").fill("Cllr Patel")
    page.get_by_label("Put to").fill("Head of fostering")
    page.get_by_label("Challenge or question").fill("Why do carers leave in their first year?")
    page.get_by_role("button", name="Save challenge").click()
    _saved(page, "Challenge recorded")
    assert "Awaiting an answer" in page.locator("#challenges").inner_text()
    accessible("meeting page with business")

    _open(page, "Record the answer")
    page.get_by_label("Answered by").fill("Head of fostering")
    page.get_by_label("Answer", exact=True).fill("Exit interviews point to support at night")
    page.get_by_role("button", name="Save the answer").click()
    _saved(page, "Answer recorded")
    assert "support at night" in page.locator("#challenges").inner_text()

    page.get_by_role("link", name="Fostering panel").first.click()
    page.get_by_role("heading", name="Fostering panel").wait_for()
    assert "Report carer numbers by ward" in page.locator("#open-actions").inner_text()
    assert "every challenge has been answered" in page.locator("#open-challenges").inner_text()
    assert "24 April 2025" in page.locator("#upcoming").inner_text()
    assert "member added" in page.locator("#history").inner_text()
    accessible("body page with its meeting")

    page.goto(f"{base}/governance/calendar/")
    assert "Fostering panel" in page.locator("#upcoming").inner_text()
    accessible("calendar")


def _fill_date(page, legend: str, day_month_year: str) -> None:
    """The GOV.UK date input: a fieldset named by its legend holding Day, Month and Year boxes."""
    group = page.get_by_role("group", name=legend)
    for box, value in zip(("Day", "Month", "Year"), day_month_year.split(), strict=True):
        group.get_by_label(box).fill(value)
