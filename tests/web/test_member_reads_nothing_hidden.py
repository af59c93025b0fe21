"""An aggregate-only reader (an elected member) opens every page, pack and export it can reach on a
synthetic council with many small cells, and tries to work out each hidden cell from what it sees.

The reader is a crawler: from the home page it follows every link and every choice of a GET form
(the breakdown selector), and opens every download and pack PDF; nothing is listed by hand. A
meta-check compares what it reached with the permissions matrix: every page an elected member may
open is reached (or named below with the reason it is not).

For each indicator breakdown and each "within the year" table, the reader knows the headline's
numerator and denominator (the page's values by year, its export, the scorecard) and the parts
shown; each hidden part lies between 1 (zero is shown as zero) or 0, and 5 (if it takes every "c"
for a small figure) or no bound; it has worked a cell out when that range closes. Where it is
right about a hidden cell, the test fails. The truth is the same page opened by a performance
analyst. Every small figure is "c"; every "c" carries its reason on the page; the downloads hide
what the page hides.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

import pytest
from django.urls import Resolver404, resolve, reverse
from test_permissions_matrix import AGG, MATRIX, OK, OPEN

from sightline.indicators import registry
from sightline.suppression import SUPPRESSED, WITHHELD_REASON
from sightline.web.accounts.roles import Role
from sightline.web.governance.models import Meeting

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

SKIP = ("/static/", "/admin/", "/accounts/sign-out", "/accounts/oidc/")
# Pages of one kind seen often enough to meet their states; figure pages are every one.
PER_KIND = 4
FIGURE_VIEWS = {"performance:indicator", "benchmarks:indicator", "improvement:measure",
                "governance:pack", "governance:pack_pdf", "governance:meeting",
                "governance:body", "improvement:theme", "improvement:action"}  # fmt: skip
CHOICES = {"breakdown", "period", "format"}
# Pages an elected member may open that no link leads to, and why they need no reading here.
NOT_LINKED = {
    "accounts:two_factor": "asks for a code; no figures",
    "accounts:two_factor_setup": "sets up an authenticator app; no figures",
    "improvement:recommendation_new": "a form to write a recommendation; no figures",
    "accounts:password_change": "a form; no figures",
}


class _Page(HTMLParser):
    """Links, and the URLs a GET form's choices lead to."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self._form: dict | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form" and (a.get("method") or "get").lower() == "get":
            self._form = {"action": a.get("action") or "", "fixed": [], "choices": []}
        elif self._form is not None and tag == "input" and a.get("type") == "hidden":
            self._form["fixed"].append((a.get("name"), a.get("value") or ""))
        elif self._form is not None and tag == "select":
            self._select = a.get("name")
        elif self._form is not None and tag == "option" and self._select and a.get("value"):
            self._form["choices"].append((self._select, a["value"]))

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "form" and self._form is not None:
            for name, value in self._form["choices"]:
                query = urlencode([*self._form["fixed"], (name, value)])
                self.links.append(f"{self._form['action']}?{query}")
            self._form = None


@dataclass
class Opened:
    url: str
    view: str
    status: int
    content_type: str
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


def crawl(client, limit: int = 3000) -> list[Opened]:
    queue, seen, per_kind, opened = ["/"], set(), Counter(), []
    while queue and len(opened) < limit:
        url = queue.pop(0)
        parts = urlsplit(url)
        if url in seen or parts.scheme or parts.netloc or parts.path.startswith(SKIP):
            continue
        seen.add(url)
        try:
            view = resolve(parts.path).view_name
        except Resolver404:
            continue
        query = parse_qsl(parts.query)
        kind: tuple = (view, tuple(sorted(k for k, _ in query)))
        if view in FIGURE_VIEWS:  # each figure, each breakdown, period and download of it
            chosen = tuple(sorted((k, v) for k, v in query if k in CHOICES))
            kind = (
                view,
                parts.path,
                chosen,
                tuple(sorted(k for k, _ in query if k not in CHOICES)),
            )
        if per_kind[kind] >= (1 if view in FIGURE_VIEWS else PER_KIND):
            continue
        per_kind[kind] += 1
        response = client.get(url)
        content_type = response.get("Content-Type", "")
        opened.append(Opened(url, view, response.status_code, content_type, response.content))
        if "text/html" in content_type:
            page = _Page()
            page.feed(response.content.decode())
            for link in page.links:
                full = urljoin(url, unescape(link).split("#")[0])
                if full not in seen:
                    queue.append(full)
    return opened


