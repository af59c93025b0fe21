"""Leads add priorities and actions, set a measure's target and trajectory; governance editors add
recommendations linked to actions. Each change is in the history."""

from __future__ import annotations

import pytest
from django.urls import reverse
from plan_data import write_cin_assessments

from sightline.store import Store
from sightline.web.common.models import Change
from sightline.web.improvement.models import (
    Action,
    Measure,
    Priority,
    Recommendation,
    Theme,
)

pytestmark = pytest.mark.django_db


def test_a_lead_adds_a_priority_then_an_action(seeded, qa_lead_client):
    theme = Theme.objects.get(code="partnerships")
    qa_lead_client.post(
        reverse("improvement:priority_add", args=[theme.id]), {"priority_title": "Joint front door"}
    )
    priority = Priority.objects.get(theme=theme)
    response = qa_lead_client.post(
        reverse("improvement:action_add", args=[theme.id]),
        {
            "priority": priority.id,
            "title": "Police in the MASH daily",
            "owner_title": "Head of MASH",
            "due_date": "2025-06-30",
        },
    )
    action = Action.objects.get(priority=priority)
    assert response.url == reverse("improvement:action", args=[action.id])
    assert Change.objects.filter(item_type="action", item_id=action.id, field="created").exists()
    page = qa_lead_client.get(reverse("improvement:theme", args=[theme.id])).content.decode()
    assert "Police in the MASH daily" in page and "Head of MASH" in page


