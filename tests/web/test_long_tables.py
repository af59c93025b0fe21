"""Tables that grow with the council are paged (GOV.UK pagination) or collapsed under their count
(GOV.UK details): the validation findings, the snapshots list, the compliance counts by worker
and, past a dozen, by team. The access log, children lists and problem reports page already
(tests in their areas)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sightline.paths import samples
from sightline.web.imports.models import ImportJob

pytestmark = pytest.mark.django_db
CIN = samples() / "cin" / "fake_CIN_data.xml"


def _import(client, content: bytes) -> list[str]:
    client.post(reverse("imports:upload"), {"files": [SimpleUploadedFile(CIN.name, content)]})
    return ImportJob.objects.order_by("-created_at").first().snapshot_ids


def test_validation_findings_are_paged_with_the_count_shown(
    performance_analyst_client, monkeypatch
):
    from sightline.web.validation import views

    monkeypatch.setattr(views, "PAGE_SIZE", 5)
    [snapshot_id] = _import(performance_analyst_client, CIN.read_bytes())
    url = reverse("validation:report", kwargs={"snapshot_id": snapshot_id})
    first = performance_analyst_client.get(url).content.decode()
    assert 'class="govuk-pagination"' in first and "1 to 5 shown" in first
    findings = first.split('id="findings"')[1].split("<tbody")[1].split("</tbody>")[0]
    assert findings.count('<tr class="govuk-table__row">') == 5
    second = performance_analyst_client.get(url, {"page": 2}).content.decode()
    assert "6 to 10 shown" in second
    # the download still has every finding, not the page
    download = performance_analyst_client.get(url, {"page": 2, "format": "csv"})
    assert len(download.content.decode().splitlines()) > 11


def test_the_snapshots_list_is_paged(performance_analyst_client, monkeypatch):
    from sightline.web.imports import views

    monkeypatch.setattr(views, "SNAPSHOTS_PAGE", 1)
    content = CIN.read_bytes()
    _import(performance_analyst_client, content)
    _import(
        performance_analyst_client,
        content.replace(b"<PrimaryNeedCode>N4", b"<PrimaryNeedCode>N5", 1),
    )
    page = performance_analyst_client.get(reverse("imports:index")).content.decode()
    assert "2 snapshots, newest first: 1 to 1 shown" in page
    assert 'class="govuk-pagination"' in page


def test_compliance_counts_by_worker_and_many_teams_are_collapsed_with_their_count(
    synthetic_council, client_as, monkeypatch
):
    from sightline.web.compliance import views

    client = client_as("performance_analyst")
    page = client.get(reverse("compliance:summary")).content.decode()
    workers = page.split('id="by-worker"')[1].split("</summary>")[0]
    assert 'class="govuk-details' in page.split('id="by-worker"')[0][-80:]
    assert "worker" in workers and any(ch.isdigit() for ch in workers)
    assert 'id="by-team"' not in page  # a few teams: open
    monkeypatch.setattr(views, "TEAM_ROWS_OPEN", 1)
    page = client.get(reverse("compliance:summary")).content.decode()
    assert 'id="by-team"' in page and "teams)" in page
