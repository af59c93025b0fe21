""" "% of audited cases graded good or better" is a row of the scorecard and a measure of the plan:
moderated grades count, the denominator is named, the trend is given by round, and a share resting
on 1 to 5 audits is "c" for readers who see aggregates only."""

from __future__ import annotations

import datetime as dt

import pytest
from audit_data import make_round, moderate
from django.urls import reverse

from sightline.web.improvement import selectors as plan
from sightline.web.improvement.framework_file import parse

pytestmark = pytest.mark.django_db

ROW = "Audited cases graded good or better"


@pytest.fixture
def audited(demo_dataset, seeded):
    december = make_round("December audit", dt.date(2024, 12, 31),
                          [(f"D{i}", "Team A", "cin", "good") for i in range(6)]
                          + [("D6", "Team B", "cp", "requires_improvement"),
                             ("D7", "Team B", "cp", "requires_improvement")])  # fmt: skip
    moderate(december.audits.get(child_id="D0"), "requires_improvement")  # the moderator's counts
    make_round("March audit", dt.date(2025, 3, 31),
               [(f"M{i}", "Team A", "cla", "outstanding") for i in range(4)])  # fmt: skip
    return december


def _row(html: str) -> str:
    return html.split(ROW)[1].split("</tr>")[0]


def test_the_scorecard_shows_the_share_with_its_denominator_and_trend_by_round(
    audited, senior_leader_client
):
    html = senior_leader_client.get(reverse("performance:scorecard")).content.decode()
    assert "Case audits" in html
    row = _row(html)
    assert "75%" in row  # 9 of 12 in the year to 31 March 2025
    assert "9 of 12 audited cases in 2024-25" in row
    assert "December audit 62.5% (5 of 8); March audit 100% (4 of 4)" in row
    assert reverse("audits:index") in html.split(ROW)[0][-300:]


def test_an_elected_member_sees_c_for_a_round_of_fewer_than_six_audits(audited, client_as):
    html = client_as("elected_member").get(reverse("performance:scorecard")).content.decode()
    row = _row(html)
    assert "75%" in row and "March audit c" in row and "(4 of 4)" not in row


def test_a_year_resting_on_few_audits_is_c_for_members_but_counts_for_officers(
    demo_dataset, seeded, client_as, senior_leader_client
):
    make_round("March audit", dt.date(2025, 3, 31), [("M1", "Team A", "cin", "good")])
    member = _row(
        client_as("elected_member").get(reverse("performance:scorecard")).content.decode()
    )
    assert "100%" not in member and "c: 1 to 5 children" in member
    assert "100%" in _row(
        senior_leader_client.get(reverse("performance:scorecard")).content.decode()
    )


def test_the_plans_quality_assurance_theme_measures_it_against_its_target(
    audited, senior_leader_client
):
    theme = next(t for t in plan.plan().themes if t.theme.code == "performance")
    measure = next(m for m in theme.measures if m.measure.indicator_id == "audits_good_or_better")
    # 75% against the default framework's 80% with a tolerance of 10: behind, within tolerance.
    assert (measure.latest, measure.latest_year, measure.rag.colour) == (75.0, 2025, "amber")
    page = senior_leader_client.get(reverse("improvement:measure", args=[measure.measure.id]))
    html = page.content.decode()
    assert ROW in html and reverse("audits:index") in html


def test_a_framework_file_may_name_the_audit_measure(db):
    text = "name: Ours\nthemes:\n  - code: qa\n    title: Quality\n    measures:\n      - indicator: audits_good_or_better\n        target: 70\n"
    assert (
        parse(text, "ours.yaml")["themes"][0]["measures"][0]["indicator"] == "audits_good_or_better"
    )
