"""Layout: no page overflows its width at 390 px (a phone) or 1280 px (a laptop), no resource a
page asks for is missing (fonts, scripts, styles), and every page has no serious or critical
accessibility violation (axe-core)."""

from __future__ import annotations

import pytest
from django.test import Client
from site_crawl import crawl
from test_journey import PASSWORD, _sign_in, _user

pytestmark = [pytest.mark.browser, pytest.mark.slow]
WIDTHS = (390, 1280)


# What sticks out: the innermost elements reaching past the viewport (for the failure message).
WIDEST = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1
               && ![...e.children].some(c => c.getBoundingClientRect().right >
                                              document.documentElement.clientWidth + 1))
  .slice(0, 3).map(e => e.tagName.toLowerCase() + '.' + e.className + ' in ' +
     [...(function* (n) { while (n && n !== document.body) { yield n; n = n.parentElement; } })(e)]
       .map(n => n.tagName.toLowerCase() + '[' + getComputedStyle(n).overflowX + ',' +
                 getComputedStyle(n).display + ',' + Math.round(n.getBoundingClientRect().width) + ']')
       .join('<')).join(', ')"""


@pytest.mark.django_db(transaction=True)
def test_no_page_overflows_at_390_or_1280_and_nothing_is_missing(
    live_server, browser, accessible, browser_home, seeded
):
    _user("ada", "administrator")
    client = Client()
    client.login(username="ada", password=PASSWORD)
    urls = [
        v.url
        for v in crawl(client, also=("/no-such-page/",))
        if "text/html" in v.content_type and "format=" not in v.url
    ]
    assert len(urls) > 40
    overflowing, missing, inaccessible = [], [], []
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 900})
        context.set_default_timeout(15_000)
        page = context.new_page()
        page.on(
            "response",
            lambda r: missing.append(f"{r.status} {r.url}")
            if r.status >= 400 and ("/static/" in r.url or "/assets/" in r.url)
            else None,
        )
        _sign_in(page, live_server.url, "ada")
        for url in urls:
            page.goto(live_server.url + url)
            sizes = page.evaluate(
                "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
            )
            if sizes[0] > sizes[1]:
                widest = page.evaluate(WIDEST)
                overflowing.append(f"{width}px {url}: {sizes[0]} wide ({widest})")
            if width == 1280:  # every page, once
                from axe_check import axe_violations

                found = axe_violations(page)
                if found:
                    inaccessible.append(f"{url}: {found}")
        context.close()
    assert not missing, missing[:20]
    assert not inaccessible, "\n".join(inaccessible[:30])
    assert not overflowing, "\n".join(overflowing[:60])
