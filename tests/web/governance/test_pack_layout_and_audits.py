"""A pack made for its body: a cover and an executive summary, the body's own indicators, units and
RAG tags, the snapshots in an appendix; the QA board's audits section on the page and in the PDF,
shown to each reader as they may see it; and a pack stays as it was generated."""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

import pytest
from django.urls import reverse
from pack_data import pdf_text, write_cin_assessments

from sightline.store import Store
from sightline.web.accesslog.models import AccessEntry
from sightline.web.core.columns import snapshot_words
from sightline.web.governance import packs
from sightline.web.governance.models import BoardPack, Meeting

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "audits"))
from audit_data import make_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def snapshot(seeded, sightline_home):
    return write_cin_assessments(Store(sightline_home), 2025, in_time=2, late=3)  # 40%: red


def _generate(client, kind: str) -> BoardPack:
    meeting = Meeting.objects.filter(body__kind=kind).order_by("date").first()
    assert client.post(reverse("governance:pack_generate", args=[meeting.id])).status_code == 302
    return BoardPack.objects.filter(meeting=meeting).latest("id")


def _pdf(client, pack) -> str:
    return pdf_text(client.get(reverse("governance:pack_pdf", args=[pack.id])).content)


def test_a_pack_opens_with_a_cover_and_an_executive_summary_and_ends_with_its_snapshots(
    snapshot, senior_leader_client
):
    pack = _generate(senior_leader_client, "improvement_board")
    html = senior_leader_client.get(reverse("governance:pack", args=[pack.id])).content.decode()
    cover = html.split('id="pack-cover"')[1].split("</dl>")[0]
    meeting = pack.meeting
    assert "999" in cover and "Children&#x27;s improvement board" in cover
    assert f"{meeting.date.day} {meeting.date:%B %Y}" in cover and "Pack generated" in cover
    summary = html.split('id="pack-summary"')[1].split("</ul>")[0]
    assert "is red against the target" in summary or "are red against the target" in summary
    assert "Red: Assessments completed within 45 working days" in summary
    # the snapshots are named once, at the end, not on the cover, in words and never by their id
    named = snapshot_words(snapshot.id)
    assert named.startswith("CIN census, year to 31 March ") and ", imported " in named
    assert named not in html.split('id="pack-appendix"')[0]
    assert named in html.split('id="pack-appendix"')[1] and snapshot.id not in html
    # RAG as a tag, values with their unit
    row = html.split("Assessments completed within 45 working days")[2].split("</tr>")[0]
    assert "govuk-tag--red" in row and "85%" in row
    text = _pdf(senior_leader_client, pack)
    first_page = text.split("Executive summary")[0]
    assert "Children's improvement board: board pack" in first_page
    assert f"Meeting: {meeting.date.day} {meeting.date:%B %Y}" in first_page
    assert named not in first_page
    assert "Red: Assessments completed within 45 working days" in text
    assert "Appendix: the snapshots these figures come from" in text and named in text
    assert snapshot.id not in text


def test_an_officers_pack_draws_a_chart_beside_the_table_for_each_trend(
    demo_dataset, seeded, senior_leader_client
):
    pack = _generate(senior_leader_client, "qa_board")  # the small council: two CIN years
    html = senior_leader_client.get(reverse("governance:pack", args=[pack.id])).content.decode()
    charts = html.split('id="pack-charts"')[1].split("</details>")[0]
    assert "<svg" in charts and "Assessments completed within 45 working days" in charts
    assert "Trends: each indicator on its own scale" in _pdf(senior_leader_client, pack)


def test_each_body_gets_its_own_indicators(snapshot, senior_leader_client):
    panel = _generate(senior_leader_client, "corporate_parenting")
    ids = [i["id"] for i in panel.content["indicators"]]
    assert ids and set(ids) <= set(packs.BODY_INDICATORS["corporate_parenting"][1])
    assert "assessments_45wd" not in ids  # the plan's front-door measure is not the panel's
    assert ids[0].startswith("care_leavers")
    assert panel.content["indicator_set"] == "Care leavers first, then children in care"
    qa = _generate(senior_leader_client, "qa_board")
    assert qa.content["indicators"][0]["id"] == "audits_good_or_better"
    board = _generate(senior_leader_client, "improvement_board")
    assert "assessments_45wd" in [i["id"] for i in board.content["indicators"]]


@pytest.fixture
def audited(snapshot):
    made = make_round("March audit", dt.date(2025, 3, 31),
                      [(f"A{i}", "Team A", "cin", "requires_improvement") for i in range(7)]
                      + [("B1", "Team B", "cp", "inadequate")])  # fmt: skip
    return made