def test_an_action_needs_a_title_and_a_real_date(seeded, qa_lead_client):
    theme = Theme.objects.get(code="practice")
    response = qa_lead_client.post(
        reverse("improvement:action_add", args=[theme.id]), {"title": "", "due_date": "31/02/2025"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Enter the action&#x27;s title" in html and "Enter the due date like 31 3 2026" in html


def test_the_plans_forms_are_gov_uk_fields_with_inline_errors_and_the_date_input(
    seeded, qa_lead_client, senior_leader_client
):
    theme = Theme.objects.get(code="practice")
    response = qa_lead_client.post(
        reverse("improvement:action_add", args=[theme.id]),
        {"title": "Audit 20 plans", "due_date-day": "31", "due_date-month": "2",
         "due_date-year": "2025"},
    )  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 400
    # the summary links to the field, the message sits beside it, the boxes keep what was typed
    assert '<a href="#id_due_date-day">The due date must be a real date</a>' in html
    assert 'id="id_due_date-error"' in html and "govuk-form-group--error" in html
    assert 'aria-describedby="id_due_date-hint id_due_date-error"' in html
    assert 'name="due_date-day" type="text" inputmode="numeric" value="31"' in html
    assert 'value="Audit 20 plans"' in html
    made = qa_lead_client.post(
        reverse("improvement:action_add", args=[theme.id]),
        {"title": "Audit 20 plans", "due_date-day": "28", "due_date-month": "2",
         "due_date-year": "2025"},
    )  # fmt: skip
    assert made.status_code == 302
    page = qa_lead_client.get(reverse("improvement:theme", args=[theme.id])).content.decode()
    assert 'id="id_milestone_due-day"' in page and 'type="date"' not in page
    new = senior_leader_client.get(reverse("improvement:recommendation_new")).content.decode()
    assert 'id="id_source_date-day"' in new and 'type="date"' not in new


def test_a_measures_trajectory_is_set_shown_and_recorded(
    seeded, sightline_home, senior_leader_client
):
    write_cin_assessments(Store(sightline_home), 2025, in_time=7, late=3)  # 70%
    measure = Measure.objects.get(indicator_id="assessments_45wd")
    url = reverse("improvement:measure", args=[measure.id])
    assert (
        "govuk-tag--red"
        in senior_leader_client.get(url).content.decode().split('id="measure-rag"')[1][:200]
    )
    response = senior_leader_client.post(
        reverse("improvement:measure_set", args=[measure.id]),
        {"target": "85", "tolerance": "3", "trajectory": "2025: 68\n2026: 78\n2027: 85"},
    )
    assert response.status_code == 302
    html = senior_leader_client.get(url).content.decode()
    assert "govuk-tag--green" in html.split('id="measure-rag"')[1][:200]
    assert "<svg" in html and 'id="trajectory"' in html
    assert [p.year for p in measure.trajectory.all()] == [2025, 2026, 2027]
    assert Change.objects.filter(
        item_type="measure", field="trajectory 2026", after="78.0"
    ).exists()


def test_a_bad_trajectory_line_is_refused_in_plain_words(seeded, senior_leader_client):
    measure = Measure.objects.get(indicator_id="assessments_45wd")
    response = senior_leader_client.post(
        reverse("improvement:measure_set", args=[measure.id]),
        {"tolerance": "3", "trajectory": "2026: 80\nnext year 90"},
    )
    assert response.status_code == 400
    assert (
        "Line 2 (&#x27;next year 90&#x27;) is not like &#x27;2026: 80&#x27;"
        in response.content.decode()
    )
    assert not measure.trajectory.exists()


def test_a_governance_editor_adds_a_recommendation_linked_to_actions(seeded, senior_leader_client):
    action = Action.objects.get(title="Launch the recruitment and retention offer")
    response = senior_leader_client.post(
        reverse("improvement:recommendation_new"),
        {
            "source": "monitoring_visit", "source_title": "Monitoring visit 2", "source_date": "2025-03-01",
            "reference": "MV2-1", "text": "Reduce agency reliance.", "actions": [action.id],
        },
    )  # fmt: skip
    rec = Recommendation.objects.get(reference="MV2-1")
    assert response.url == reverse("improvement:recommendation", args=[rec.id])
    assert list(rec.actions.all()) == [action]
    page = senior_leader_client.get(
        reverse("improvement:action", args=[action.id])
    ).content.decode()
    assert "MV2-1" in page  # the action shows the recommendation it answers


def test_readers_are_sent_back_from_the_new_recommendation_form(seeded, inspector_client):
    assert inspector_client.get(reverse("improvement:recommendation_new")).status_code == 302
    assert (
        inspector_client.post(reverse("improvement:recommendation_new"), {"text": "x"}).status_code
        == 403
    )


def test_a_lead_adds_a_milestone_and_marks_it_achieved(seeded, qa_lead_client):
    from sightline.web.improvement.models import Milestone

    theme = Theme.objects.get(code="workforce")
    qa_lead_client.post(
        reverse("improvement:milestone_add", args=[theme.id]),
        {"milestone_title": "Pay offer agreed", "milestone_due": "2025-05-31"},
    )
    milestone = Milestone.objects.get(title="Pay offer agreed")
    qa_lead_client.post(reverse("improvement:milestone_achieved", args=[milestone.id]))
    milestone.refresh_from_db()
    assert milestone.achieved_on.isoformat() == "2025-03-31"  # the app's today
    page = qa_lead_client.get(reverse("improvement:theme", args=[theme.id])).content.decode()
    assert "Achieved 31 Mar 2025" in page
    assert Change.objects.filter(
        item_type="milestone", item_id=milestone.id, field="achieved on"
    ).exists()


def test_a_theme_names_its_lead_and_the_change_is_recorded(seeded, make_user, senior_leader_client):
    lead = make_user("senior_leader", username="jthacker")
    lead.first_name, lead.last_name = "Jo", "Thacker"
    lead.save()
    theme = Theme.objects.get(code="leadership")
    senior_leader_client.post(
        reverse("improvement:theme_lead", args=[theme.id]),
        {"lead": lead.id, "lead_title": "Director of children's services"},
    )
    plan = senior_leader_client.get(reverse("improvement:plan")).content.decode()
    assert "Director of children&#x27;s services (Jo Thacker)" in plan
    change = Change.objects.get(item_type="theme", item_id=theme.id, field="lead")
    assert (change.before, change.after) == ("", "jthacker")


def test_only_senior_leaders_can_be_named_leads(seeded, make_user, senior_leader_client):
    member = make_user("elected_member", username="cllr")
    theme = Theme.objects.get(code="leadership")
    response = senior_leader_client.post(
        reverse("improvement:theme_lead", args=[theme.id]), {"lead": member.id}
    )
    assert response.status_code == 400
    theme.refresh_from_db()
    assert theme.lead is None
