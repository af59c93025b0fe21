"""Changes made in the admin site enter the plan's history too."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sightline.web.common.models import Change
from sightline.web.improvement.models import Action

pytestmark = pytest.mark.django_db


def test_an_admin_edit_is_recorded_and_makes_open_edits_stale(seeded, administrator_client):
    action = Action.objects.filter(status="not_started").first()
    url = reverse("admin:improvement_action_change", args=[action.id])
    form = administrator_client.get(url).context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in form.initial.items()}
    data.update(
        {
            "title": "Renamed in the admin site",
            "due_date": action.due_date.isoformat(),
            "rag_override": "",
        }
    )
    data = {k: v for k, v in data.items() if k in form.fields and not isinstance(v, list)}
    response = administrator_client.post(url, data)
    assert response.status_code == 302, (
        response.context["adminform"].form.errors if response.context else ""
    )
    change = Change.objects.get(item_type="action", item_id=action.id, field="title")
    assert (change.before, change.after, change.by) == (
        action.title,
        "Renamed in the admin site",
        "administrator-user",
    )
    action.refresh_from_db()
    assert action.version == 2


def test_administrators_set_up_bodies_and_meetings_in_the_admin_site(seeded, administrator_client):
    page = administrator_client.get(reverse("admin:governance_body_add")).content.decode()
    assert "Members" in page  # the members inline
    assert administrator_client.get(reverse("admin:governance_meeting_add")).status_code == 200
    assert administrator_client.get(reverse("admin:common_change_changelist")).status_code == 200


def test_the_history_cannot_be_edited_in_the_admin_site(seeded, administrator_client):
    change = Change.objects.first()
    url = reverse("admin:common_change_change", args=[change.id])
    administrator_client.post(url, {"before": "rewritten"})
    change.refresh_from_db()
    assert change.before != "rewritten"
