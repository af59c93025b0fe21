"""Crawl the web app as one reader, following links from the home page (GET only).

Used by the plain-words test and the export test: every page a reader can reach, each named URL
visited a few times (not every child's timeline), with the page's visible text.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.urls import Resolver404, resolve

SKIP_PREFIXES = ("/admin/", "/static/", "/accounts/logout")
PER_NAME = 3  # visits per (URL name, query keys): enough to meet each kind of page's states


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.text.append(data.strip())


@dataclass
class Visited:
    url: str
    status: int
    content_type: str
    text: str  # visible text, one line per text node (HTML pages only)
    html: str


def crawl(client, start: str = "/", limit: int = 400, also: tuple[str, ...] = ()) -> list[Visited]:
    """Pages reachable from `start`, and `also` (pages no link leads to: refusals, not found)."""
    seen: set[str] = set()
    per_name: Counter = Counter()
    queue = [start, *also]
    visited: list[Visited] = []
    while queue and len(visited) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            continue
        if parts.path.startswith(SKIP_PREFIXES):
            continue
        try:
            view_name = resolve(parts.path).view_name
        except Resolver404:
            if url not in also:
                continue
            view_name = "not found"
        keys = tuple(sorted(k.split("=")[0] for k in parts.query.split("&") if k))
        bucket = (view_name, keys)
        if per_name[bucket] >= PER_NAME:
            continue
        per_name[bucket] += 1
        response = client.get(url)
        content_type = response.get("Content-Type", "")
        html = response.content.decode() if "text/html" in content_type else ""
        page = _Page()
        if html:
            page.feed(html)
        visited.append(Visited(url, response.status_code, content_type, "\n".join(page.text), html))
        for link in page.links:
            full = urljoin(url, link.split("#")[0])
            if full and full not in seen:
                queue.append(full)
    return visited
