"""A performance analyst validates a 903 return in the web app: upload its CSV tables, open the
validation report from the snapshot, read the summary by rule, filter to one rule and download it."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from sightline.paths import samples
from sightline.web.imports.models import ImportJob

pytestmark = pytest.mark.django_db
SAMPLE = samples() / "ssda903"


def _import_903(client) -> str:
    files = [
        SimpleUploadedFile(p.name, p.read_bytes(), content_type="text/csv")
        for p in sorted(SAMPLE.glob("*.csv"))
    ]
    client.post(reverse("imports:upload"), {"files": files})
    job = ImportJob.objects.order_by("-created_at").first()
    assert job.status == "done", job.message
    [snapshot_id] = job.snapshot_ids
    return snapshot_id


def test_a_903_snapshot_has_a_validation_report_by_rule(performance_analyst_client):
    client = performance_analyst_client
    snapshot_id = _import_903(client)
    snapshot_page = client.get(reverse("imports:snapshot", kwargs={"snapshot_id": snapshot_id}))
    assert b"the DfE's 903 rules for the year" in snapshot_page.content
    url = reverse("validation:report", kwargs={"snapshot_id": snapshot_id})
    page = client.get(url).content.decode()
    assert "903 validation" in page
    assert "2675 children checked" in page
    assert "A new episode has started before the end date of the previous episode." in page
    one_rule = client.get(url, {"code": "501"}).content.decode()
    assert "episodes.csv" in one_rule
    download = client.get(url, {"code": "501", "format": "xlsx"})
    book = load_workbook(io.BytesIO(download.content), read_only=True)
    rows = list(book["Findings"].iter_rows(values_only=True))
    assert rows[0][:2] == ("CHILD", "Rule code")
    assert len(rows) == 63 and {r[1] for r in rows[1:]} == {"501"}
    assert {r[-1] for r in rows[1:]} == {"episodes.csv"}  # each finding names its table's file
