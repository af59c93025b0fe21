"""The findings of the access probe, each reproduced: they failed before the fix and pass after."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from sightline import suppression
from sightline.store import Store
from sightline.web.accesslog.models import AccessEntry

sys.path.insert(0, str(Path(__file__).resolve().parent / "governance"))
from pack_data import pdf_text, write_cin_assessments

pytestmark = pytest.mark.django_db


@pytest.fixture
def officers_pack(seeded, sightline_home, client_as):
    """An officers' pack on 5 assessments (2 in time, 3 late: CHILD0002-4 behind the red measure),
    all of Team A."""
    from sightline.web.governance.models import BoardPack, Meeting

    write_cin_assessments(Store(sightline_home), 2025, in_time=2, late=3)
    meeting = Meeting.objects.filter(body__kind="qa_board").order_by("date").first()
    client_as("senior_leader").post(reverse("governance:pack_generate", args=[meeting.id]))
    return BoardPack.objects.get(meeting=meeting)


# 1. Team managers saw other teams' children in board packs (page and PDF).
def test_a_team_manager_sees_only_their_teams_children_in_a_pack(officers_pack, client_as):
    other = client_as("team_manager", teams=("Team B",), username="tm-b")
    html = other.get(reverse("governance:pack", args=[officers_pack.id])).content.decode()
    pdf = pdf_text(other.get(reverse("governance:pack_pdf", args=[officers_pack.id])).content)
    assert "CHILD0002" not in html and "CHILD0002" not in pdf
    own = client_as("team_manager", teams=("Team A",), username="tm-a")
    assert (
        "CHILD0002" in own.get(reverse("governance:pack", args=[officers_pack.id])).content.decode()
    )


# 2. Elected members saw small numbers in officers' packs.
def test_an_elected_member_sees_c_in_an_officers_pack(officers_pack, client_as):
    member = client_as("elected_member")
    response = member.get(reverse("governance:pack", args=[officers_pack.id]))
    shown = {i["id"]: i for i in response.context["c"]["indicators"]}
    assert shown["assessments_45wd"]["values"][-1] == "c"
    assert shown["assessments_45wd"]["latest"] == "c"
    pdf = pdf_text(member.get(reverse("governance:pack_pdf", args=[officers_pack.id])).content)
    assert "40" not in [w.strip() for w in pdf.split("\n")]
    assert suppression.REASON in pdf  # the member is told why each "c" is there


# 4. The sign-in lock could be walked round with another spelling of the name; /admin/login/
# had no lock and no log.
@pytest.mark.parametrize("spelling", ["qalead ", " qalead", "\uff51alead"])
def test_a_locked_name_stays_locked_under_another_spelling(make_user, spelling):
    make_user("qa_lead", username="qalead", password="right-password-q")
    client = Client()
    for _ in range(5):
        client.post(reverse("accounts:login"), {"username": "qalead", "password": "wrong"})
    response = client.post(
        reverse("accounts:login"), {"username": spelling, "password": "right-password-q"}
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_admin_site_signs_in_through_the_one_door(make_user):
    make_user("administrator", username="boss", password="right-password-b")
    client = Client()
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/sign-in/")
    client.post("/admin/login/", {"username": "boss", "password": "right-password-b"})
    assert "_auth_user_id" not in client.session  # the admin form does not authenticate
    client.post(reverse("accounts:login"), {"username": "boss", "password": "right-password-b"})
    assert AccessEntry.objects.filter(username="boss", kind="sign_in").exists()


# 5. The access log lost children (IDs cut at 500 characters); downloads and sign-ins unlogged.
def test_every_child_a_long_list_shows_is_found_by_searching_the_log(
    seeded, sightline_home, client_as
):
    write_cin_assessments(Store(sightline_home), 2025, in_time=0, late=86)
    auditor = client_as("auditor")
    url = reverse("performance:children", kwargs={"indicator_id": "assessments_45wd"})
    auditor.get(url + "?year=2025")
    admin = client_as("administrator")
    html = admin.get(reverse("accesslog:search") + "?child_id=CHILD0085").content.decode()
    assert "1 entries" in html
    assert AccessEntry.objects.filter(kind="list", what__startswith="children behind").count() == 86


def test_successful_sign_ins_are_logged(make_user):
    make_user("auditor", username="ann", password="right-password-a")
    Client().post(reverse("accounts:login"), {"username": "ann", "password": "right-password-a"})
    assert AccessEntry.objects.filter(username="ann", kind="sign_in", what__startswith="signed in")


def test_evidence_downloads_are_logged(seeded, client_as):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from sightline.web.improvement import services
    from sightline.web.improvement.models import Action

    action = Action.objects.order_by("id").first()
    evidence = services.evidence_add(
        action, services.EvidenceInput("m", upload=SimpleUploadedFile("m.txt", b"x")), None
    )
    response = client_as("auditor").get(reverse("improvement:evidence", args=[evidence.id]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert AccessEntry.objects.filter(kind="download", what__contains=f"evidence {evidence.id}")


# The log as evidence: an edited or removed record is found.
def test_verify_log_finds_an_edited_and_a_removed_record(auditor_client, demo_dataset):
    for child in ("C1", "C3"):
        auditor_client.get(reverse("children:timeline", kwargs={"child_id": child}))
    call_command("verify_log")
    entry = AccessEntry.objects.get(kind="child", child_id="C1")
    AccessEntry.objects.filter(pk=entry.pk).update(child_id="C9")
    with pytest.raises(CommandError):
        call_command("verify_log")
    AccessEntry.objects.filter(pk=entry.pk).update(child_id="C1")
    call_command("verify_log")
    AccessEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(CommandError):
        call_command("verify_log")


def test_purging_old_records_is_logged_and_keeps_the_chain(auditor_client, demo_dataset):
    import datetime as dt

    from django.utils import timezone

    from sightline.web.accesslog.services import purge

    auditor_client.get(reverse("children:timeline", kwargs={"child_id": "C1"}))
    removed = purge(now=timezone.now() + dt.timedelta(days=10), days=5)
    assert removed >= 1
    assert AccessEntry.objects.filter(kind="log", what__startswith="access log purged")
    call_command("verify_log")
