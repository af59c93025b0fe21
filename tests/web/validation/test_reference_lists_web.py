"""A performance analyst loads the 903 reference lists in the web app (Ofsted's providers, a
postcode reference; the council's code from the workspace's settings): each kept as a snapshot
with who and when, each unreadable one refused in plain words with nothing kept, and the 903
validation report then runs the rules that need them, as a job of the queue."""

from __future__ import annotations

import html
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from sightline.paths import samples
from sightline.web.accesslog.models import AccessEntry
from sightline.web.common.models import Change
from sightline.web.imports.models import ImportJob
from sightline.web.validation.models import ReferenceList, ValidationRun

pytestmark = pytest.mark.django_db
SAMPLE = samples() / "ssda903"
PROVIDERS = (
    b"URN,Setting postcode,Provider Placement Code,Provider Code,Registration date,Closed date\n"
    b"4244474,EG19 7TT,T2,PR0,01/01/2010,\n"
    b"8969628,WV27 9FW,K2,PR3,01/01/2010,31/12/2016\n"
)
POSTCODES = b"pcd,oseast1m,osnrth1m,oslaua\nEG19 7TT,530000,180000,E08000016\nWV27 9FW,390000,300000,E08000031\n"
PROVIDER_RULES = "Ofsted's list of providers"


def _import_903(client) -> str:
    files = [
        SimpleUploadedFile(p.name, p.read_bytes(), content_type="text/csv")
        for p in sorted(SAMPLE.glob("*.csv"))
    ]
    client.post(reverse("imports:upload"), {"files": files})
    job = ImportJob.objects.order_by("-created_at").first()
    assert job.status == "done", job.message
    return job.snapshot_ids[0]


def _upload(client, kind: str, *files: tuple[str, bytes]):
    uploads = [SimpleUploadedFile(name, content) for name, content in files]
    return client.post(reverse("validation:reference_upload"), {"kind": kind, "files": uploads})


def _nothing_kept(home) -> bool:
    folder = home / "references"
    held = list(folder.iterdir()) if folder.exists() else []
    incoming = home / "uploads" / "references"
    left = list(incoming.iterdir()) if incoming.exists() else []
    return not ReferenceList.objects.exists() and not held and not left


def _page(response) -> str:
    return html.unescape(response.content.decode())


def _codes(page: str) -> set[str]:
    table = page.split('id="by-rule"')[1].split("</table>")[0]
    return {part.split('"')[0] for part in table.split("?code=")[1:]}


def test_the_report_names_the_lists_not_loaded_and_links_to_the_upload_page(
    performance_analyst_client,
):
    client = performance_analyst_client
    snapshot_id = _import_903(client)
    url = reverse("validation:report", kwargs={"snapshot_id": snapshot_id})
    page = _page(client.get(url))
    not_run = page.split('id="not-run"')[1].split("</div></div>")[0]
    assert PROVIDER_RULES in not_run and "a postcode reference" in not_run
    assert reverse("validation:references") in not_run
    book = load_workbook(io.BytesIO(client.get(url, {"format": "xlsx"}).content), read_only=True)
    assert book.sheetnames == ["Findings", "By rule", "Not run"]
    sheet = [r[0] for r in book["Not run"].iter_rows(values_only=True)][1:]
    assert sheet and all(line in page for line in sheet)  # the page's lines, every one
    assert any(PROVIDER_RULES in line for line in sheet)


def test_an_uploaded_providers_list_is_kept_and_the_report_runs_the_rules_it_feeds(
    performance_analyst_client, sightline_home, settings
):
    settings.SIGHTLINE_COUNCIL_ONS_CODE = "E08000016"
    client = performance_analyst_client
    snapshot_id = _import_903(client)
    url = reverse("validation:report", kwargs={"snapshot_id": snapshot_id})
    before = _page(client.get(url))
    assert "1008" not in _codes(before)

    response = _upload(client, "providers", ("childrens_homes.csv", PROVIDERS))
    assert response.status_code == 302, response.content.decode()[:2000]
    [listed] = ReferenceList.objects.all()
    assert listed.kind == "providers" and listed.rows == 2
    assert listed.created_by.get_username() == "performance_analyst-user"
    kept = sightline_home / "references" / listed.folder.rsplit("/", 1)[-1]
    assert str(kept) == listed.folder
    assert (kept / "originals" / "childrens_homes.csv").read_bytes() == PROVIDERS
    assert (kept / "table.parquet").stat().st_mode & 0o222 == 0  # read-only
    change = Change.objects.get(item_type="reference list")
    assert change.field == "uploaded" and "childrens_homes.csv" in change.after
    assert AccessEntry.objects.filter(what__startswith="reference list uploaded").exists()
    # the upload checked the latest 903 return again, beside the list
    run = ValidationRun.objects.get(snapshot_id=snapshot_id, providers=listed)
    assert run.status == "done" and run.council_code == "E08000016"

    after = _page(client.get(url))
    assert "1008" in _codes(after)  # URNs not on the list
    assert PROVIDER_RULES not in after.split('id="not-run"')[1].split("</div></div>")[0]
    listing = _page(client.get(reverse("validation:references")))
    assert "childrens_homes.csv (2 providers)" in listing and "E08000016" in listing

    book = load_workbook(io.BytesIO(client.get(url, {"format": "xlsx"}).content), read_only=True)
    found = {r[1] for r in list(book["Findings"].iter_rows(values_only=True))[1:]}
    assert "1008" in found and found == _codes(after)  # the download has the page's rules
    not_run = [r[0] for r in book["Not run"].iter_rows(values_only=True)][1:]
    assert not_run and not any(PROVIDER_RULES in line for line in not_run)


