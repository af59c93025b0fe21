"""A council replaces the seven tests with its own framework, from a file, without code changes."""

from __future__ import annotations

import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from sightline.web.improvement import framework_file, selectors, services
from sightline.web.improvement.models import Framework, Theme

pytestmark = pytest.mark.django_db

OWN = {
    "name": "Ofsted priorities 2025",
    "themes": [
        {
            "code": "front-door",
            "title": "A front door that responds within a day",
            "lead": "Head of MASH",
            "measures": [
                {"indicator": "rereferrals", "target": 20, "tolerance": 2, "trajectory": {2025: 24}}
            ],
            "priorities": [
                {
                    "title": "Threshold decisions",
                    "actions": [
                        {
                            "title": "Threshold document refreshed",
                            "due": "2025-06-30",
                            "measure": "rereferrals",
                        }
                    ],
                    "milestones": [{"title": "Partners sign off", "due": "2025-05-31"}],
                }
            ],
        },
        {
            "code": "care-leavers",
            "title": "Care leavers in suitable homes",
            "lead": "Head of leaving care",
        },
    ],
}


def test_the_default_framework_is_the_seven_tests_with_their_leads():
    framework = services.framework_ensure_default()
    themes = list(framework.themes.all())
    assert len(themes) == 7
    assert themes[0].title == "A well-functioning corporate service"
    assert all(t.lead_title for t in themes)
    assert services.framework_ensure_default() == framework  # idempotent


def test_loading_another_framework_by_command_replaces_the_plan(tmp_path):
    services.framework_ensure_default()
    path = tmp_path / "ours.json"
    path.write_text(json.dumps(OWN))
    call_command("load_framework", str(path))
    active = selectors.active_framework()
    assert active.name == "Ofsted priorities 2025"
    assert [t.code for t in active.themes.all()] == ["front-door", "care-leavers"]
    action = active.themes.get(code="front-door").priorities.get().actions.get()
    assert action.measure.indicator_id == "rereferrals"
    assert action.measure.trajectory.get().value == 24
    assert Framework.objects.filter(active=False, name__contains="seven tests").exists()  # kept


def test_loading_a_framework_file_on_the_framework_page(senior_leader_client):
    upload = SimpleUploadedFile("ours.yaml", framework_file.yaml.safe_dump(OWN).encode())
    response = senior_leader_client.post(reverse("improvement:framework"), {"file": upload})
    assert response.status_code == 302
    plan = senior_leader_client.get(reverse("improvement:plan")).content.decode()
    assert "A front door that responds within a day" in plan and "Head of MASH" in plan
    assert "Stable and capable leadership" not in plan


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name: x\nthemes: [", "not valid YAML or JSON"),
        ("- a list", "expected a mapping with 'name' and 'themes'"),
        ("name: x", "the framework has no 'themes'"),
        ("name: x\nthemes:\n  - {code: a}", "theme 1 has no 'title'"),
        (
            "name: x\nthemes:\n  - {code: a, title: A}\n  - {code: a, title: B}",
            "theme 2 repeats the code 'a'",
        ),
        ("name: x\nthemes:\n  - {code: 'a b', title: A}", "may use only letters"),
        (
            "name: x\nthemes:\n  - {code: a, title: A, measures: [{indicator: nope}]}",
            "theme 1 (a) measure 1 names an unknown indicator 'nope'",
        ),
        (
            "name: x\nthemes:\n  - {code: a, title: A, priorities: [{title: P, actions: [{title: T, due: soon}]}]}",
            "priority 1 action 1 due date 'soon' is not a date",
        ),
    ],
)
def test_a_bad_framework_file_is_refused_in_plain_words(text, message, senior_leader_client):
    with pytest.raises(framework_file.FrameworkFileError, match=re.escape(message)):
        framework_file.parse(text, "ours.yaml")
    upload = SimpleUploadedFile("ours.yaml", text.encode())
    response = senior_leader_client.post(reverse("improvement:framework"), {"file": upload})
    assert response.status_code == 400
    assert not Theme.objects.exists()


def test_the_command_reports_a_bad_file_without_a_traceback(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("name: x")
    with pytest.raises(CommandError, match=re.escape("bad.yaml: the framework has no 'themes'")):
        call_command("load_framework", str(path))


def test_only_plan_editors_load_a_framework(elected_member_client):
    upload = SimpleUploadedFile("ours.json", json.dumps(OWN).encode())
    assert (
        elected_member_client.post(reverse("improvement:framework"), {"file": upload}).status_code
        == 403
    )
    assert not Framework.objects.exists()
