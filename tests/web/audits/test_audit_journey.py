"""An audit round from set-up to moderation, as each role does it, on the small test council."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from sightline.web.accesslog.models import AccessEntry
from sightline.web.audits.models import Audit, Moderation, Round
from sightline.web.common.models import Change

pytestmark = pytest.mark.django_db

ROUND = {
    "title": "March audit",
    "kind": "monthly",
    "period_start-day": "1", "period_start-month": "3", "period_start-year": "2025",
    "period_end-day": "31", "period_end-month": "3", "period_end-year": "2025",
    "strata": "team",
    "per_stratum": "5",
    "exclude_audited_months": "12",
    "seed": "7",
    "moderation_percent": "0",
}  # fmt: skip


@pytest.fixture
def drawn(client_as, demo_dataset, settings):
    settings.SIGHTLINE_TODAY = "2025-03-31"
    lead = client_as("qa_lead", username="lead")
    auditor = client_as("auditor", username="amy", teams=("Team B",))
    response = lead.post(reverse("audits:round_new"), ROUND)
    assert response.status_code == 302, response.content.decode()[:2000]
    made = Round.objects.get()
    assert lead.post(reverse("audits:round_draw", args=[made.id])).status_code == 302
    return lead, auditor, Round.objects.get()


def test_a_round_is_drawn_recorded_and_allocated_outside_the_auditors_team(drawn):
    lead, _auditor, made = drawn
    assert made.drawn_at and made.seed == 7 and made.snapshot_ids and made.population == 4
    audits = list(made.audits.all())
    assert {a.child_id for a in audits} == {"C1", "C2", "C3", "C4"}  # 5 a team: every open case
    # amy is in Team B: Team B's cases go to the QA lead, never to her; the load is shared.
    for a in audits:
        assert a.auditor is not None
        if a.team == "Team B":
            assert a.auditor.username == "lead"
    assert sum(a.auditor.username == "amy" for a in audits) == 2
    html = lead.get(reverse("audits:round", args=[made.id])).content.decode()
    assert "seed 7" in html and "from 4 open cases" in html
    # C1's compliance picture came from the snapshot: its assessment was late.
    c1 = made.audits.get(child_id="C1")
    assert c1.picture["items"]["assessment_on_time"] is False and c1.picture["compliant"] is False


def test_a_round_with_a_bad_plan_is_refused_field_by_field(client_as, demo_dataset):
    lead = client_as("qa_lead")
    response = lead.post(reverse("audits:round_new"), {**ROUND, "period_end-day": "40",
                                                       "per_stratum": "", "title": ""})  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 400
    assert "Enter the round" in html and "The end of the period must be a real date" in html
    assert 'aria-describedby="id_period_end-hint id_period_end-error"' in html
    assert not Round.objects.exists()


def _amys(made) -> Audit:
    """C1 (Team A), allocated to amy for these tests."""
    audit = made.audits.get(child_id="C1")
    Audit.objects.filter(pk=audit.pk).update(auditor=made.audits.filter(auditor__username="amy")
                                             .first().auditor)  # fmt: skip
    audit.refresh_from_db()
    return audit


def _form(audit, overall, submit):
    data = {"version": str(audit.version), "overall": overall, "findings": "Plan drifts",
            "themes": ["Drift and delay"], "compliance_visits_on_time": "yes", "scaling": "4"}  # fmt: skip
    for s in audit.form.definition["sections"]:
        data[f"grade_{s['code']}"] = overall
    data["submit" if submit else "save"] = "1"
    return data


def test_the_auditor_saves_resumes_and_submits_and_inadequate_goes_to_moderation(drawn):
    lead, auditor, made = drawn
    audit = _amys(made)
    page = auditor.get(reverse("audits:audit", args=[audit.id])).content.decode()
    assert 'id="timeline"' in page and "Initial child protection conference" in page
    assert AccessEntry.objects.filter(child_id="C1", outcome="viewed").exists()
    saved = _form(audit, "inadequate", submit=False)
    del saved["grade_planning"]
    assert auditor.post(reverse("audits:audit", args=[audit.id]), saved).status_code == 302
    audit.refresh_from_db()
    assert audit.status == "in_progress" and audit.grades["assessment"] == "inadequate"
    # Submitting with a section ungraded is refused and loses nothing.
    again = {**saved, "submit": "1", "version": str(audit.version)}
    refused = auditor.post(reverse("audits:audit", args=[audit.id]), again)
    assert refused.status_code == 400 and "Grade every section" in refused.content.decode()
    audit.refresh_from_db()
    assert audit.status == "in_progress"
    # A save from a page opened before the last save is refused, naming who saved since.
    stale = auditor.post(reverse("audits:audit", args=[audit.id]), {**saved, "version": "1"})
    assert "changed this audit after you opened it" in stale.content.decode()
    assert auditor.post(reverse("audits:audit", args=[audit.id]),
                        _form(audit, "inadequate", True)).status_code == 302  # fmt: skip
    audit.refresh_from_db()
    assert audit.status == "submitted"
    assert Moderation.objects.get(audit=audit).required_because == "inadequate"
    # Nobody else can change it, and it is not editable any more.
    assert (
        lead.post(reverse("audits:audit", args=[audit.id]), _form(audit, "good", True)).status_code
        == 403
    )
    # The moderator changes the grade, giving a reason; the moderated grade counts.
    assert "C1" in lead.get(reverse("audits:moderation")).content.decode()
    no_reason = lead.post(
        reverse("audits:moderate", args=[audit.id]), {"overall": "requires_improvement"}
    )
    assert no_reason.status_code == 400 and "Give the reason" in no_reason.content.decode()
    assert lead.post(reverse("audits:moderate", args=[audit.id]),
                     {"overall": "requires_improvement", "reasons": "Safety plan in place"}).status_code == 302  # fmt: skip
    audit.refresh_from_db()
    assert audit.status == "moderated" and audit.counted_grade == "requires_improvement"
    change = Change.objects.get(
        item_type="audit", item_id=audit.id, field="moderated overall grade"
    )
    assert (change.before, change.after, change.reason) == (
        "Inadequate",
        "Requires improvement to be good",
        "Safety plan in place",
    )
    calibration = lead.get(reverse("audits:calibration")).content.decode()
    assert 'id="agreement-auditors"' in calibration and "amy" in calibration


def test_the_team_manager_responds_and_the_action_reaches_their_list(drawn, client_as):
    _lead, auditor, made = drawn
    audit = _amys(made)
    auditor.post(reverse("audits:audit", args=[audit.id]), _form(audit, "good", True))
    manager = client_as("team_manager", teams=("Team A",), username="tm")
    assert manager.post(reverse("audits:respond", args=[audit.id]),
                        {"worker_response": "Agreed", "manager_response": "Will supervise"}).status_code == 302  # fmt: skip
    assert manager.post(reverse("audits:action_add", args=[audit.id]),
                        {"text": "Record the child's views", "owner": "W1", "due_date-day": "1",
                         "due_date-month": "3", "due_date-year": "2025"}).status_code == 302  # fmt: skip
    audit.refresh_from_db()
    assert audit.manager_response == "Will supervise"
    listed = manager.get(reverse("audits:actions")).content.decode()
    assert "Record the child&#x27;s views" in listed and "Overdue" in listed
    # Another team's manager sees neither the audit nor its action.
    other = client_as("team_manager", teams=("Team B",), username="tm-b")
    assert other.get(reverse("audits:audit", args=[audit.id])).status_code == 403
    assert "Record the child" not in other.get(reverse("audits:actions")).content.decode()
    # The child's page shows the audit beside the timeline.
    child = manager.get(reverse("children:timeline", args=["C1"])).content.decode()
    assert 'id="child-audits"' in child and "March audit" in child


def test_elected_members_see_the_share_good_or_better_suppressed_when_small(drawn, client_as):
    lead, auditor, made = drawn
    audit = _amys(made)
    auditor.post(reverse("audits:audit", args=[audit.id]), _form(audit, "good", True))
    member = client_as("elected_member").get(reverse("audits:index")).content.decode()
    assert "Good or better overall: <strong>c</strong>" in member
    assert "/audits/rounds/" not in member
    assert "100%" in lead.get(reverse("audits:index")).content.decode()


def test_a_drawn_round_is_not_drawn_again(drawn):
    lead, _, made = drawn
    count = made.audits.count()
    lead.post(reverse("audits:round_draw", args=[made.id]), follow=True)
    assert Audit.objects.filter(round=made).count() == count


def test_an_inadequate_case_is_due_for_reaudit(drawn, settings):
    lead, auditor, made = drawn
    audit = _amys(made)
    auditor.post(reverse("audits:audit", args=[audit.id]), _form(audit, "inadequate", True))
    Audit.objects.filter(pk=audit.pk).update(submitted_at=dt.datetime(2024, 10, 1, tzinfo=dt.UTC))
    html = lead.get(reverse("audits:actions")).content.decode()
    assert 'id="reaudits"' in html and "30 Dec 2024" in html and "Overdue" in html
