"""Uploading returns: the happy path, the problem report, and every kind of bad upload."""

import shutil
from pathlib import Path

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


def test_a_store_that_cannot_be_written_keeps_the_upload_and_says_so(
    performance_analyst_client, sightline_home
):
    (sightline_home / "snapshots").write_text("not a folder")  # where the snapshots must go
    _upload(performance_analyst_client, _sample())
    job = ImportJob.objects.get()
    assert job.status == "failed"
    problems = performance_analyst_client.get(
        reverse("imports:job_problems", kwargs={"job_id": job.id})
    ).content.decode()
    assert "Sightline could not write to" in problems and "Nothing was imported" in problems
    assert "Traceback" not in problems
    assert Path(job.report_path).is_file()  # a report, even so
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


def test_an_upload_is_queued_for_the_worker(performance_analyst_client, settings):
    """The worker itself runs in its own process: tests/web/test_import_worker.py."""
    settings.SIGHTLINE_IMPORT_MODE = "worker"
    response = _upload(performance_analyst_client, _sample())
    assert response.status_code == 302  # answered at once: the job waits in the queue
    job = ImportJob.objects.get()
    assert job.status == "queued"
    from django_tasks_db.models import DBTaskResult

    [task] = DBTaskResult.objects.all()
    assert task.task_result.args == [str(job.id)] and task.status == "READY"
    panel = performance_analyst_client.get(reverse("imports:job_status", kwargs={"job_id": job.id}))
    assert "Cancel this import" in panel.content.decode()


def test_a_queued_import_cancelled_never_runs(performance_analyst_client, settings):
    settings.SIGHTLINE_IMPORT_MODE = "worker"
    _upload(performance_analyst_client, _sample())
    job = ImportJob.objects.get()
    performance_analyst_client.post(reverse("imports:job_cancel", kwargs={"job_id": job.id}))
    job.refresh_from_db()
    assert job.status == "cancelled"
    from sightline.web.imports.services import import_run

    assert import_run(job.id).status == "cancelled"  # the worker finds it cancelled: no run


def test_an_import_whose_worker_was_killed_is_failed_at_once(performance_analyst_client, tmp_path):
    import socket
    import subprocess
    import sys

    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    job = ImportJob.objects.create(
        upload_dir=str(tmp_path),
        files=[],
        status="running",
        worker_pid=gone.pid,
        worker_host=socket.gethostname(),
    )
    panel = performance_analyst_client.get(reverse("imports:job_status", kwargs={"job_id": job.id}))
    assert "worker was stopped" in panel.content.decode()
    assert ImportJob.objects.get(pk=job.pk).status == "failed"