def test_the_qa_boards_pdf_has_the_audits_section_with_ofsted_beside_it(
    audited, senior_leader_client
):
    pack = _generate(senior_leader_client, "qa_board")
    text = _pdf(senior_leader_client, pack)
    assert "Case audits: paperwork against reality" in text
    assert "Good or better (moderated grades): 0%; by round: March audit: 0%." in text
    assert "8 audited cases compliant on paper but graded below good." in text
    assert "Audit grades beside Ofsted's judgements" in text
    named = text.split("Compliant on paper, graded below good (officers only): ")[1]
    assert "A0" in named and "B1" in named


def test_each_reader_sees_the_audits_section_as_they_may(audited, senior_leader_client, client_as):
    pack = _generate(senior_leader_client, "qa_board")  # officers only: names children
    assert "B1" in pack.content["audits"]["children"]
    member = client_as("elected_member")
    page = member.get(reverse("governance:pack", args=[pack.id])).content.decode()
    # the words on the page, not its attributes (a CSRF token or a nonce may hold "A0")
    words = re.sub(r"<[^>]*>", " ", page)
    assert "officers only" not in words and "A0" not in words and "B1" not in words
    team_b = page.split('id="pack-audit-teams"')[1].split("</table>")[0]
    assert "Team B" not in team_b  # one audit: too few to show
    assert "A0" not in _pdf(member, pack) and "B1" not in _pdf(member, pack)
    manager = client_as("team_manager", teams=("Team A",), username="tm")
    html = manager.get(reverse("governance:pack", args=[pack.id])).content.decode()
    listed = html.split('id="pack-audit-children"')[1].split("</p>")[0]
    assert "A0" in listed and "B1" not in listed
    assert AccessEntry.objects.filter(user__username="tm", child_id="A0").exists()
    assert not AccessEntry.objects.filter(user__username="tm", child_id="B1").exists()


def test_a_generated_pack_keeps_its_audit_figures(audited, senior_leader_client):
    pack = _generate(senior_leader_client, "qa_board")
    before = senior_leader_client.get(reverse("governance:pack", args=[pack.id])).content.decode()
    make_round("April audit", dt.date(2025, 4, 30), [("Z1", "Team A", "cin", "good")] * 6)
    after = senior_leader_client.get(reverse("governance:pack", args=[pack.id])).content.decode()
    assert "April audit" not in after
    part = 'id="pack-audits"'
    assert before.split(part)[1].split("</p>")[0] == after.split(part)[1].split("</p>")[0]


def test_an_officers_pack_shows_a_small_audit_share_that_members_see_as_c(
    snapshot, senior_leader_client, client_as
):
    make_round("March audit", dt.date(2025, 3, 31),
               [(f"S{i}", "Team A", "cin", "good") for i in range(3)])  # fmt: skip
    pack = _generate(senior_leader_client, "qa_board")
    share = next(i for i in pack.content["indicators"] if i["id"] == "audits_good_or_better")
    assert share["latest"] == 100.0 and 2025 in share["hidden_years"]
    officer = senior_leader_client.get(reverse("governance:pack", args=[pack.id])).content.decode()
    assert "100%" in officer.split("Audited cases graded good or better</th>")[1].split("</tr>")[0]
    member = client_as("elected_member").get(reverse("governance:pack", args=[pack.id]))
    row = (
        member.content.decode()
        .split("Audited cases graded good or better</th>")[1]
        .split("</tr>")[0]
    )
    assert "100%" not in row and ">c<" in row


def test_a_pack_generated_before_the_layout_still_opens_and_keeps_children_to_their_teams(
    audited, senior_leader_client, client_as
):
    pack = _generate(senior_leader_client, "qa_board")
    old = dict(pack.content)
    for key in ("kind", "indicator_set", "meeting_at", "location"):
        old.pop(key)
    old["indicators"] = [{k: v for k, v in i.items() if k != "decimals"} for i in old["indicators"]]
    old["audits"] = {k: old["audits"][k] for k in ("good_or_better", "rounds", "teams",
                                                   "compliant_but_poor", "children")}  # fmt: skip
    old["audits"]["rounds"] = [{"title": r["title"], "share": r["share"]}
                               for r in old["audits"]["rounds"]]  # fmt: skip
    BoardPack.objects.filter(pk=pack.pk).update(content=old)
    page = senior_leader_client.get(reverse("governance:pack", args=[pack.id])).content.decode()
    assert "Executive summary" in page and "Meeting of 18 March 2025" in page
    assert "A0" in page.split('id="pack-audit-children"')[1]  # the director sees every team
    assert _pdf(senior_leader_client, pack).startswith("999")
    member = client_as("elected_member").get(reverse("governance:pack", args=[pack.id]))
    shares = member.content.decode().split('id="pack-audits"')[1].split("</p>")[0]
    assert "<strong>c</strong>" in shares and "March audit: c" in shares  # no counts kept: c
    manager = client_as("team_manager", teams=("Team A",), username="tm")
    mine = manager.get(reverse("governance:pack", args=[pack.id])).content.decode()
    assert 'id="pack-audit-children"' not in mine  # no teams kept: no child is shown
