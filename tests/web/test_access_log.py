"""The access log: written for every child-level view, searchable by administrators only."""

import pytest
from django.urls import reverse

from sightline.web.accesslog.models import AccessEntry

pytestmark = pytest.mark.django_db


def test_child_view_is_logged_with_who_what_and_snapshots(auditor_client, demo_dataset):
    auditor_client.get(reverse("children:timeline", kwargs={"child_id": "C3"}))
    entry = AccessEntry.objects.get(kind="child")
    assert (entry.username, entry.role, entry.outcome, entry.child_id) == (
        "auditor-user",
        "auditor",
        "viewed",
        "C3",
    )
    assert entry.snapshot_ids  # which data was shown


def test_list_view_logs_the_children_shown(qa_lead_client, demo_dataset):
    qa_lead_client.get(reverse("compliance:list"))
    entries = AccessEntry.objects.filter(kind="list")
    assert {e.child_id for e in entries} == {"C1", "C2", "C3", "C4"} & {e.child_id for e in entries}
    assert all(e.children_shown == len(entries) for e in entries)


def test_administrator_searches_by_child_and_outcome(client_as, demo_dataset):
    auditor = client_as("auditor")
    auditor.get(reverse("children:timeline", kwargs={"child_id": "C1"}))
    auditor.get(reverse("children:timeline", kwargs={"child_id": "C2"}))
    client_as("elected_member").get(reverse("children:timeline", kwargs={"child_id": "C1"}))
    admin = client_as("administrator")
    html = admin.get(reverse("accesslog:search") + "?child_id=C1").content.decode()
    assert "2 entries" in html
    html = admin.get(reverse("accesslog:search") + "?child_id=C1&outcome=denied").content.decode()
    assert "1 entries" in html and "elected_member-user" in html


def test_the_log_cannot_be_edited_in_the_admin_site(administrator_client):
    from django.contrib import admin

    from sightline.web.accesslog.admin import AccessEntryAdmin

    model_admin = AccessEntryAdmin(AccessEntry, admin.site)
    assert not model_admin.has_change_permission(None)
    assert not model_admin.has_delete_permission(None)


@pytest.mark.parametrize("role", ["performance_analyst", "team_manager", "elected_member"])
def test_admin_site_is_for_administrators_only(client_as, role):
    assert client_as(role).get("/admin/").status_code == 302  # to the admin sign-in


def test_administrator_reaches_the_admin_site(administrator_client):
    assert administrator_client.get("/admin/").status_code == 200
