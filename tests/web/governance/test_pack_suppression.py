"""Packs for bodies with elected members show figures from 1 to 4 children as "c"."""

from __future__ import annotations

import pytest
from django.urls import reverse
from pack_data import pdf_text, write_cin_assessments

from sightline.store import Store
from sightline.suppression import REASON
from sightline.web.governance.models import BoardPack, Meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def snapshot(seeded, sightline_home):
    return write_cin_assessments(Store(sightline_home), 2025, in_time=2, late=3)  # 2 of 5


def _pack(client, kind: str) -> BoardPack:
    meeting = Meeting.objects.filter(body__kind=kind).order_by("date").first()
    client.post(reverse("governance:pack_generate", args=[meeting.id]))
    return BoardPack.objects.get(meeting=meeting)


def test_a_members_pack_shows_c_where_an_officers_pack_shows_the_figure(
    snapshot, senior_leader_client
):
    officers = _pack(senior_leader_client, "qa_board")
    members = _pack(senior_leader_client, "scrutiny")
    by_id = {i["id"]: i for i in officers.content["indicators"]}
    assert by_id["assessments_45wd"]["values"][-1] == 40.0
    by_id = {i["id"]: i for i in members.content["indicators"]}
    assert by_id["assessments_45wd"]["values"][-1] == "c"
    assert by_id["assessments_45wd"]["latest"] == "c"
    html = senior_leader_client.get(reverse("governance:pack", args=[members.id])).content.decode()
    assert REASON in html
    pdf = senior_leader_client.get(reverse("governance:pack_pdf", args=[members.id]))
    assert REASON in pdf_text(pdf.content).replace("\n", " ")
