"""The import's own page shows what went wrong: its first problems, a failed import that looks
failed (the GOV.UK error summary, no full progress bar), and the upload form asks for the year
that the importer's warnings ask for, in the form's words, never the command line's."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sightline.paths import samples
from sightline.web.imports.models import ImportJob

pytestmark = pytest.mark.django_db
CIN = samples() / "cin" / "BAR_cin_2022.xml"
S903 = samples() / "ssda903"


def _upload(client, *files, **fields):
    return client.post(reverse("imports:upload"), {"files": list(files), **fields})


def _903_tables():
    return [
        SimpleUploadedFile(name, (S903 / name).read_bytes(), content_type="text/csv")
        for name in ("header.csv", "episodes.csv")
    ]


def _job_page(client, job):
    return client.get(reverse("imports:job", kwargs={"job_id": job.id})).content.decode()


def test_a_failed_import_looks_failed_and_lists_its_problems(performance_analyst_client):
    _upload(performance_analyst_client, SimpleUploadedFile("CIN_999_2025.xml", b"<Message><Hea"))
    job = ImportJob.objects.get()
    assert job.status == "failed"
    page = _job_page(performance_analyst_client, job)
    assert 'class="govuk-error-summary"' in page and "This import failed" in page
    assert "<progress" not in page  # no bar drawn full (and blue) for an import that failed
    assert 'id="first-problems"' in page and "CIN_999_2025.xml" in page
    assert "see the problems below" not in page
    # the polled panel is the same once finished
    panel = performance_analyst_client.get(
        reverse("imports:job_status", kwargs={"job_id": job.id})
    ).content.decode()
    assert "This import failed" in panel and 'id="first-problems"' in panel


def test_an_import_with_errors_shows_its_first_problems_on_its_page(performance_analyst_client):
    bad = CIN.read_bytes().replace(b"<PrimaryNeedCode>N4", b"<PrimaryNeedCode>N99")
    _upload(performance_analyst_client, SimpleUploadedFile(CIN.name, bad))
    job = ImportJob.objects.get()
    assert job.status == "done" and job.errors >= 1
    page = _job_page(performance_analyst_client, job)
    assert 'id="first-problems"' in page and "govuk-tag--red" in page
    assert "govuk-error-summary" not in page


def test_a_file_refused_whole_shows_why_before_its_row_errors(
    performance_analyst_client, monkeypatch
):
    """Another council's census with a thousand rule errors: the page leads with the reason
    nothing was imported, which the importer finds after every row's errors."""
    monkeypatch.setenv("SIGHTLINE_COUNCIL", "372")
    other = samples() / "cin" / "fake_CIN_data.xml"  # council 975's
    _upload(performance_analyst_client, SimpleUploadedFile(other.name, other.read_bytes()))
    job = ImportJob.objects.get()
    assert job.status == "failed" and job.errors > 1000
    page = _job_page(performance_analyst_client, job)
    shown = page[page.index('id="first-problems"') :]
    reason = shown.index("this Sightline is for council 372 only")
    assert reason < shown.index("Disability information includes both None")


def test_the_year_warning_names_the_upload_form_not_the_command_line(performance_analyst_client):
    _upload(performance_analyst_client, *_903_tables())
    job = ImportJob.objects.get()
    report = reverse("imports:job_problems", kwargs={"job_id": job.id})
    pages = [
        _job_page(performance_analyst_client, job),
        performance_analyst_client.get(report + "?code=year_inferred").content.decode(),
        performance_analyst_client.get(report + "?format=csv").content.decode(),
    ]
    assert "choose the year on the upload form" in pages[1]
    for page in pages:
        assert "--year" not in page


def test_the_year_chosen_on_the_form_is_the_one_imported(performance_analyst_client):
    form = performance_analyst_client.get(reverse("imports:upload")).content.decode()
    assert 'name="year"' in form and "2024 to 2025" in form
    _upload(performance_analyst_client, *_903_tables(), year="2022")
    job = ImportJob.objects.get()
    assert job.year == 2022 and job.status == "done", job.message
    report = performance_analyst_client.get(
        reverse("imports:job_problems", kwargs={"job_id": job.id}) + "?format=csv"
    ).content.decode()
    assert "year_inferred" not in report and "year_unknown" not in report
    assert all(s.startswith("ssda903-") and "2022" in s for s in job.snapshot_ids), job.snapshot_ids
    assert "2021 to 2022 (chosen on the upload form)" in _job_page(performance_analyst_client, job)
