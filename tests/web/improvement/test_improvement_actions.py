"""A lead updates an action: edits with optimistic concurrency, evidence, completion, overrides, history."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sightline.indicators import registry as indicators
from sightline.web.common.models import Change
from sightline.web.improvement import services
from sightline.web.improvement.models import Action, Evidence, Theme

pytestmark = pytest.mark.django_db


@pytest.fixture
def action(seeded):
    return Action.objects.filter(status="not_started").order_by("id").first()


def _edit(client, action, version, **changes):
    data = {
        "version": version,
        "title": action.title,
        "owner_title": action.owner_title,
        "due_date": action.due_date.isoformat(),
        "status": action.status,
        "description": action.description,
        **changes,
    }
    return client.post(reverse("improvement:action_edit", args=[action.id]), data)


def test_second_of_two_concurrent_edits_is_refused_showing_what_changed(action, client_as):
    first, second = client_as("senior_leader", username="ann"), client_as("qa_lead", username="bob")
    version = action.version  # both open the edit form at this version
    assert _edit(first, action, version, status="in_progress").status_code == 302
    response = _edit(second, action, version, title="Renamed by Bob")
    assert response.status_code == 409
    html = response.content.decode()
    assert "Your changes were not saved" in html
    assert "ann changed this action after you opened it" in html
    assert "Not started" in html and "In progress" in html  # status before and after
    action.refresh_from_db()
    assert (action.status, action.title) != ("in_progress", "Renamed by Bob")
    assert action.status == "in_progress" and action.version == version + 1
    # The refused form keeps Bob's edit at the version now saved: saving again keeps his change.
    edit_form = html.split('id="edit-form"')[1].split("</form>")[0]
    assert 'value="Renamed by Bob"' in edit_form
    assert f'name="version" value="{version + 1}"' in edit_form
    again = _edit(second, action, version + 1, title="Renamed by Bob", status="in_progress")
    assert again.status_code == 302
    action.refresh_from_db()
    assert (action.title, action.status) == ("Renamed by Bob", "in_progress")


def test_an_edit_from_the_current_version_saves_and_is_in_the_history(action, senior_leader_client):
    response = _edit(senior_leader_client, action, action.version, due_date="2025-06-30")
    assert response.status_code == 302
    change = Change.objects.filter(item_type="action", item_id=action.id, field="due_date").get()
    assert (change.before, change.after, change.by) == (
        action.due_date.isoformat(),
        "2025-06-30",
        "senior_leader-user",
    )


def test_a_lead_adds_an_update_with_a_file_as_evidence(
    action, senior_leader_client, sightline_home
):
    upload = SimpleUploadedFile("audit.pdf", b"%PDF-1.4 audit findings", "application/pdf")
    response = senior_leader_client.post(
        reverse("improvement:action_update", args=[action.id]),
        {
            "text": "Clinic running weekly",
            "evidence_title": "Audit report",
            "evidence_file": upload,
        },
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get(action=action)
    assert evidence.kind == "file" and evidence.file_name == "audit.pdf"
    assert (sightline_home / evidence.file_path).read_bytes() == b"%PDF-1.4 audit findings"
    page = senior_leader_client.get(
        reverse("improvement:action", args=[action.id])
    ).content.decode()
    assert "Clinic running weekly" in page and "Audit report" in page
    download = senior_leader_client.get(reverse("improvement:evidence", args=[evidence.id]))
    assert download.content == b"%PDF-1.4 audit findings"


@pytest.mark.parametrize(
    ("name", "size", "message"),
    [
        ("payload.exe", 10, "not a type of file accepted as evidence"),
        ("big.pdf", services.EVIDENCE_MAX_BYTES + 1, "evidence files may be up to 20 MB"),
    ],
)
def test_evidence_files_are_checked_for_type_and_size(
    action, senior_leader_client, name, size, message
):
    upload = SimpleUploadedFile(name, b"x" * size)
    response = senior_leader_client.post(
        reverse("improvement:action_update", args=[action.id]),
        {"evidence_title": "Evidence", "evidence_file": upload},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Evidence.objects.filter(action=action).exists()


def test_a_link_must_be_a_web_address(action, senior_leader_client):
    response = senior_leader_client.post(
        reverse("improvement:action_update", args=[action.id]),
        {"evidence_title": "Minutes", "evidence_url": "javascript:alert(1)"},
    )
    assert response.status_code == 400
    assert not Evidence.objects.filter(action=action).exists()


def test_evidence_needs_a_title(action, senior_leader_client):
    response = senior_leader_client.post(
        reverse("improvement:action_update", args=[action.id]),
        {"evidence_url": "https://example.org/minutes"},
    )
    assert response.status_code == 400
    assert "Give the evidence a title" in response.content.decode()


def test_an_action_is_complete_only_with_evidence(action, senior_leader_client):
    response = _edit(senior_leader_client, action, action.version, status="complete")
    assert response.status_code == 400
    assert "marked complete only once evidence is attached" in response.content.decode()
    services.evidence_add(
        action, services.EvidenceInput("Minutes", url="https://example.org/m"), None
    )
    assert _edit(senior_leader_client, action, action.version, status="complete").status_code == 302
    view = senior_leader_client.get(
        reverse("improvement:action", args=[action.id])
    ).content.decode()
    assert 'govuk-tag--blue">Complete' in view


def test_an_override_needs_a_reason_and_shows_as_an_override(seeded, senior_leader_client):
    theme = Theme.objects.get(code="practice")
    url = reverse("improvement:theme_override", args=[theme.id])
    senior_leader_client.post(url, {"rag": "green", "reason": "", "version": theme.version})
    theme.refresh_from_db()
    assert theme.rag_override == ""
    senior_leader_client.post(
        url,
        {"rag": "green", "reason": "New clinic shows results in May", "version": theme.version},
    )
    page = senior_leader_client.get(reverse("improvement:theme", args=[theme.id])).content.decode()
    assert "Overridden to green</strong> by senior_leader-user" in page
    assert "New clinic shows results in May" in page and "The computed RAG is" in page
    change = Change.objects.get(item_type="theme", item_id=theme.id, field="rag override")
    assert (change.before, change.after, change.reason) == (
        "computed",
        "green",
        "New clinic shows results in May",
    )


def test_the_theme_rag_is_its_worst_actions(seeded, client_as):
    from sightline.web.improvement import selectors

    plan = selectors.plan()
    practice = next(t for t in plan.themes if t.theme.code == "practice")
    assert practice.computed.colour == "red"  # the clinic action is overdue in the demo
    assert any(a.computed.rule == "A-RED-OVERDUE" for a in practice.actions)


def test_computed_rag_changes_enter_the_history(seeded, senior_leader_client):
    senior_leader_client.get(reverse("improvement:plan"))
    assert Change.objects.filter(field="computed RAG", by="computed").exists()
    count = Change.objects.count()
    senior_leader_client.get(reverse("improvement:plan"))
    assert Change.objects.count() == count  # nothing new when nothing changed


def test_readers_cannot_change_the_plan(action, client_as):
    for role in ("elected_member", "inspector", "team_manager"):
        assert _edit(client_as(role), action, action.version, title="x").status_code == 403
    action.refresh_from_db()
    assert action.title != "x"


def test_an_indicator_value_is_captured_as_evidence_with_its_date_and_snapshot(
    action, senior_leader_client, sightline_home
):
    from plan_data import write_cin_assessments

    from sightline.store import Store

    snapshot = write_cin_assessments(Store(sightline_home), 2025, in_time=3, late=1)
    response = senior_leader_client.post(
        reverse("improvement:action_update", args=[action.id]),
        {"evidence_title": "Timeliness after the clinic", "evidence_indicator": "assessments_45wd"},
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get(action=action)
    assert (evidence.kind, evidence.indicator_value, evidence.indicator_year) == (
        "indicator",
        75.0,
        2025,
    )
    assert evidence.captured_on.isoformat() == "2025-03-31" and snapshot.id in evidence.snapshot_ids
    page = senior_leader_client.get(
        reverse("improvement:action", args=[action.id])
    ).content.decode()
    assert "was <strong>75.0</strong> for 2025, captured 31 March 2025" in page
    # named as the scorecard names it, never by its id
    name = indicators.get("assessments_45wd").name
    assert f"Timeliness after the clinic: {name} was" in page and "assessments_45wd was" not in page


def test_an_indicator_without_a_value_cannot_be_captured(action, senior_leader_client):
    response = senior_leader_client.post(
        reverse("improvement:action_update", args=[action.id]),
        {"evidence_title": "Timeliness", "evidence_indicator": "assessments_45wd"},
    )
    assert response.status_code == 400
    assert "There is no value for" in response.content.decode()
    assert not Evidence.objects.filter(action=action).exists()


def test_a_second_theme_override_from_an_older_page_is_refused_with_what_changed(seeded, client_as):
    theme = Theme.objects.get(code="practice")
    opened_at = theme.version  # both leads open the theme page now
    url = reverse("improvement:theme_override", args=[theme.id])
    first, second = client_as("senior_leader", username="first"), client_as("qa_lead")
    ok = first.post(url, {"rag": "amber", "reason": "Clinic started", "version": opened_at})
    assert ok.status_code == 302
    refused = second.post(url, {"rag": "green", "reason": "All fine", "version": opened_at})
    assert refused.status_code == 409
    html = refused.content.decode()
    assert "Not saved: first changed this theme after you opened it" in html
    assert "first changed <strong>rag override</strong> from “computed” to “amber”" in html
    theme.refresh_from_db()
    assert (theme.rag_override, theme.override_reason) == ("amber", "Clinic started")
    assert f'name="version" value="{theme.version}"' in html  # the form is ready to try again
