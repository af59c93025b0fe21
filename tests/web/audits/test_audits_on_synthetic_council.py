"""The demo's audits on a synthetic council like Rotherham: the audit share is on the scorecard and
in the plan, the grades stand beside Rotherham's published Ofsted judgements, and the seeded
actions reach the work list."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sightline.web.audits import selectors
from sightline.web.audits.seed import seed_audits

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_the_seeded_audits_reach_the_scorecard_the_work_list_and_sit_beside_ofsted(
    synthetic_council, client_as
):
    seed_audits()
    figures = selectors.good_or_better_figures()
    assert figures.by_round and all(p.counted for p in figures.by_round)
    admin = client_as("senior_leader")
    card = admin.get(reverse("performance:scorecard")).content.decode()
    row = card.split("Audited cases graded good or better")[1].split("</tr>")[0]
    latest = figures.by_year[max(figures.by_year)]
    assert f"{latest.good} of {latest.counted} audited cases" in row
    beside = selectors.beside_ofsted(aggregate_only=False)
    assert beside["council"] == "Rotherham" and beside["judgements"] is not None
    overall = beside["areas"][0]
    assert overall["words"].startswith("Ofsted judged overall effectiveness good")
    work = admin.get(reverse("compliance:list"), {"event": "audit_action"}).content.decode()
    assert "Action from a case audit" in work.split('id="work"')[1]


def test_the_seeded_moderators_read_each_section_afresh(synthetic_council, client_as):
    """The demo's calibration page shows sections agreeing as two readers of a file do: the
    seeded moderators once copied the auditor's section grades, so every section read 1.00."""
    client_as("qa_lead")  # the moderator
    client_as("auditor")
    seed_audits()
    figures = selectors.calibration()
    assert figures["cases"] >= 5
    observed = [pair.observed for _, pair in figures["sections"]]
    assert observed and all(o is not None for o in observed)
    # a section may agree on every case by chance when there are few; most do not
    assert sum(o < 1.0 for o in observed) > len(observed) // 2, observed
