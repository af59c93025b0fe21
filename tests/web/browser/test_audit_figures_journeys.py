"""The case audits' figures where people work, in a real browser: a team manager finds an audit's
action in their compliance work list and opens the audit from it; a senior leader reads "% good or
better" on the scorecard and generates the QA board's pack with its cover, summary and audits
section. An accessibility check on each page."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest
from test_audit_journeys import _sign_in as sign_in
from test_audit_journeys import _user

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "audits"))
from audit_data import action, make_round

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def audited(browser_home):
    from sightline.web.governance.seed import seed_calendar
    from sightline.web.improvement.seed import seed_plan

    seed_plan()
    seed_calendar()
    made = make_round("March audit", dt.date(2025, 3, 31),
                      [("C1", "Team A", "cp", "requires_improvement"),
                       ("C2", "Team B", "cin", "good")]
                      + [(f"X{i}", "Team A", "cin", "good") for i in range(6)])  # fmt: skip
    action(made.audits.get(child_id="C1"), "Write the safety plan with the family",
           dt.date(2025, 3, 20))  # fmt: skip
    action(made.audits.get(child_id="C2"), "Team B's own action", dt.date(2025, 3, 21))
    return made


def _sign_in(page, base: str, name: str, role: str, teams=()) -> None:
    _user(name, role, teams)
    sign_in(page, base, name)


def test_a_team_manager_finds_an_audit_action_in_the_work_list(
    live_server, page, accessible, audited
):
    base = live_server.url
    _sign_in(page, base, "tm", "team_manager", teams=("Team A",))
    page.goto(f"{base}/compliance/work/")
    page.get_by_label("Event").select_option("audit_action")
    page.get_by_role("button", name="Filter").click()
    work = page.locator("#work")
    work.get_by_text("Write the safety plan with the family", exact=False).wait_for()
    assert "Overdue 11 days" in work.inner_text()
    assert "Team B's own action" not in work.inner_text()
    accessible("work list with an audit action")
    work.get_by_role("link", name="Action from a case audit").first.click()
    page.locator("#timeline").wait_for()  # the audit beside the child's timeline


def test_a_senior_leader_reads_the_audit_share_and_the_qa_boards_pack(
    live_server, page, accessible, audited
):
    base = live_server.url
    _sign_in(page, base, "director", "senior_leader")
    page.goto(f"{base}/performance/")
    row = page.get_by_role("row", name="Audited cases graded good or better")
    assert "87.5%" in row.inner_text() and "7 of 8 audited cases" in row.inner_text()
    accessible("scorecard with the audit share")
    page.goto(f"{base}/governance/")
    page.get_by_role("link", name="Quality assurance and performance board").first.click()
    page.locator("#meetings table a").first.click()
    page.get_by_role("button", name="Generate a pack from the latest data").click()
    page.locator("#pack-cover").wait_for()
    assert "Executive summary" in page.content()
    assert "87.5%" in page.locator("#pack-audits").inner_text()
    page.locator("#pack-audit-ofsted").wait_for()
    accessible("QA board pack")
    for width in (390, 1280):  # the pack fits a phone and a laptop: wide tables scroll inside
        page.set_viewport_size({"width": width, "height": 900})
        page.reload()
        page.locator("#pack-cover").wait_for()
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= width, f"the pack is {wide} px wide at {width} px"
    pdf_url = page.get_by_role("link", name="Download as PDF").get_attribute("href")
    assert page.request.get(base + pdf_url).headers["content-type"] == "application/pdf"
