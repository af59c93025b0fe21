"""A performance analyst checks a CIN census before submitting it, in a real browser: upload it,
open its validation report, filter to one rule, open a child, download the XLSX and read it."""

from __future__ import annotations

import re

import pytest
from openpyxl import load_workbook

from sightline.paths import samples
from sightline.web.accounts.models import User

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PASSWORD = "correct horse battery staple"


@pytest.mark.django_db(transaction=True)
def test_analyst_works_through_the_validation_report(
    live_server, page, accessible, browser_home, tmp_path
):
    User.objects.create_user(username="val", password=PASSWORD, role="performance_analyst")
    base = live_server.url
    page.goto(f"{base}/accounts/sign-in/")
    page.get_by_label("User name").fill("val")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/")

    page.goto(f"{base}/imports/upload/")
    page.get_by_label("Return files").set_input_files(str(samples() / "cin" / "fake_CIN_data.xml"))
    page.get_by_role("button", name="Upload and check").click()
    page.wait_for_url(re.compile(r".*/imports/jobs/.*"))
    page.get_by_role("link", name="validation report").first.click()
    page.locator("#ready").get_by_text("Not ready to submit").wait_for()
    accessible("validation report")

    page.get_by_label("Rule").select_option("8790")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url(re.compile(r".*code=8790.*"))
    rows = page.locator("#findings tbody tr")
    assert rows.count() == 3
    child = rows.first.locator("a.child-link").inner_text()
    rows.first.locator("a.child-link").click()
    page.get_by_role("heading", name=f"Child {child}: every finding").wait_for()
    accessible("a child's findings")

    page.get_by_label("Rule").select_option("8790")
    page.get_by_role("button", name="Filter").click()
    with page.expect_download() as download:
        page.locator("#download-xlsx").click()
    saved = tmp_path / "report.xlsx"
    download.value.save_as(saved)
    book = load_workbook(saved, read_only=True)
    findings = list(book["Findings"].iter_rows(values_only=True))
    assert [r[:2] for r in findings[1:]] == [(child, "8790")]
    assert book["By rule"]["A1"].value.startswith("fake_CIN_data.xml")
