"""The programme page sets the audits' grades beside the council's published Ofsted judgements."""

from __future__ import annotations

import datetime as dt

import pytest
from audit_data import make_round
from django.urls import reverse

from sightline.web.audits import selectors

pytestmark = pytest.mark.django_db


@pytest.fixture
def rotherham(db, monkeypatch):
    monkeypatch.setattr(selectors, "council_name", lambda: "Rotherham")
    make_round("March audit", dt.date(2025, 3, 31),
               [(f"P{i}", "Team A", "cp", "requires_improvement") for i in range(6)]
               + [("P6", "Team A", "cp", "good"), ("L1", "Team B", "cla", "good")])  # fmt: skip


def _words(html: str) -> str:
    return html.split('id="beside-ofsted-words"')[1].split("</ul>")[0]


def test_officers_read_each_judgement_beside_the_grades_in_words(rotherham, client_as):
    html = client_as("qa_lead").get(reverse("audits:index")).content.decode()
    assert "from its inspection of 27 June 2022" in html
    table = html.split('id="beside-ofsted"')[1].split("</table>")[0]
    protection = table.split("children who need help and protection")[1].split("</tr>")[0]
    assert '<td class="govuk-table__cell">Good</td>' in protection
    assert [c.split(">")[1] for c in protection.split("</td>")[1:5]] == ["0", "1", "6", "0"]
    words = _words(html)
    assert "14% of audits of children in need and on child protection plans (1 of 7)" in words
    assert "below the standard Ofsted found" in words


def test_members_see_c_for_grades_of_one_to_five_audits(rotherham, client_as):
    html = client_as("elected_member").get(reverse("audits:index")).content.decode()
    in_care = (
        html.split('id="beside-ofsted"')[1].split("children in care</th>")[1].split("</tr>")[0]
    )
    assert ">c</td>" in in_care and ">1</td>" not in in_care
    assert (
        "the audits that speak to it (audits of children in care) are too few to show (c)"
        in _words(html)
    )


def test_a_council_ofsted_does_not_publish_stands_alone(db, client_as):
    make_round("March audit", dt.date(2025, 3, 31), [("C1", "Team A", "cin", "good")])
    html = client_as("qa_lead").get(reverse("audits:index")).content.decode()
    assert "so the audits stand alone" in html


def test_the_calibration_page_sets_internal_grades_beside_ofsted_too(rotherham, client_as):
    html = client_as("auditor").get(reverse("audits:calibration")).content.decode()
    assert "Audit grades beside Ofsted" in html and "below the standard Ofsted found" in html