def test_an_uploaded_postcode_reference_is_kept_and_read_by_the_next_check(
    performance_analyst_client, sightline_home
):
    response = _upload(performance_analyst_client, "postcodes", ("onspd_extract.csv", POSTCODES))
    assert response.status_code == 302
    [listed] = ReferenceList.objects.all()
    assert listed.kind == "postcodes" and listed.rows == 2
    assert listed.files[0]["name"] == "onspd_extract.csv" and len(listed.files[0]["sha256"]) == 64
    from sightline.web.validation.services import current

    assert current("postcodes") == listed  # what the next check reads
    listing = _page(performance_analyst_client.get(reverse("validation:references")))
    assert "onspd_extract.csv (2 postcodes)" in listing


def test_a_postcode_reference_beside_a_903_return_is_checked_to_the_end(
    performance_analyst_client, settings
):
    # the postcode rules once made the engine's one statement of every rule stall in DuckDB
    settings.SIGHTLINE_COUNCIL_ONS_CODE = "E08000016"
    client = performance_analyst_client
    snapshot_id = _import_903(client)
    assert _upload(client, "postcodes", ("onspd_extract.csv", POSTCODES)).status_code == 302
    [listed] = ReferenceList.objects.all()
    run = ValidationRun.objects.get(snapshot_id=snapshot_id, postcodes=listed)
    assert run.status == "done"
    page = _page(client.get(reverse("validation:report", kwargs={"snapshot_id": snapshot_id})))
    assert "a postcode reference" not in page.split('id="not-run"')[1].split("</div></div>")[0]
    assert "392c" in _codes(page)  # placement postcodes the reference does not hold


def test_a_listed_code_that_is_not_in_the_published_statistics_is_said(
    performance_analyst_client,
):
    page = _page(performance_analyst_client.get(reverse("validation:references")))
    assert "Not known: no council is chosen" in page


def _zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<x/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (600 * 1024**2))
    return out.getvalue()


REFUSED = {
    "wrong columns": (
        "providers",
        [("list.csv", b"Name,Town\nA home,Leeds\n")],
        "is not one of Ofsted's provider lists",
    ),
    "a bad date": (
        "providers",
        [("list.csv", b"URN,Setting postcode,Closed date\n1234567,LS1 4AP,next Tuesday\n")],
        "is not a date (dd/mm/yyyy)",
    ),
    "an empty file": ("providers", [("list.csv", b"")], "A file you chose is empty"),
    "not a list's type": ("providers", [("list.pdf", b"%PDF-1.4")], "must be .xlsx or .csv"),
    "binary in a csv": ("providers", [("list.csv", b"\x00\x01\x02")], "does not contain what"),
    "a workbook that is not one": (
        "providers",
        [("list.xlsx", b"PK\x03\x04 not really a workbook")],
        "cannot be opened",
    ),
    "a zip bomb": ("providers", [("list.xlsx", None)], "would unpack to"),
    "postcodes with no easting": (
        "postcodes",
        [("pc.csv", b"pcd,osnrth1m\nLS1 4AP,430000\n")],
        "no easting column",
    ),
    "postcodes not numbers": (
        "postcodes",
        [("pc.csv", b"pcd,oseast1m,osnrth1m\nLS1 4AP,east,430000\n")],
        "is not a number",
    ),
    "two postcode files": (
        "postcodes",
        [("a.csv", POSTCODES), ("b.csv", POSTCODES)],
        "one postcode reference file at a time",
    ),
}


@pytest.mark.parametrize("case", REFUSED, ids=list(REFUSED))
def test_an_unreadable_list_is_refused_in_plain_words_and_nothing_is_kept(
    case, performance_analyst_client, sightline_home
):
    kind, files, words = REFUSED[case]
    files = [(name, _zip_bomb() if content is None else content) for name, content in files]
    response = _upload(performance_analyst_client, kind, *files)
    page = _page(response)
    assert response.status_code == 400
    assert words in page
    assert "There is a problem" in page and "Traceback" not in page
    assert _nothing_kept(sightline_home)
    assert AccessEntry.objects.filter(
        outcome="denied", what__startswith="reference list refused"
    ).exists()


def test_a_file_over_the_size_limit_is_refused(
    performance_analyst_client, sightline_home, settings
):
    settings.SIGHTLINE_MAX_UPLOAD_BYTES = 100
    response = _upload(performance_analyst_client, "providers", ("list.csv", PROVIDERS))
    assert response.status_code == 400
    assert "the largest file accepted is 100" in response.content.decode()
    assert _nothing_kept(sightline_home)


def test_only_the_roles_that_import_returns_may_upload_a_list(client_as, sightline_home):
    for role in ("qa_lead", "senior_leader", "inspector"):
        client = client_as(role)
        assert client.get(reverse("validation:references")).status_code == 200
        assert _upload(client, "providers", ("list.csv", PROVIDERS)).status_code == 403
    assert _nothing_kept(sightline_home)


def test_with_a_worker_the_check_after_an_upload_is_a_job_not_the_request(
    performance_analyst_client, settings
):
    client = performance_analyst_client
    snapshot_id = _import_903(client)
    settings.SIGHTLINE_IMPORT_MODE = "worker"
    assert _upload(client, "providers", ("ch.csv", PROVIDERS)).status_code == 302
    run = ValidationRun.objects.get(providers__isnull=False)
    assert run.status == "queued"  # waiting for the worker
    url = reverse("validation:report", kwargs={"snapshot_id": snapshot_id})
    waiting = _page(client.get(url))
    assert "being checked against the DfE's rules" in waiting and 'id="by-rule"' not in waiting

    from sightline.web.validation.services import validation_run

    validation_run(run.id)  # what the worker does with the queued job
    assert "1008" in _codes(_page(client.get(url)))
