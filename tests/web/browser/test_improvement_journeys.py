"""The improvement plan and governance in a real browser: each role does its part, with an
accessibility check on each page."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from sightline.store import Store
from sightline.web.accounts.models import User

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "governance"))
from pack_data import pdf_text, write_cin_assessments

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"


@pytest.fixture
def plan(browser_home):
    from sightline.web.governance.seed import seed_calendar
    from sightline.web.improvement.seed import seed_plan

    seed_plan()
    seed_calendar()
    return browser_home


def _sign_in(page, base: str, username: str, role: str) -> None:
    User.objects.create_user(username=username, password=PASSWORD, role=role)
    page.goto(f"{base}/accounts/sign-in/")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/")


def _open_action(page, title: str) -> None:
    page.get_by_role("link", name="Improvement").first.click()
    page.get_by_role(
        "link", name="Continued improvement in the quality and effectiveness of practice"
    ).click()
    page.get_by_role("link", name=title).click()
    page.get_by_role("heading", name=title).wait_for()


def test_a_lead_updates_an_action_with_evidence_and_completes_it(
    live_server, page, accessible, plan, tmp_path
):
    base = live_server.url
    _sign_in(page, base, "lead", "senior_leader")
    page.get_by_role("link", name="Improvement").first.click()
    page.get_by_role("heading", name="Improvement plan").wait_for()
    accessible("improvement plan")
    page.get_by_role(
        "link", name="Continued improvement in the quality and effectiveness of practice"
    ).click()
    page.locator("#measures").wait_for()
    accessible("theme page")
    title = "Train every child protection chair in Signs of Safety mapping"
    page.get_by_role("link", name=title).click()
    accessible("action page")

    evidence = tmp_path / "training-register.pdf"
    evidence.write_bytes(b"%PDF-1.4 register")
    page.get_by_label("What has been done").fill("Eight of ten chairs trained")
    page.get_by_label("Evidence title").fill("Training register")
    page.get_by_label("Or upload a file").set_input_files(str(evidence))
    page.get_by_role("button", name="Save update").click()
    page.get_by_text("Update saved").wait_for()
    assert "Training register" in page.locator("#evidence").inner_text()
    assert "Eight of ten chairs trained" in page.content()

    page.get_by_label("Status").select_option("complete")
    page.get_by_role("button", name="Save action").click()
    page.get_by_text("Action saved").wait_for()
    assert "Complete" in page.locator("#action-rag").inner_text()
    assert "Complete" in page.locator("#history").inner_text()
    accessible("action page after the update")

    # the measure behind the theme, the history of changes, the framework page
    page.get_by_role(
        "link", name="Continued improvement in the quality and effectiveness of practice"
    ).click()
    page.locator("#measures a").first.click()
    page.locator("#trajectory").wait_for()
    accessible("measure page")
    page.goto(f"{page.url.split('/improvement/')[0]}/improvement/history/")
    assert "Training register" in page.locator("#history").inner_text()
    accessible("history of changes")
    page.get_by_role("link", name="Framework").click()
    page.get_by_role("heading", name="Load another framework").wait_for()
    accessible("framework page")
    page.get_by_role("link", name="Recommendations").first.click()
    page.get_by_role("link", name="Add a recommendation").click()
    accessible("new recommendation")


def test_the_second_of_two_concurrent_edits_is_refused(live_server, browser, plan):
    base = live_server.url
    pages = []
    for name in ("ann", "bob"):
        context = browser.new_context()
        context.set_default_timeout(15_000)
        one = context.new_page()
        _sign_in(one, base, name, "senior_leader")
        _open_action(one, "Audit 40 assessments for quality and the child's voice")
        pages.append(one)
    ann, bob = pages
    ann.get_by_label("Owner (role or name)").fill("Head of quality assurance (interim)")
    ann.get_by_role("button", name="Save action").click()
    ann.get_by_text("Action saved").wait_for()
    bob.get_by_label("Title", exact=True).fill("Audit 50 assessments")
    bob.get_by_role("button", name="Save action").click()
    bob.locator("#stale").wait_for()
    text = bob.locator("#stale").inner_text()
    assert "ann changed this action after you opened it" in text
    assert "Head of quality assurance (interim)" in text
    for one in pages:
        one.context.close()


def test_a_measures_rag_moves_when_a_new_snapshot_arrives(live_server, page, accessible, plan):
    base = live_server.url
    store = Store(plan)
    write_cin_assessments(store, 2025, in_time=1, late=4)  # 20%: red against 85
    _sign_in(page, base, "analyst", "performance_analyst")
    page.get_by_role("link", name="Improvement").first.click()
    page.get_by_role(
        "link", name="Continued improvement in the quality and effectiveness of practice"
    ).click()
    row = page.locator('tr[data-indicator="assessments_45wd"]')
    assert "Red" in row.inner_text()
    write_cin_assessments(store, 2025, in_time=9, late=1)  # 90%: green
    page.reload()
    assert "Green" in row.inner_text()
    assert "90" in row.inner_text()


def test_a_recommendation_closes_only_with_evidence(live_server, page, accessible, plan):
    base = live_server.url
    _sign_in(page, base, "director", "senior_leader")
    page.goto(f"{base}/improvement/recommendations/")
    accessible("recommendations")
    page.get_by_role("link", name="DEMO-2").click()
    accessible("recommendation")
    page.get_by_label("How it has been met").fill("Supervision audit shows challenge recorded")
    page.get_by_role("button", name="Close with this evidence").click()
    page.get_by_text("closed only with evidence").first.wait_for()
    assert "Open" in page.locator("#rec-status").inner_text()
    accessible("recommendation refused")
    page.get_by_label("Evidence title").fill("Supervision audit, March")
    page.get_by_label("Link to evidence").fill("https://example.org/supervision-audit")
    page.get_by_role("button", name="Close with this evidence").click()
    page.get_by_text("Recommendation closed").wait_for()
    assert "Closed" in page.locator("#rec-status").inner_text()
    assert "Supervision audit, March" in page.locator("#evidence").inner_text()


def test_a_members_pack_is_a_pdf_without_child_level_data(
    live_server, page, accessible, plan, browser
):
    base = live_server.url
    write_cin_assessments(Store(plan), 2025, in_time=1, late=4)  # a red measure, children behind it
    _sign_in(page, base, "director", "senior_leader")
    page.get_by_role("link", name="Governance").first.click()
    accessible("governance")
    page.get_by_role("link", name="Improving Lives select commission").first.click()
    accessible("body")
    page.locator("#meetings table a").first.click()
    accessible("meeting")
    page.get_by_role("button", name="Generate a pack from the latest data").click()
    page.locator("#pack-provenance").wait_for()
    accessible("board pack")
    assert "Aggregate only" in page.locator("#pack-provenance").inner_text()
    pdf_url = page.get_by_role("link", name="Download as PDF").get_attribute("href")
    response = page.request.get(base + pdf_url)
    assert response.headers["content-type"] == "application/pdf"
    text = pdf_text(response.body())
    assert "Aggregate figures only." in text and "CHILD" not in text

    # a councillor opens the same pack: figures, no children, nothing to edit
    councillor = browser.new_context().new_page()
    _sign_in(councillor, base, "councillor", "elected_member")
    councillor.goto(base + pdf_url.removesuffix("pdf/"))
    councillor.locator("#pack-themes").wait_for()
    assert "CHILD" not in councillor.content()
    assert "Generate a pack" not in councillor.content()
    councillor.context.close()


def test_an_inspector_reads_the_plan_but_cannot_change_it(live_server, page, accessible, plan):
    base = live_server.url
    _sign_in(page, base, "inspector", "inspector")
    _open_action(page, "Weekly assessment timeliness clinic in each locality")
    assert page.get_by_role("button", name="Save update").count() == 0
    assert page.get_by_role("button", name="Save action").count() == 0
    assert "Red" in page.locator("#action-rag").inner_text()  # overdue in the demo
