"""Case audits in a real browser, each step by the role that does it: the QA lead sets up and draws
a round, the auditor saves, resumes and submits, the QA lead moderates, the team manager responds
and sets an action, and a councillor sees the figures only. An accessibility check on each page."""

from __future__ import annotations

import pytest

from sightline.web.accounts.models import TeamMembership, User
from sightline.web.audits.models import Audit

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"


def _user(name: str, role: str, teams=()) -> None:
    user = User.objects.create_user(username=name, password=PASSWORD, role=role)
    for team in teams:
        TeamMembership.objects.create(user=user, team=team)


def _sign_in(page, base: str, name: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/sign-in/")
    page.get_by_label("User name").fill(name)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/")


def _saved(page, message: str) -> None:
    page.locator(".govuk-notification-banner").get_by_text(message).wait_for()


def _fill_date(page, legend: str, day_month_year: str) -> None:
    group = page.get_by_role("group", name=legend)
    for box, value in zip(("Day", "Month", "Year"), day_month_year.split(), strict=True):
        group.get_by_label(box).fill(value)


def test_an_audit_round_from_draw_to_moderation_and_response(
    live_server, page, accessible, browser_home
):
    base = live_server.url
    _user("lead", "qa_lead")
    _user("amy", "auditor", teams=("Team B",))
    _user("tm", "team_manager", teams=("Team A",))
    _user("cllr", "elected_member")

    # The QA lead sets up a round and draws its sample.
    _sign_in(page, base, "lead")
    page.get_by_role("link", name="Audits").first.click()
    accessible("audit programme")
    page.get_by_role("link", name="Set up a round").click()
    page.get_by_role("button", name="Set up the round").click()  # empty: refused field by field
    page.locator(".govuk-error-summary").get_by_text("Enter the round's title").wait_for()
    accessible("round set-up with errors")
    page.get_by_label("Title").fill("March audit")
    page.get_by_label("Monthly audit").check()
    _fill_date(page, "Start of the period", "1 3 2025")
    _fill_date(page, "End of the period", "31 3 2025")
    page.get_by_label("Team", exact=True).check()
    page.get_by_label("Cases drawn at random from each").fill("5")
    page.get_by_label("Seed").fill("7")
    page.get_by_role("button", name="Set up the round").click()
    _saved(page, "Round set up")
    page.get_by_role("button", name="Draw the sample").click()
    _saved(page, "Sample drawn: 4 cases allocated")
    accessible("round with its sample")
    audit = Audit.objects.filter(team="Team A").order_by("child_id").first()
    Audit.objects.filter(pk=audit.pk).update(auditor=User.objects.get(username="amy"))

    # The auditor finds the case, saves part-way, comes back and submits.
    _sign_in(page, base, "amy")
    page.goto(f"{base}/audits/my-cases/")
    page.get_by_role("link", name=audit.child_id).click()
    page.locator("#timeline").wait_for()
    accessible("audit form beside the timeline")
    page.get_by_role("group", name="Assessment").get_by_label("Inadequate").check()
    page.get_by_role("button", name="Save and come back later").click()
    _saved(page, "Audit saved")
    assert page.get_by_role("group", name="Assessment").get_by_label("Inadequate").is_checked()
    for section in Audit.objects.get(pk=audit.pk).form.definition["sections"]:
        page.get_by_role("group", name=section["title"]).get_by_label("Inadequate").check()
    page.get_by_role("group", name="Overall grade").get_by_label("Inadequate").check()
    page.get_by_label("Findings").fill("No safety plan; visits missed")
    page.get_by_label("Drift and delay").check()
    page.get_by_role("button", name="Submit the audit").click()
    _saved(page, "Audit submitted")

    # The QA lead moderates it: every inadequate audit is second-read.
    _sign_in(page, base, "lead")
    page.goto(f"{base}/audits/moderation/")
    accessible("moderation queue")
    page.get_by_role("link", name=audit.child_id).click()
    page.get_by_label("Moderated overall grade").select_option("requires_improvement")
    page.get_by_role("button", name="Save the moderation").click()
    page.get_by_text("Give the reason for changing the grade").first.wait_for()
    page.get_by_label("Reasons for any change").fill("A safety plan is on file")
    page.get_by_role("button", name="Save the moderation").click()
    _saved(page, "Moderation saved")
    page.goto(f"{base}/audits/calibration/")
    page.locator("#agreement-auditors").get_by_text("amy").wait_for()
    accessible("calibration")

    # The team manager responds and sets an action, which appears in their list.
    _sign_in(page, base, "tm")
    page.goto(f"{base}/audits/audit/{audit.pk}/")
    page.get_by_label("The team manager's response").fill("Agreed: weekly supervision")
    page.get_by_role("button", name="Save the responses").click()
    _saved(page, "Response saved")
    page.get_by_label("Action", exact=True).fill("Write the safety plan with the family")
    page.get_by_label("Owner").fill("W1")
    _fill_date(page, "Due date", "30 4 2025")
    page.get_by_role("button", name="Add the action").click()
    _saved(page, "Action added")
    page.goto(f"{base}/audits/actions/")
    page.locator("#audit-actions").get_by_role(
        "cell", name="Write the safety plan with the family", exact=True
    ).wait_for()
    page.goto(f"{base}/children/{audit.child_id}/")
    page.locator("#child-audits").get_by_text("March audit").wait_for()

    # A councillor sees the programme's figures, and no case.
    _sign_in(page, base, "cllr")
    page.goto(f"{base}/audits/")
    assert page.locator("#drill-down").count() == 0
    page.goto(f"{base}/audits/audit/{audit.pk}/")
    assert "Your role does not allow this page" in page.content()
