"""Measures follow the live indicators: a new snapshot moves a measure's RAG, and its action's."""

from __future__ import annotations

import pytest
from django.urls import reverse
from plan_data import write_cin_assessments

from sightline.store import Store
from sightline.web.core import engine
from sightline.web.improvement import selectors
from sightline.web.improvement.models import Action, Measure, TrajectoryPoint

pytestmark = pytest.mark.django_db


def _practice_measure(plan):
    theme = next(t for t in plan.themes if t.theme.code == "practice")
    return next(m for m in theme.measures if m.measure.indicator_id == "assessments_45wd")


def test_a_measures_rag_moves_when_the_snapshot_changes(
    seeded, sightline_home, senior_leader_client
):
    store = Store(sightline_home)
    write_cin_assessments(store, 2025, in_time=1, late=3)  # 25%: red against 85 (tolerance 3)
    first = _practice_measure(selectors.plan())
    assert (first.latest, first.rag.colour) == (25.0, "red")
    engine.clear_cache()
    newer = write_cin_assessments(store, 2025, in_time=42, late=8)  # 84%: behind, within tolerance
    second = _practice_measure(selectors.plan())
    assert (second.latest, second.rag.colour) == (84.0, "amber")
    assert newer.id in second.snapshot_ids
    engine.clear_cache()
    write_cin_assessments(store, 2025, in_time=9, late=1)  # 90%: green
    page = senior_leader_client.get(reverse("improvement:theme", args=[first.measure.theme_id]))
    row = page.content.decode().split('data-indicator="assessments_45wd"')[1].split("</tr>")[0]
    assert "govuk-tag--green" in row


def test_a_trajectory_point_for_the_year_is_what_the_measure_is_held_to(seeded, sightline_home):
    write_cin_assessments(Store(sightline_home), 2025, in_time=7, late=3)  # 70%
    measure = Measure.objects.get(indicator_id="assessments_45wd")
    assert _practice_measure(selectors.plan()).rag.colour == "red"  # against the target of 85
    TrajectoryPoint.objects.create(measure=measure, year=2025, value=70)
    assert _practice_measure(selectors.plan()).rag.colour == "green"  # on this year's trajectory


def test_an_action_tied_to_a_red_measure_is_red(seeded, sightline_home):
    write_cin_assessments(Store(sightline_home), 2025, in_time=1, late=9)
    action = Action.objects.filter(measure__indicator_id="assessments_45wd").first()
    action.due_date = action.due_date.replace(year=2030)
    action.save()
    assert selectors.action_view(action.id).computed.rule == "A-RED-MEASURE"


def test_the_demo_measures_have_trajectories_around_its_today(db, today):
    from sightline.web.improvement.seed import seed_plan

    seed_plan(today)
    measure = Measure.objects.get(indicator_id="assessments_45wd")
    assert [(p.year, p.value) for p in measure.trajectory.all()] == [
        (2024, 80),
        (2025, 83),
        (2026, 86),
    ]