def test_a_zip_bomb_upload_is_refused_plainly_with_the_workers_memory_flat(
    performance_analyst_client, monkeypatch, tmp_path
):
    import zipfile

    from sightline.jobs.capped import MEMORY_ENV

    def zip_bomb(path, megabytes):
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
            archive.writestr("xl/workbook.xml", "<workbook/>")
            with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
                block = b"<row><c><v>1</v></c></row>" * 40_000
                for _ in range(megabytes * 1024 * 1024 // len(block)):
                    sheet.write(block)
        return path

    monkeypatch.setenv(MEMORY_ENV, "1024")  # the capped child may use 1 GB; the bomb unpacks
    bomb = zip_bomb(tmp_path / "Annex_A_2025.xlsx", megabytes=300)  # to 300 MB, read: several GB
    upload = SimpleUploadedFile(bomb.name, bomb.read_bytes(), content_type="application/zip")
    _upload(performance_analyst_client, upload)
    job = ImportJob.objects.get()
    assert job.status == "failed" and "memory limit" not in job.message
    page = performance_analyst_client.get(
        reverse("imports:job_problems", kwargs={"job_id": job.id})
    ).content.decode()
    assert "would unpack to 300 MB" in page
    # refused from the zip's directory before any worker unpacks a byte of it
    assert job.peak_memory_bytes is None and job.worker_pid is None
    assert Store(job.upload_dir).snapshots() == []


def test_a_zip_bomb_that_reaches_the_worker_is_refused_with_its_memory_flat(tmp_path, monkeypatch):
    """Past the upload check too (a bomb inside a folder the CLI imports): the capped child."""
    import zipfile

    from sightline.jobs import Limits, run_capped

    bomb = tmp_path / "Annex_A.xlsx"
    with (
        zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
        archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet,
    ):
        block = b"<row><c><v>1</v></c></row>" * 40_000
        for _ in range(300 * 1024 * 1024 // len(block)):
            sheet.write(block)
    outcome = run_capped(
        "sightline.returns.importer:import_job",
        {
            "home": str(tmp_path / "home"),
            "paths": [str(bomb)],
            "created_by": "t",
            "max_bytes": None,
            "problems_path": str(tmp_path / "p.parquet"),
        },
        limits=Limits(memory_bytes=1024**3, seconds=120),
    )
    assert outcome.ok and outcome.value["snapshot_ids"] == []
    assert 0 < outcome.peak_rss_bytes < 300 * 1024 * 1024  # never near what unpacking it takes


def test_a_200_character_accented_file_name_uploads(performance_analyst_client):
    name = "é" * 200 + ".xml"  # 400 bytes: over what the disk allows in one name
    upload = SimpleUploadedFile(name, SAMPLE.read_bytes(), content_type="text/xml")
    response = _upload(performance_analyst_client, upload)
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert job.status == "done", job.message
    [kept] = job.files
    assert len(kept["name"].encode()) <= 200 and kept["name"].endswith(".xml")


def test_the_problem_download_neutralises_formulas(performance_analyst_client):
    content = SAMPLE.read_bytes().replace(b"<PrimaryNeedCode>N4", b"<PrimaryNeedCode>=1+1")
    _upload(performance_analyst_client, SimpleUploadedFile(SAMPLE.name, content))
    job = ImportJob.objects.get()
    url = reverse("imports:job_problems", kwargs={"job_id": job.id})
    text = performance_analyst_client.get(url + "?format=csv").content.decode()
    assert "'=1+1" in text and ",=1+1" not in text


def _job_with_many_problems(tmp_path, count: int) -> ImportJob:
    """A finished import whose report lists `count` problems (as the worker keeps it: Parquet)."""
    from sightline.problems import Problem, problems_table

    folder = tmp_path / "upload"
    folder.mkdir()
    problems = [
        Problem(
            "cin", "census.xml", f"line {n}", f"C{n}", "PrimaryNeedCode", "N99",
            "bad_code" if n % 3 else "missing_field", "error" if n % 2 else "warning",
            f"Problem number {n}.",
        )
        for n in range(count)
    ]  # fmt: skip
    import pyarrow.parquet as pq

    pq.write_table(problems_table(problems), folder / "problems.parquet")
    return ImportJob.objects.create(status="done", upload_dir=str(folder), errors=count)


def test_a_report_of_many_thousand_problems_pages_and_filters_and_downloads_all(
    performance_analyst_client, tmp_path
):
    job = _job_with_many_problems(tmp_path, 12_000)
    url = reverse("imports:job_problems", kwargs={"job_id": job.id})
    first = performance_analyst_client.get(url).content.decode()
    assert first.count('<tr class="govuk-table__row">') == 1 + 200  # the header and one page
    assert "Problem number 0." in first and "Problem number 200." not in first
    assert "12000 of 12000 problems: 1 to 200 shown" in first and "Page 1 of 60" in first
    third = performance_analyst_client.get(url + "?page=3").content.decode()
    assert "Problem number 400." in third and "Problem number 399." not in third
    assert 'rel="prev"' in third and 'rel="next"' in third
    # a filter pages through its own matches, and the next page keeps the filter
    filtered = performance_analyst_client.get(url + "?code=missing_field&page=2").content.decode()
    assert "4000 of 12000 problems: 201 to 400 shown" in filtered
    assert "code=missing_field" in filtered.split('rel="next"')[0].rsplit("href=", 1)[1]
    assert "Problem number 600." in filtered and "Problem number 601." not in filtered
    # the download has every problem the filter matches, not one page
    download = performance_analyst_client.get(url + "?code=missing_field&format=csv")
    assert len(download.content.decode().splitlines()) == 1 + 4000
    everything = performance_analyst_client.get(url + "?format=csv").content.decode()
    assert len(everything.splitlines()) == 1 + 12_000
    # only the page shown is logged as viewed
    pages = AccessEntry.objects.filter(kind="list", what="import problem report")
    assert pages.exists() and max(e.children_shown for e in pages) == 200


def test_pre_proceedings_uploaded_in_a_2026_27_census_show_on_the_childs_timeline(
    performance_analyst_client,
):
    census = b"""<?xml version="1.0" encoding="UTF-8"?>
<Message>
  <Header><CollectionDetails><Collection>CIN</Collection><Year>2027</Year>
    <ReferenceDate>2027-03-31</ReferenceDate></CollectionDetails>
    <Source><SourceLevel>L</SourceLevel><LEA>372</LEA></Source></Header>
  <Children><Child>
    <ChildIdentifiers><LAchildID>PP1</LAchildID><PersonBirthDate>2016-02-03</PersonBirthDate>
      <Sex>F</Sex></ChildIdentifiers>
    <ChildCharacteristics><Ethnicity>WBRI</Ethnicity></ChildCharacteristics>
    <CINdetails>
      <CINreferralDate>2026-04-10</CINreferralDate><ReferralSource>1A</ReferralSource>
      <PrimaryNeedCode>N1</PrimaryNeedCode><ReferralNFA>0</ReferralNFA>
      <PreProceedingsandFGDM>
        <PPStartDate>2026-05-01</PPStartDate><LBPSentDate>2026-05-08</LBPSentDate>
        <FGDMMeetingOffer>1</FGDMMeetingOffer><FGDMMeetingFac>1</FGDMMeetingFac>
        <StepDecisionDate>2026-09-01</StepDecisionDate><PPOutcome>A</PPOutcome>
      </PreProceedingsandFGDM>
    </CINdetails>
  </Child></Children>
</Message>
"""
    _upload(performance_analyst_client, SimpleUploadedFile("cin_2027.xml", census))
    job = ImportJob.objects.get()
    assert job.status == "done", job.message
    html = performance_analyst_client.get(
        reverse("children:timeline", kwargs={"child_id": "PP1"})
    ).content.decode()
    assert html.index("Referral") < html.index("Pre-proceedings started")
    assert "Pre-proceedings: decision to step down or issue" in html
    assert "family group meeting held" in html
