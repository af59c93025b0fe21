"""Board packs: built from the latest snapshot and the plan, dated, naming the snapshot; as a page
and a PDF; aggregate only for bodies with elected members."""

from __future__ import annotations

import pytest
from django.urls import reverse
from pack_data import pdf_text, write_cin_assessments

from sightline.store import Store
from sightline.web.accesslog.models import AccessEntry
from sightline.web.core.columns import snapshot_words
from sightline.web.governance.models import BoardPack, Meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def snapshot(seeded, sightline_home):
    return write_cin_assessments(Store(sightline_home), 2025, in_time=2, late=3)  # 40%: red


def _meeting(kind: str) -> Meeting:
    return Meeting.objects.filter(body__kind=kind).order_by("date").first()


def _generate(client, meeting) -> BoardPack:
    response = client.post(reverse("governance:pack_generate", args=[meeting.id]))
    assert response.status_code == 302
    return BoardPack.objects.get(meeting=meeting)


def test_a_pack_is_dated_names_its_snapshot_and_holds_the_plan(snapshot, senior_leader_client):
    pack = _generate(senior_leader_client, _meeting("improvement_board"))
    html = senior_leader_client.get(reverse("governance:pack", args=[pack.id])).content.decode()
    assert snapshot_words(snapshot.id) in html and "Generated 31 March 2025" in html
    indicators = {i["id"]: i for i in pack.content["indicators"]}
    # 2 of 5 in time: the board has elected members, so the figure is suppressed ("c")
    assert indicators["assessments_45wd"]["values"][-1] == "c"
    assert (indicators["assessments_45wd"]["target"], indicators["assessments_45wd"]["rag"]) == (
        85,
        "red",
    )
    assert "Continued improvement in the quality and effectiveness of practice" in html
    assert "Weekly assessment timeliness clinic in each locality" in html  # overdue
    assert "DEMO-1" in html  # open recommendation
    assert pack.content["themes"][0]["lead"] == "Chief executive"


