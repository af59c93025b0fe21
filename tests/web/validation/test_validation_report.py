"""A performance analyst's validation report: upload a CIN census, read the summary by rule, filter
to one rule, open a child's findings, download the XLSX and read it back; a re-import after a
correction shows what was fixed."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from sightline.paths import samples
from sightline.web.accesslog.models import AccessEntry
from sightline.web.imports.models import ImportJob

pytestmark = pytest.mark.django_db
SAMPLE = samples() / "cin" / "fake_CIN_data.xml"


def _import(client, content: bytes) -> str:
    client.post(
        reverse("imports:upload"),
        {"files": [SimpleUploadedFile(SAMPLE.name, content, content_type="text/xml")]},
    )
    job = ImportJob.objects.order_by("-created_at").first()
    assert job.status == "done", job.message
    [snapshot_id] = job.snapshot_ids
    return snapshot_id


def test_an_analyst_works_through_the_validation_report(performance_analyst_client):
    client = performance_analyst_client
    snapshot_id = _import(client, SAMPLE.read_bytes())
    snapshot_page = client.get(reverse("imports:snapshot", kwargs={"snapshot_id": snapshot_id}))
    url = reverse("validation:report", kwargs={"snapshot_id": snapshot_id})
    assert url in snapshot_page.content.decode()

    page = client.get(url).content.decode()
    assert "Not ready to submit" in page and "errors outstanding" in page
    # a 2021/22 census, before the first rule set held: the page says which set it is checked by
    note = page.split('id="rule-set-note">')[1].split("</div>")[0]
    assert "no rules for 2021/22" in note and "the 2022/23 rules, the earliest held" in note
    assert 'id="by-rule"' in page and "8790" in page and "1510" in page

    one_rule = client.get(url, {"code": "8790"}).content.decode()
    rows = one_rule.split('id="findings"')[1]
    assert rows.count('<td class="govuk-table__cell">8790</td>') == 3
    assert '<td class="govuk-table__cell">1510</td>' not in rows

    child = rows.split('class="govuk-link child-link" href="?child_id=')[1].split('"')[0]
    child_page = client.get(url, {"child_id": child}).content.decode()
    assert f"Child {child}: every finding" in child_page
    listed = child_page.split('id="findings"')[1]
    assert "8790" in listed and listed.count("child-link") >= 2  # all of the child's findings
    assert AccessEntry.objects.filter(what="validation report", child_id=child).exists()

    download = client.get(url, {"code": "8790", "format": "xlsx"})
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(download.content), read_only=True)
    findings = list(book["Findings"].iter_rows(values_only=True))
    assert findings[0][:4] == ("LAchildID", "Rule code", "Type", "Rule message")
    assert {r[1] for r in findings[1:]} == {"8790"} and len(findings) == 4
    by_rule = list(book["By rule"].iter_rows(values_only=True))
    assert by_rule[-1][:2] == ("8790", "error") and by_rule[-1][3:] == (3, 3)
    csv_text = client.get(url, {"format": "csv"}).content.decode()
    assert csv_text.splitlines()[0].startswith("LAchildID,Rule code,Type")


def test_a_reimport_after_corrections_shows_what_was_fixed(performance_analyst_client):
    client = performance_analyst_client
    original = SAMPLE.read_bytes()
    _import(client, original)
    corrected = original.replace(b"<ReferenceDate>2022-07-21", b"<ReferenceDate>2022-03-31")
    second = _import(client, corrected)
    page = client.get(reverse("validation:report", kwargs={"snapshot_id": second})).content.decode()
    assert 'id="changes"' in page
    fixed = int(page.split('id="changes"')[1].split(" findings fixed")[0].rsplit(" ", 1)[1])
    assert fixed > 0
