"""Plain words on every page: no ISO timestamps, capability or role ids, indicator ids, XPaths,
snapshot ids or undecoded 903 codes in what a reader sees. The test crawls every page of the demo
data as an administrator and as an elected member and searches the text."""

from __future__ import annotations

import re

import pytest
from site_crawl import crawl

from sightline.codes import code_list_903
from sightline.indicators import registry
from sightline.web.accounts.roles import Capability, Role

ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?")
XPATH = re.compile(r"(?:/[A-Z][A-Za-z]+){2,}")
# Indicator ids that are also ordinary words ("referrals", "caseload") are left to the other checks.
INDICATOR_IDS = sorted(i.id for i in registry.indicators() if "_" in i.id or i.id[-1].isdigit())
# The engine's table names ("needs csww_council_figures"), never a reader's words.
TABLE_NAMES = re.compile(r"\b(?:ssd|csww|s903)_[a-z0-9_]+\b")
INTERNAL_IDS = re.compile(
    r"\b(?:" + "|".join(re.escape(x) for x in [*Capability, *(r for r in Role if "_" in r),
                                                *INDICATOR_IDS]) + r")\b"
)  # fmt: skip


# A snapshot's id as the store makes it ("cin-E08000018-2025-20261201T194109320305Z"): a reader
# sees the return, the year and when it was imported instead.
SNAPSHOT_ID = re.compile(
    r"\b(?:cin|ssda903|annex_a|csww|ssd)-[\w]+-(?:\d{4}|unknown)-\d{8}T\d{6,12}Z"
)
# A 903 code that has a name, shown bare: decoded it reads "Full care order (C2)", the code in
# brackets. Codes that are also English words (OTHER, CHILD, PLACE) are left out.
CODES_903 = sorted(
    {
        code
        for column in ("LS", "PLACE", "PLACE_PROVIDER", "REC", "REASON_PLACE_CHANGE", "REVIEW_CODE")
        for code in code_list_903(column)
        if not code.isalpha()
    },
    key=len,
    reverse=True,
)
BARE_903_CODE = re.compile(r"(?<![(\w/-])(?:" + "|".join(CODES_903) + r")(?![\w)/-])")


def _dfe_rule_messages() -> frozenset[str]:
    """The DfE's 903 rule messages, shown as the DfE wrote them (codes and all: "unless the
    placement type is P1"); the bare-code check leaves these lines alone, and only these."""
    from sightline.rules.ssda903 import _messages

    return frozenset(m.strip() for rows in _messages().values() for _, m in rows)


DFE_RULE_MESSAGES = _dfe_rule_messages()
CLI_WORDS = re.compile(r"(?<![\w-])--(?:year|today|period|council)\b")


def findings(pages) -> list[str]:
    found = []
    for page in pages:
        on_page = 0
        for line in page.text.splitlines():
            if on_page >= 3:  # a few per page say enough
                break
            for pattern, what in (
                (ISO_DATE, "ISO date"),
                (XPATH, "XPath"),
                (INTERNAL_IDS, "id"),
                (TABLE_NAMES, "table name"),
                (CLI_WORDS, "command-line option"),
                (SNAPSHOT_ID, "snapshot id"),
                (BARE_903_CODE, "903 code not in words"),
            ):
                if what == "903 code not in words" and line.strip() in DFE_RULE_MESSAGES:
                    continue
                if what == "snapshot id" and line.strip().startswith("/"):
                    continue  # an address the access log records as requested, not words
                hit = pattern.search(line)
                if hit:
                    found.append(f"{page.url}: {what} {hit.group(0)!r} in {line[:120]!r}")
                    on_page += 1
    return found


@pytest.fixture
def demo(synthetic_council):
    """A synthetic council's real-format returns, the seeded plan and calendar, a pack per body,
    and the seeded audits."""
    from sightline.web.accounts.models import User
    from sightline.web.audits.seed import seed_audits
    from sightline.web.governance.models import Meeting
    from sightline.web.governance.services import pack_generate
    from sightline.web.improvement import selectors as plan
    from sightline.web.improvement.models import Action
    from sightline.web.improvement.services import EvidenceInput, evidence_add

    author = User.objects.create_user(username="pack-author", role="senior_leader")
    # audits drawn, done and moderated, so their pages (a child's timeline beside the form) are read
    User.objects.create_user(username="qa-moderator", role="qa_lead")
    seed_audits()
    live = plan.live()
    held = next(i for i in INDICATOR_IDS if live.rows.get(i) and live.rows[i].latest is not None)
    evidence_add(  # an indicator's value captured as evidence names the indicator in words
        Action.objects.first(), EvidenceInput(title="Latest figure", indicator_id=held), author
    )
    seen_bodies = set()
    for meeting in Meeting.objects.order_by("date"):
        if meeting.body_id not in seen_bodies:
            seen_bodies.add(meeting.body_id)
            pack_generate(meeting, author)
    return synthetic_council


@pytest.mark.slow
@pytest.mark.parametrize("role", ["administrator", "elected_member"])
def test_no_page_shows_an_iso_date_an_internal_id_or_an_xpath(demo, client_as, role):
    # a refusal and a child not found, so the access log and the error pages have them to show
    refused = client_as("elected_member", username="j.smith")
    refused.get("/compliance/work/")
    client_as("team_manager", username="t.manager").get("/children/NO-SUCH-CHILD/")
    client = client_as(role, username="a.reader")  # a person's name, not a role id
    pages = crawl(client, also=("/compliance/work/", "/children/C0000001/", "/no-such-page/"))
    print(f"{role}: {len(pages)} pages")
    assert len(pages) > 20
    assert all(p.status < 500 for p in pages), [p.url for p in pages if p.status >= 500]
    found = findings(pages)
    assert not found, f"{len(found)} problems:\n" + "\n".join(found[:80])


@pytest.mark.django_db
def test_a_figure_with_no_return_says_which_return_in_words(performance_analyst_client):
    """With a CIN census only, the scorecard's figures from the 903 and the workforce census say
    which return they need, never the engine's table ("needs csww_council_figures")."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from sightline.paths import samples

    cin = samples() / "cin" / "BAR_cin_2022.xml"
    performance_analyst_client.post(
        reverse("imports:upload"), {"files": [SimpleUploadedFile(cin.name, cin.read_bytes())]}
    )
    page = performance_analyst_client.get(reverse("performance:scorecard")).content.decode()
    assert "the workforce census" in page
    assert not TABLE_NAMES.search(page), TABLE_NAMES.search(page)


def test_the_crawl_finds_snapshot_ids_and_bare_903_codes_but_not_codes_in_words():
    from site_crawl import Visited

    def page(text):
        return Visited("/p/", 200, "text/html", text, "")

    assert findings([page("From cin-E08000018-2025-20261201T194109320305Z")])
    assert findings([page("Legal status: C2")]) and findings([page("U4")])
    assert findings([page("placement K2; provider PR1")])
    assert not findings([page("Full care order (C2)")])
    assert not findings([page("From CIN census, year to 31 March 2025, imported 1 December 2026")])
    assert not findings([page("Abuse or neglect (N1); U4a; /C2/")])
    # the DfE's own rule message, quoted as the DfE wrote it
    assert not findings(
        [page("A placement provider code of PR0 can only be associated with placement P1.")]
    )
