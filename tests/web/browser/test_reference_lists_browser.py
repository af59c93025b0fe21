"""A performance analyst loads Ofsted's providers list in a real browser, at a phone's width and a
laptop's: the upload page and the reference lists page fit the screen and pass axe, a list that
cannot be read is refused in the GOV.UK error summary, and one that reads is listed."""

from __future__ import annotations

import pytest
from axe_check import axe_violations
from test_journey import _sign_in, _user

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PROVIDERS = (
    b"URN,Setting postcode,Provider Placement Code,Registration date,Closed date\n"
    b"1234567,LS1 4AP,K2,01/01/2010,\n"
)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [390, 1280])
def test_an_analyst_uploads_a_providers_list(width, live_server, browser, browser_home, tmp_path):
    _user("ana", "performance_analyst")
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.set_default_timeout(180_000)  # the upload checks the demo's 903 returns again
    page = context.new_page()
    _sign_in(page, live_server.url, "ana")
    page.goto(f"{live_server.url}/validation/references/upload/")
    fits = "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    assert page.evaluate(fits)
    assert not axe_violations(page), "reference list upload"

    bad = tmp_path / "list.csv"
    bad.write_bytes(b"Name,Town\nA home,Leeds\n")
    page.get_by_label("Ofsted's list of providers").check()
    page.get_by_label("Files").set_input_files(str(bad))
    page.get_by_role("button", name="Upload and check the returns again").click()
    summary = page.locator(".govuk-error-summary")
    summary.get_by_text("is not one of Ofsted's provider lists").wait_for()
    assert page.evaluate(fits)
    assert not axe_violations(page), "reference list refused"

    good = tmp_path / "childrens_homes.csv"
    good.write_bytes(PROVIDERS)
    page.get_by_label("Ofsted's list of providers").check()
    page.get_by_label("Files").set_input_files(str(good))
    page.get_by_role("button", name="Upload and check the returns again").click()
    page.locator("#uploaded").wait_for()
    page.locator("#lists").get_by_text("childrens_homes.csv (1 provider)").wait_for()
    assert page.evaluate(fits)
    assert not axe_violations(page), "reference lists"
    context.close()
