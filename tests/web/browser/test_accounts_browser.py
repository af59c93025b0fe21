"""In Chromium: sign in with a password and a TOTP code worked out here from the key the set-up
page shows; the key pages open with no Content-Security-Policy violation (GOV.UK Frontend and
htmx still work under the policy)."""

from __future__ import annotations

import pytest
from test_journey import PASSWORD, _user
from totp_code import App

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# Violations reach the page as `securitypolicyviolation` events (and the console): keep both.
WATCH = """window.__csp = [];
document.addEventListener('securitypolicyviolation',
  e => window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + e.sourceFile + ':' + e.lineNumber));"""


def _watched(page) -> list[str]:
    console: list[str] = []
    page.add_init_script(WATCH)
    page.on(
        "console",
        lambda m: console.append(m.text)
        if "Content Security Policy" in m.text or "Refused to" in m.text
        else None,
    )
    return console


def _violations(page, console) -> list[str]:
    return [*page.evaluate("() => window.__csp || []"), *console]


def _password(page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/sign-in/")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


@pytest.mark.django_db(transaction=True)
def test_a_team_manager_enrols_then_signs_in_with_a_code_and_no_page_breaks_the_policy(
    live_server, page, browser_home, settings, accessible
):
    settings.SIGHTLINE_TWO_FACTOR_ROLES = ["team_manager", "administrator"]
    _user("tess", "team_manager", teams=("Team A",))
    base = live_server.url
    console = _watched(page)
    _password(page, base, "tess")
    page.wait_for_url(f"{base}/accounts/two-factor/set-up/**")
    assert page.locator("#qr-code svg").is_visible()
    accessible("two-factor set-up")
    page.get_by_text("I cannot scan the code").click()  # GOV.UK Frontend's details component
    app = App(page.locator("#secret-key").inner_text())
    page.get_by_label("Code from your authenticator app").fill(app.code())
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"{base}/")
    assert "Two-factor sign-in is set up" in page.inner_text("main")
    for path in ("/performance/", "/children/C1/", "/glossary/", "/accounts/profile/"):
        page.goto(base + path)
        assert page.locator("h1").count() >= 1, path
    assert page.evaluate("() => document.body.classList.contains('govuk-frontend-supported')")

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{base}/accounts/sign-in/")
    _password(page, base, "tess")
    page.wait_for_url(f"{base}/accounts/two-factor/**")
    accessible("two-factor code")
    page.get_by_label("Code from your authenticator app").fill(app.code())
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"{base}/")
    assert page.locator("h1").count() >= 1
    assert _violations(page, console) == []


@pytest.mark.django_db(transaction=True)
def test_an_administrators_pages_and_htmx_upload_work_under_the_policy(
    live_server, page, browser_home, accessible
):
    _user("ada", "administrator")
    base = live_server.url
    console = _watched(page)
    _password(page, base, "ada")
    page.wait_for_url(f"{base}/")
    found = []
    for path in ("/accounts/users/", "/accounts/users/invite/", "/imports/upload/",
                 "/accesslog/", "/performance/indicators/referrals/", "/accounts/password/"):  # fmt: skip
        page.goto(base + path)
        found += _violations(page, console)
    accessible("users")
    # htmx is loaded and working: it marks the page it processed.
    page.goto(f"{base}/imports/upload/")
    assert page.evaluate("() => typeof htmx !== 'undefined' && htmx.version.length > 0")
    page.goto(f"{base}/accounts/users/invite/")
    page.get_by_role("button", name="Send the invitation").click()
    assert "There is a problem" in page.inner_text("main")
    assert found + _violations(page, console) == []