# Reading an indicator page as the reader does.


def number(text: str) -> float | None:
    text = re.sub(r"<[^>]+>", "", text).replace(",", "").replace("%", "").strip()
    text = text.removesuffix(" days").removesuffix(" per 10000").strip()
    try:
        return float(text)
    except ValueError:
        return None


def table(html: str, marker: str) -> str:
    start = html.find(marker)
    return html[start : html.index("</table>", start)] if start >= 0 else ""


def rows(html: str) -> list[list[str]]:
    found = []
    for row in re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", html, re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        found.append([re.sub(r"<[^>]+>", "", c).strip() for c in cells])
    return found


def breakdown_parts(html: str) -> dict[str, tuple]:
    """Label -> (value, numerator, denominator) as shown: a number, or "c"."""
    found = {}
    for cells in rows(
        table(html, '<caption class="govuk-table__caption govuk-table__caption--s">By ')
    ):
        if len(cells) == 4 and cells[0] != "":
            found[cells[0]] = tuple(c if c == SUPPRESSED else number(c) for c in cells[1:])
    return found


def month_values(html: str) -> dict[str, object]:
    found = {}
    for cells in rows(table(html, 'id="period-values"')):
        if len(cells) == 2:
            found[cells[0]] = SUPPRESSED if cells[1].startswith(SUPPRESSED) else number(cells[1])
    return found


def headline(client, indicator_id: str) -> dict[str, float | None]:
    """The latest year's value, numerator and denominator as the reader's export of the values
    by year gives them (the page and the scorecard show no more)."""
    url = reverse("performance:indicator", kwargs={"indicator_id": indicator_id})
    lines = list(csv.DictReader(io.StringIO(client.get(url + "?format=csv").content.decode())))
    latest = {}
    for line in lines:
        if line.get("Value") not in ("", "no data", None):
            latest = line
    return {k: number(latest.get(c) or "") for k, c in
            (("value", "Value"), ("numerator", "Numerator"), ("denominator", "Denominator"))}  # fmt: skip


def closes(total: float, shown: list[float], hidden_truth: list[float]) -> float | None:
    """A hidden value the reader works out (and is right about), else None. A zero worked out
    is no disclosure (DfE shows a zero as zero): a headline of 0 says every part is 0."""
    rest, k = total - sum(shown), len(hidden_truth)
    for floor in (0, 1):
        for cap in (float("inf"), 5):
            if any(v < floor or v > cap for v in hidden_truth):
                continue
            low = max(floor, rest - (k - 1) * cap)
            high = min(cap, rest - (k - 1) * floor)
            if low >= high and low > 0:
                return low
    return None


def derivations(member_parts: dict, truth_parts: dict, total: dict, attributes) -> list[str]:
    found = []
    for index, attribute in attributes:
        known = total.get(attribute)
        if known is None:
            continue
        hidden = [label for label, cells in member_parts.items() if cells[index] == SUPPRESSED]
        if not hidden:
            continue
        shown = [cells[index] or 0 for cells in member_parts.values() if cells[index] != SUPPRESSED]
        truth = [truth_parts[label][index] or 0 for label in hidden]
        worked_out = closes(known, shown, truth)
        if worked_out is not None:
            found.append(f"{attribute} of {hidden} is {worked_out} (total {known})")
    return found


