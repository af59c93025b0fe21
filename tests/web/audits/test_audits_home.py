"""The home page tells an auditor their audits to do, and a QA lead the audits waiting for a second
read; the digest gives the counts and links, never a child."""

from __future__ import annotations

import datetime as dt

import pytest
from audit_data import make_round
from django.urls import reverse

from sightline.web.audits.models import Audit, Moderation
from sightline.web.core import home

pytestmark = pytest.mark.django_db


@pytest.fixture
def work(db, make_user):
    amy = make_user("auditor", username="amy")
    lead = make_user("qa_lead", username="lead")
    made = make_round("March audit", dt.date(2025, 3, 31),
                      [("C1", "Team A", "cin", ""), ("C2", "Team A", "cin", ""),
                       ("C3", "Team B", "cp", "inadequate")])  # fmt: skip
    Audit.objects.filter(child_id__in=["C1", "C2"]).update(auditor=amy, status="allocated")
    Audit.objects.filter(child_id="C2").update(status="in_progress")
    c3 = made.audits.get(child_id="C3")
    Audit.objects.filter(pk=c3.pk).update(auditor=amy)
    Moderation.objects.create(audit=c3, required_because="inadequate")
    return amy, lead


def test_an_auditor_sees_their_audits_to_do_on_the_home_page(work, client):
    amy, _lead = work
    client.force_login(amy)
    html = client.get(reverse("core:home")).content.decode()
    panel = html.split('id="home-audits"')[1].split("</ul>")[0]
    assert "1 audit to start, 1 in progress" in panel and reverse("audits:my_cases") in panel
    assert "C1" not in panel and "moderation" not in panel


def test_a_qa_lead_sees_audits_waiting_for_moderation_and_the_digest_names_no_child(work, client):
    _amy, lead = work
    client.force_login(lead)
    html = client.get(reverse("core:home")).content.decode()
    assert "1 submitted audit waiting for moderation" in html
    lines = "\n".join(home.digest_lines(lead, "https://sightline.example.org"))
    assert "1 submitted audit waits for moderation" in lines
    assert "https://sightline.example.org/audits/moderation/" in lines
    assert not any(child in lines for child in ("C1", "C2", "C3"))


def test_a_reader_with_nothing_to_audit_has_no_audits_panel(work, client_as):
    html = client_as("senior_leader").get(reverse("core:home")).content.decode()
    assert 'id="home-audits"' not in html