def test_a_members_body_gets_an_aggregate_pdf_with_no_child_level_data(
    snapshot, senior_leader_client
):
    meeting = _meeting("scrutiny")
    assert meeting.body.includes_elected_members
    pack = _generate(senior_leader_client, meeting)
    assert pack.aggregate_only and pack.content["children"] == []
    response = senior_leader_client.get(reverse("governance:pack_pdf", args=[pack.id]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Improving Lives select commission: board pack" in text
    assert snapshot_words(snapshot.id) in text and "Aggregate figures only." in text
    assert "CHILD" not in text and "Children behind" not in text


def test_an_officers_pack_names_the_children_a_red_measure_misses_to_officers_only(
    snapshot, client_as
):
    officer = client_as("senior_leader")
    pack = _generate(officer, _meeting("qa_board"))
    assert not pack.aggregate_only
    assert pack.content["children"][0]["child_ids"] == ["CHILD0002", "CHILD0003", "CHILD0004"]
    html = officer.get(reverse("governance:pack", args=[pack.id])).content.decode()
    assert "CHILD0002" in html
    logged = AccessEntry.objects.filter(what=f"board pack {pack.id}")
    assert sorted(e.child_id for e in logged) == ["CHILD0002", "CHILD0003", "CHILD0004"]
    assert {e.children_shown for e in logged} == {3}
    assert "CHILD0003" in pdf_text(
        officer.get(reverse("governance:pack_pdf", args=[pack.id])).content
    )
    member = client_as("elected_member")
    assert "CHILD" not in member.get(reverse("governance:pack", args=[pack.id])).content.decode()
    assert "CHILD" not in pdf_text(
        member.get(reverse("governance:pack_pdf", args=[pack.id])).content
    )


def test_a_pack_is_kept_as_generated_and_a_new_one_reads_the_new_snapshot(
    snapshot, senior_leader_client, sightline_home
):
    from sightline.web.core import engine

    meeting = _meeting("improvement_board")
    first = _generate(senior_leader_client, meeting)
    engine.clear_cache()
    newer = write_cin_assessments(Store(sightline_home), 2025, in_time=9, late=1)
    senior_leader_client.post(reverse("governance:pack_generate", args=[meeting.id]))
    second = BoardPack.objects.filter(meeting=meeting).exclude(pk=first.pk).get()
    first.refresh_from_db()
    assert snapshot.id in first.snapshot_ids and newer.id in second.snapshot_ids
    values = [
        {i["id"]: i for i in p.content["indicators"]}["assessments_45wd"]["values"][-1]
        for p in (first, second)
    ]
    assert values == ["c", 90.0]  # 2 of 5 is suppressed for a body with elected members


def test_a_pack_without_any_data_still_renders(seeded, senior_leader_client):
    pack = _generate(senior_leader_client, _meeting("partnership"))
    assert senior_leader_client.get(reverse("governance:pack", args=[pack.id])).status_code == 200
    assert "none imported" in pdf_text(
        senior_leader_client.get(reverse("governance:pack_pdf", args=[pack.id])).content
    )


def test_only_governance_editors_generate_packs(seeded, client_as):
    meeting = _meeting("scrutiny")
    for role in ("elected_member", "inspector", "qa_lead"):
        assert (
            client_as(role).post(reverse("governance:pack_generate", args=[meeting.id])).status_code
            == 403
        )
    assert not BoardPack.objects.exists()


def _rotherham_referrals(store, count: int):
    """A CIN snapshot for council 372 with `count` referrals in 2024-25 (rates per 10,000 then
    have England and neighbours beside them, derived from published counts)."""
    import datetime as dt
    import tempfile
    from pathlib import Path

    import pyarrow as pa

    from sightline import canonical
    from sightline.returns.problems import PROBLEM_SCHEMA

    def table(name, rows):
        schema = canonical.table(name).arrow_schema()
        return pa.Table.from_pylist(
            [{f: r.get(f) for f in schema.names} for r in rows], schema=schema
        )

    referrals = [
        {
            "cine_referral_id": f"R{n}",
            "cine_person_id": f"C{n}",
            "cine_referral_date": dt.date(2024, 6, 3),
        }
        for n in range(count)
    ]
    people = [{"pers_person_id": f"C{n}", "pers_dob": dt.date(2015, 1, 1)} for n in range(count)]
    source = Path(tempfile.mkdtemp()) / "CIN_372_2025.xml"
    source.write_text("<Message/>")
    return store.write(
        return_="cin", council="372", year=2025, period=(dt.date(2024, 4, 1), dt.date(2025, 3, 31)),
        files=[source], file_years={source.name: 2025},
        tables={"ssd_person": table("ssd_person", people), "ssd_cin_episodes": table("ssd_cin_episodes", referrals)},
        problems=pa.Table.from_pylist([], schema=PROBLEM_SCHEMA), created_by="test",
    )  # fmt: skip


def test_derived_benchmark_rates_are_marked_as_derived_in_the_pack(
    seeded, sightline_home, senior_leader_client
):
    _rotherham_referrals(Store(sightline_home), 40)
    pack = _generate(senior_leader_client, _meeting("improvement_board"))
    derived = [i for i in pack.content["indicators"] if i["derived"]]
    assert "referrals_rate" in [i["id"] for i in derived]
    assert "derived from published counts" in pack.content["derived_note"]
    html = senior_leader_client.get(reverse("governance:pack", args=[pack.id])).content.decode()
    assert "derived from published counts" in html
    pdf = senior_leader_client.get(reverse("governance:pack_pdf", args=[pack.id])).content
    assert "derived from published counts" in pdf_text(pdf)


def test_a_figure_dfe_does_not_publish_reads_not_published_in_the_pack(
    snapshot, senior_leader_client
):
    pack = _generate(senior_leader_client, _meeting("improvement_board"))
    indicators = {i["id"]: i for i in pack.content["indicators"]}
    assert indicators["assessments_45wd"]["not_published"] is True
    html = senior_leader_client.get(reverse("governance:pack", args=[pack.id])).content.decode()
    row = html.split('class="govuk-table__header">Assessments completed within 45 working days')
    assert (
        row[1].split("</tr>")[0].count("Not published") == 2
    )  # England and the neighbours' median
    pdf = senior_leader_client.get(reverse("governance:pack_pdf", args=[pack.id])).content
    assert "Not published" in pdf_text(pdf)