@pytest.fixture
def packs(synthetic_council, client_as):
    """A pack for a body with elected members and one for officers, made by a senior leader."""
    leader = client_as("senior_leader", username="leader")
    for kind in ("scrutiny", "qa_board"):
        meeting = Meeting.objects.filter(body__kind=kind).order_by("date").first()
        leader.post(reverse("governance:pack_generate", args=[meeting.id]))


def test_a_member_works_out_no_hidden_cell_on_any_page_pack_or_export(packs, client_as):
    from sightline.web.core import engine

    engine.clear_cache()
    member = client_as("elected_member", username="cllr")
    analyst = client_as("performance_analyst", username="analyst")
    opened = crawl(member)
    problems: list[str] = []

    # Everything an elected member may open is reached (the matrix is the list of pages).
    reached = {o.view for o in opened if o.status == 200}
    for name, page in MATRIX.items():
        member_may = page.access != OPEN and page.access.get(Role.ELECTED_MEMBER) in (OK, AGG)
        if member_may and page.method == "GET" and name not in reached and name not in NOT_LINKED:
            problems.append(f"{name}: an elected member may open it, but the crawl never did")
    assert any(o.view == "governance:pack_pdf" for o in opened)
    assert any("format=csv" in o.url for o in opened) and any("breakdown=" in o.url for o in opened)

    for page in opened:
        assert page.status < 500, page.url
        html = "text/html" in page.content_type  # every "c" carries its reason
        mark = re.search(r">\s*c\s*<", page.text) if html else None
        if mark and not re.search(r"c: |protect (privacy|confidentiality)", page.text):
            around = page.text[max(0, mark.start() - 200) : mark.end() + 50]
            problems.append(f"{page.url}: a 'c' without its reason: {around!r}")
        if page.view != "performance:indicator" or page.status != 200:
            continue
        query = dict(parse_qsl(urlsplit(page.url).query))
        if "format" in query:
            continue
        indicator = registry.get(resolve(urlsplit(page.url).path).kwargs["indicator_id"])
        truth_html = analyst.get(page.url).content.decode()
        total = headline(member, indicator.id)
        attributes = [(1, "numerator")] + ([] if indicator.unit == "rate_per_10k" else
                                           [(2, "denominator")])  # fmt: skip
        if "breakdown" in query:
            seen, truth = breakdown_parts(page.text), breakdown_parts(truth_html)
            if 'id="breakdown-withheld"' in page.text:
                assert not seen and WITHHELD_REASON in page.text, page.url
                continue
            export = member.get(page.url + "&format=csv").content.decode()
            for line in list(csv.reader(io.StringIO(export)))[1:]:
                label, shown = line[0], line[1]
                if label in seen and seen[label][0] == SUPPRESSED:
                    assert shown.startswith(SUPPRESSED), (
                        f"{page.url}: {label} {shown} in the export"
                    )
            for label, cells in truth.items():
                assert label in seen, f"{page.url}: {label} missing for the member"
                small = [v for v in cells[1:] if isinstance(v, float) and 1 <= v <= 5]
                if indicator.counts_children and small:
                    assert seen[label][0] == SUPPRESSED, f"{page.url}: {label} {cells} shown"
            problems += [f"{page.url}: {d}" for d in derivations(seen, truth, total, attributes)]
        if query.get("period") == "month" and indicator.unit == "count":
            seen, truth = month_values(page.text), month_values(truth_html)
            truth_total = sum(v or 0 for v in truth.values() if v != SUPPRESSED)
            truth_year = headline(analyst, indicator.id)["value"]
            if seen and truth_year is not None and truth_total == truth_year:  # months add up
                as_parts = {k: (v, v, None) for k, v in seen.items()}
                truth_parts = {k: (v, v, None) for k, v in truth.items()}
                problems += [
                    f"{page.url}: {d}"
                    for d in derivations(as_parts, truth_parts, total, [(1, "numerator")])
                ]
    assert not problems, "\n".join(problems[:40])
