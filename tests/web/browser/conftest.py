"""Browser tests: a real Chromium (Debian's package) driven by Playwright against the live server.

Never `playwright install`: the browser is /usr/bin/chromium (`make test` installs it when missing).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from axe_check import axe_violations

CHROMIUM = Path(os.environ.get("SIGHTLINE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Playwright's sync API runs an event loop in this thread; the test's database calls are still
# synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/web/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="module")
def browser():
    """One Chromium per test module, closed after it (its event loop must not outlive the module)."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium is missing at {CHROMIUM}: run `make browser` (apt-get install chromium)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def browser_home(_demo_store, sightline_home, settings):
    """A copy of the demo council in this test's own home, so uploads do not touch the shared one."""
    shutil.copytree(_demo_store.store.home / "snapshots", sightline_home / "snapshots")
    settings.SIGHTLINE_HOME = sightline_home
    settings.SIGHTLINE_COUNCIL = "999"
    settings.SIGHTLINE_BENCHMARK_COUNCIL = "372"
    settings.SIGHTLINE_TODAY = "2025-03-31"
    return sightline_home


@pytest.fixture
def accessible(page):
    """Assert the current page has no serious or critical accessibility violations (axe-core)."""

    def check(where: str) -> None:
        found = axe_violations(page)
        assert not found, f"{where}: serious or critical accessibility problems: {found}"

    return check
