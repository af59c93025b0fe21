"""Content-Security-Policy: every page carries it, it lets in only Sightline's own files, and no
page has an inline script, inline style or event-handler attribute the policy would block."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from site_crawl import crawl

pytestmark = pytest.mark.django_db

# What the browser would refuse under script-src/style-src 'self' (no 'unsafe-inline').
INLINE = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>"),
    "style element": re.compile(r"<style[\s>]"),
    "style attribute": re.compile(r"<[a-z][^>]*\sstyle=", re.IGNORECASE),
    "event handler": re.compile(r"<[a-z][^>]*\son[a-z]+=", re.IGNORECASE),
    "javascript: link": re.compile(r"href=\"javascript:", re.IGNORECASE),
}


def directives(header: str) -> dict[str, list[str]]:
    parts = [p.strip().split() for p in header.split(";") if p.strip()]
    return {p[0]: p[1:] for p in parts}


def problems(url: str, response, html: str) -> list[str]:
    found = []
    header = response.get("Content-Security-Policy", "")
    if not header:
        return [f"{url}: no Content-Security-Policy header"]
    policy = directives(header)
    if policy.get("script-src") != ["'self'"] or policy.get("style-src") != ["'self'"]:
        found.append(f"{url}: policy allows more than our own files: {header}")
    if "'unsafe-inline'" in header or "'unsafe-eval'" in header:
        found.append(f"{url}: unsafe source in {header}")
    for what, pattern in INLINE.items():
        hit = pattern.search(html)
        if hit:
            found.append(f"{url}: {what}: {hit.group(0)[:100]}")
    return found


def test_the_policy_allows_only_our_own_origin_and_refuses_framing(client):
    policy = directives(client.get(reverse("accounts:login"))["Content-Security-Policy"])
    assert policy["default-src"] == ["'none'"]
    for directive in (
        "script-src",
        "style-src",
        "img-src",
        "font-src",
        "connect-src",
        "form-action",
    ):
        assert policy[directive] == ["'self'"], directive
    assert policy["frame-ancestors"] == ["'none'"] and policy["object-src"] == ["'none'"]


@pytest.mark.slow
def test_every_page_carries_the_policy_and_nothing_inline_that_it_would_block(
    demo_dataset, seeded, client_as, settings
):
    settings.SIGHTLINE_COUNCIL = "999"
    client = client_as("administrator", username="ada")
    pages = crawl(client, also=("/no-such-page/", "/accounts/users/invite/"))
    assert len(pages) > 40
    found = []
    for page in pages:
        response = client.get(page.url)
        found += problems(page.url, response, page.html)
    # Pages seen before signing in, and the two-factor pages.
    visitor = Client()
    for name in ("accounts:login", "accounts:password_reset", "accounts:password_reset_done"):
        url = reverse(name)
        response = visitor.get(url)
        found += problems(url, response, response.content.decode())
    settings.SIGHTLINE_TWO_FACTOR_ROLES = ["administrator"]
    response = client.get(reverse("accounts:two_factor_setup"))
    assert b"<svg" in response.content
    found += problems("two-factor set-up", response, response.content.decode())
    assert not found, "\n".join(found[:50])


def test_the_server_error_page_has_nothing_inline():
    from django.template import loader

    html = loader.get_template("core/error_500.html").render({"reference": "ABCD1234"})
    assert not [what for what, pattern in INLINE.items() if pattern.search(html)]
