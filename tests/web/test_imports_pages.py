"""Uploading returns: the happy path, the problem report, and every kind of bad upload."""

import shutil

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from sightline.paths import samples
from sightline.store import Store
from sightline.web.accesslog.models import AccessEntry
from sightline.web.imports.models import ImportJob
from sightline.web.performance.models import Target

pytestmark = pytest.mark.django_db
SAMPLE = samples() / "cin" / "BAR_cin_2022.xml"


def _upload(client, *files):
    return client.post(reverse("imports:upload"), {"files": list(files)})


def _sample():
    return SimpleUploadedFile(SAMPLE.name, SAMPLE.read_bytes(), content_type="text/xml")


def _sample_with_a_bad_code():
    """The sample with its primary need code replaced by one that does not exist."""
    content = SAMPLE.read_bytes().replace(b"<PrimaryNeedCode>N4", b"<PrimaryNeedCode>N99")
    return SimpleUploadedFile(SAMPLE.name, content, content_type="text/xml")


def test_uploading_a_return_makes_a_snapshot_and_a_problem_report(
    performance_analyst_client, sightline_home
):
    response = _upload(performance_analyst_client, _sample())
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("imports:job", kwargs={"job_id": job.id})
    assert job.status == "done", job.message
    snapshots = Store(sightline_home).snapshots()
    assert [s.id for s in snapshots] == job.snapshot_ids
    # the upload itself is kept, byte for byte
    assert (
        sightline_home / "uploads" / str(job.id) / SAMPLE.name
    ).read_bytes() == SAMPLE.read_bytes()
    page = performance_analyst_client.get(reverse("imports:job", kwargs={"job_id": job.id}))
    assert "Imported" in page.content.decode()
    index = performance_analyst_client.get(reverse("imports:index")).content.decode()
    assert job.snapshot_ids[0] in index


def test_problem_report_filters_and_downloads(performance_analyst_client):
    _upload(performance_analyst_client, _sample_with_a_bad_code())
    job = ImportJob.objects.get()
    assert job.errors >= 1
    url = reverse("imports:job_problems", kwargs={"job_id": job.id})
    page = performance_analyst_client.get(url).content.decode()
    assert 'id="problems"' in page
    csv = performance_analyst_client.get(url + "?format=csv")
    assert csv["Content-Type"].startswith("text/csv")
    assert csv.content.decode().splitlines()[0].startswith("severity,code")
    assert "N99" in page
    only_errors = performance_analyst_client.get(url + "?severity=error&format=csv")
    rows = only_errors.content.decode().splitlines()[1:]
    assert rows and all(r.startswith("error") for r in rows)
    none = performance_analyst_client.get(url + "?severity=error&child_id=nobody").content.decode()
    assert "No problems match" in none


def test_snapshot_page_shows_the_diff_against_the_previous_one(performance_analyst_client):
    _upload(performance_analyst_client, _sample())
    _upload(performance_analyst_client, _sample_with_a_bad_code())  # a correction: new snapshot
    latest = ImportJob.objects.order_by("-created_at").first()
    assert latest.status == "done", latest.message
    page = performance_analyst_client.get(
        reverse("imports:snapshot", kwargs={"snapshot_id": latest.snapshot_ids[0]})
    ).content.decode()
    assert "Changes on the previous snapshot" in page
    assert "0 added" in page


def test_wrong_type_upload_is_refused_and_nothing_is_kept(
    performance_analyst_client, sightline_home
):
    response = _upload(
        performance_analyst_client,
        SimpleUploadedFile(
            "payload.exe", b"MZ\x90\x00binary", content_type="application/octet-stream"
        ),
    )
    assert response.status_code == 400
    assert "payload.exe is not a return file" in response.content.decode()
    assert not ImportJob.objects.exists()
    assert not Store(sightline_home).snapshots()
    assert not (sightline_home / "uploads").exists()
    assert AccessEntry.objects.filter(outcome="denied", what__startswith="upload refused").exists()


def test_binary_content_with_a_return_name_is_refused(performance_analyst_client):
    response = _upload(
        performance_analyst_client, SimpleUploadedFile("CIN_999_2025.xml", b"\x00\x01\x02PK")
    )
    assert response.status_code == 400
    assert "does not contain what a .xml file should" in response.content.decode()


