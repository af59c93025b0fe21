"""A performance analyst's journey in a real browser, with an accessibility check on each page."""

from __future__ import annotations

import re

import pytest

from sightline.paths import samples
from sightline.web.accounts.models import TeamMembership, User

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PASSWORD = "correct horse battery staple"


def _user(username: str, role: str, teams=()) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, role=role)
    for team in teams:
        TeamMembership.objects.create(user=user, team=team)
    return user


def _sign_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/sign-in/")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/")


@pytest.mark.django_db(transaction=True)
def test_analyst_uploads_reads_problems_scorecard_child_and_signs_out(
    live_server, page, accessible, browser_home, tmp_path
):
    _user("ann", "performance_analyst")
    base = live_server.url
    page.goto(f"{base}/accounts/sign-in/")
    accessible("sign-in page")
    _sign_in(page, base, "ann")
    accessible("home page")

    # upload a sample return with a bad code in it
    sample = samples() / "cin" / "BAR_cin_2022.xml"
    bad = tmp_path / sample.name
    bad.write_bytes(sample.read_bytes().replace(b"<PrimaryNeedCode>N4", b"<PrimaryNeedCode>N99"))
    page.get_by_role("link", name="Imports").first.click()
    accessible("imports page")
    page.get_by_role("button", name="Upload return files").click()
    accessible("upload page")
    wrong = tmp_path / "notes.txt"
    wrong.write_text("not a return")
    page.get_by_label("Return files").set_input_files(str(wrong))
    page.get_by_role("button", name="Upload and check").click()
    page.get_by_text("notes.txt is not a return file").first.wait_for()
    accessible("upload page with an error")
    page.get_by_label("Return files").set_input_files(str(bad))
    page.get_by_role("button", name="Upload and check").click()
    page.wait_for_url(re.compile(r".*/imports/jobs/.*"))
    page.get_by_text("Imported", exact=True).wait_for()
    accessible("import job page")

    # its problems
    page.get_by_role("link", name="see the problem report").click()
    page.locator("#problems").get_by_text("N99").first.wait_for()
    accessible("problem report")

    # the scorecard, an indicator, the children behind it, one child's timeline
    page.get_by_role("link", name="Performance").first.click()
    page.get_by_role("heading", name="Performance scorecard").wait_for()
    accessible("scorecard")
    page.get_by_role("link", name="Referrals", exact=True).click()
    page.locator("svg.sightline-chart").first.wait_for()
    accessible("indicator page")
    page.locator("#drill-down").click()
    page.get_by_role("heading", name="The children behind the figure").wait_for()
    accessible("children behind the figure")
    page.get_by_role("link", name="C1", exact=True).click()
    page.locator("#timeline").wait_for()
    assert "Missed" in page.locator("#timeline").inner_text()
    accessible("child's timeline")

    # compliance and benchmarks
    page.get_by_role("link", name="Compliance").first.click()
    page.get_by_role("heading", name="Compliance").wait_for()
    accessible("compliance summary")
    page.goto(f"{base}/compliance/work/")
    accessible("compliance work list")
    page.get_by_role("link", name="Benchmarks").first.click()
    accessible("benchmarks")

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r".*/accounts/sign-in/"))
    page.goto(f"{base}/performance/")
    assert "/accounts/sign-in/" in page.url


@pytest.mark.django_db(transaction=True)
def test_team_manager_is_refused_another_teams_child(live_server, page, accessible, browser_home):
    _user("tim", "team_manager", teams=("Team B",))
    _sign_in(page, live_server.url, "tim")
    response = page.goto(f"{live_server.url}/children/C1/")
    assert response.status == 403
    assert "not allocated to one of your teams" in page.content()
    accessible("refusal page")


@pytest.mark.django_db(transaction=True)
def test_access_log_is_searchable_and_accessible(live_server, page, accessible, browser_home):
    _user("ada", "administrator")
    _sign_in(page, live_server.url, "ada")
    page.goto(f"{live_server.url}/children/C1/")
    page.goto(f"{live_server.url}/access-log/?child_id=C1")
    assert "child timeline" in page.locator("table").inner_text()
    accessible("access log")


def test_the_accessibility_check_can_fail(page, accessible):
    page.set_content(
        '<html lang="en"><body><main><img src="x.png"><input type="text"></main></body></html>'
    )
    with pytest.raises(AssertionError, match="image-alt"):
        accessible("a page with an unlabelled image")