def test_oversized_upload_is_refused_with_the_limit(performance_analyst_client, settings):
    settings.SIGHTLINE_MAX_UPLOAD_BYTES = 1000
    response = _upload(performance_analyst_client, _sample())
    assert response.status_code == 400
    assert "the largest file accepted is 1000" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_unreadable_return_is_not_imported_but_kept_with_its_report(
    performance_analyst_client, sightline_home
):
    broken = SimpleUploadedFile("CIN_999_2025.xml", b"<Message><Header>not closed")
    _upload(performance_analyst_client, broken)
    job = ImportJob.objects.get()
    assert job.status == "failed"
    assert job.errors >= 1
    assert not Store(sightline_home).snapshots()
    assert (sightline_home / "uploads" / str(job.id) / "CIN_999_2025.xml").exists()
    page = performance_analyst_client.get(
        reverse("imports:job_problems", kwargs={"job_id": job.id})
    ).content.decode()
    assert "CIN_999_2025.xml" in page


def test_forged_upload_without_csrf_token_is_refused_and_logged(make_user, sightline_home):
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user("performance_analyst"))
    response = _upload(client, _sample())
    assert response.status_code == 403
    assert "This form could not be accepted" in response.content.decode()
    assert not ImportJob.objects.exists()
    assert AccessEntry.objects.filter(outcome="denied", what__contains="CSRF").exists()


def test_forged_target_post_changes_nothing(make_user, demo_dataset):
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user("performance_analyst"))
    response = client.post(
        reverse("performance:target", kwargs={"indicator_id": "referrals"}), {"value": "5"}
    )
    assert response.status_code == 403
    assert not Target.objects.exists()


def test_role_without_import_rights_cannot_upload(auditor_client, sightline_home):
    response = _upload(auditor_client, _sample())
    assert response.status_code == 403
    assert not (sightline_home / "uploads").exists()


def test_import_job_status_panel_polls_until_finished(performance_analyst_client):
    _upload(performance_analyst_client, _sample())
    job = ImportJob.objects.get()
    panel = performance_analyst_client.get(reverse("imports:job_status", kwargs={"job_id": job.id}))
    assert "hx-trigger" not in panel.content.decode()  # finished: polling stops
    job.status = "running"
    job.save()
    panel = performance_analyst_client.get(reverse("imports:job_status", kwargs={"job_id": job.id}))
    assert 'hx-trigger="every 1s"' in panel.content.decode()


def test_importer_fault_keeps_the_upload_and_says_so(performance_analyst_client, monkeypatch):
    import sightline.returns.importer as importer

    def explode(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(importer, "import_files", explode)
    _upload(performance_analyst_client, _sample())
    job = ImportJob.objects.get()
    assert job.status == "failed"
    assert "your files are kept" in job.message
    assert shutil.disk_usage(job.upload_dir)  # the folder is still there


def test_an_import_left_running_by_a_restart_is_reported_as_stopped(
    performance_analyst_client, tmp_path
):
    import datetime as dt

    from django.utils import timezone

    job = ImportJob.objects.create(upload_dir=str(tmp_path), files=[], status="running")
    ImportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - dt.timedelta(hours=2))
    page = performance_analyst_client.get(reverse("imports:job", kwargs={"job_id": job.id}))
    assert "your files are kept" in page.content.decode()
    assert ImportJob.objects.get(pk=job.pk).status == "failed"


@pytest.mark.django_db(transaction=True)
def test_import_in_a_background_thread_finishes_and_the_page_follows_it(
    performance_analyst_client, settings
):
    import time

    settings.SIGHTLINE_IMPORT_MODE = "thread"
    response = _upload(performance_analyst_client, _sample())
    assert response.status_code == 302  # answered before the import is done
    job = ImportJob.objects.get()
    for _ in range(150):
        job.refresh_from_db()
        if job.finished:
            break
        time.sleep(0.1)
    assert job.status == "done", job.message
    panel = performance_analyst_client.get(reverse("imports:job_status", kwargs={"job_id": job.id}))
    assert "Imported" in panel.content.decode()
