"""Every table page offers CSV and XLSX, holding what the page shows: scoped to the reader's
teams, small numbers as "c" for aggregate-only readers, downloads of children logged."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from sightline import suppression
from sightline.web.accesslog.models import AccessEntry

TABLE_PAGES = [
    "/performance/",
    "/performance/indicators/referrals/",
    "/performance/indicators/referrals/?breakdown=team",
    "/performance/indicators/referrals/?period=month",
    "/performance/indicators/referrals/children/?year=2025",
    "/compliance/",
    "/compliance/work/",
    "/benchmarks/",
    "/benchmarks/referrals/",
    "/improvement/",
    "/access-log/?outcome=denied",  # each export is itself logged (viewed): the next holds it
]


@pytest.fixture
def council(demo_dataset, seeded, settings):
    settings.SIGHTLINE_COUNCIL = "999"
    return demo_dataset


def _csv(response) -> list[dict]:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def _xlsx(response) -> list[list]:
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(r) for r in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize("url", TABLE_PAGES)
def test_every_table_page_offers_csv_and_xlsx_of_the_same_rows(council, administrator_client, url):
    page = administrator_client.get(url).content.decode()
    assert "format=csv" in page and "format=xlsx" in page
    joiner = "&" if "?" in url else "?"
    rows = _csv(administrator_client.get(f"{url}{joiner}format=csv"))
    sheet = _xlsx(administrator_client.get(f"{url}{joiner}format=xlsx"))
    assert len(sheet) == len(rows) + 1  # the headings, then the same rows
    assert [str(h) for h in sheet[0]] == list(rows[0].keys()) if rows else True


def test_an_elected_members_scorecard_export_has_cs_where_the_page_has_them(
    council, elected_member_client, performance_analyst_client
):
    member = _csv(elected_member_client.get("/performance/?format=csv"))
    analyst = _csv(performance_analyst_client.get("/performance/?format=csv"))
    member_page = elected_member_client.get("/performance/").content.decode()
    suppressed = [r for r in member if r["Latest"] == "c"]
    assert suppressed, "the small council has figures resting on fewer than 5 children"
    assert member_page.count(suppression.NOTE) >= len(suppressed)
    by_name = {r["Indicator"]: r for r in analyst}
    for row in suppressed:
        assert by_name[row["Indicator"]]["Latest"] not in ("", "c")  # the analyst sees the value
    for row in member:
        if row["Unit"].startswith("as a number") and row["Latest"] not in ("", "c", "no data"):
            assert not 1 <= float(row["Latest"]) <= 4


def test_a_team_managers_work_list_export_holds_their_teams_children_only(
    council, team_manager_client
):
    rows = _csv(team_manager_client.get("/compliance/work/?format=csv"))
    assert rows and {r["Team"] for r in rows} <= {"Team A"}
    assert {r["Child"] for r in rows} <= {"C1", "C3"}
    entries = AccessEntry.objects.filter(kind=AccessEntry.Kind.DOWNLOAD)  # one record a child
    assert {e.child_id for e in entries} == {r["Child"] for r in rows}
    assert {e.children_shown for e in entries} == {len({r["Child"] for r in rows})}


def test_children_behind_a_figure_export_is_scoped_decoded_and_logged(council, team_manager_client):
    url = "/performance/indicators/referrals/children/?year=2025&format=csv"
    rows = _csv(team_manager_client.get(url))
    assert {r["Child"] for r in rows} <= {"C1", "C3"}
    assert AccessEntry.objects.filter(kind=AccessEntry.Kind.DOWNLOAD, what__contains="Referrals")
    assert "Record" not in (rows[0] if rows else {})


def test_an_elected_member_cannot_download_children(council, elected_member_client):
    assert elected_member_client.get("/compliance/work/?format=csv").status_code == 403
    url = "/performance/indicators/referrals/children/?year=2025&format=xlsx"
    assert elected_member_client.get(url).status_code == 403


def test_a_cell_that_a_spreadsheet_would_run_is_quoted():
    from sightline.web.common.export import rows_as_csv

    text = rows_as_csv([("a", "A")], [{"a": "=HYPERLINK(1)"}, {"a": "-3"}])
    assert "'=HYPERLINK(1)" in text and "\n-3" in text.replace("\r", "")


@pytest.mark.slow
def test_every_page_with_a_table_offers_csv_and_xlsx_holding_its_rows(
    council, administrator_client
):
    """Crawled as an administrator: a page with a table either exports through its view
    (includes/export_links.html) or has each table offered as the page shows it
    (core/page_tables.py), heading row first."""
    from site_crawl import crawl

    from sightline.web.core.page_tables import OWN_EXPORT, tables_of

    pages = [p for p in crawl(administrator_client) if "text/html" in p.content_type]
    with_tables = [p for p in pages if tables_of(p.html)]
    assert len(with_tables) > 20
    own = [p for p in with_tables if OWN_EXPORT in p.html]
    lacking = [
        p.url
        for p in with_tables
        if not (("format=csv" in p.html and "format=xlsx" in p.html) if p in own
                else all(f"download={f}&amp;table={i}" in p.html
                         for f in ("csv", "xlsx") for i in range(1, len(tables_of(p.html)) + 1)))
    ]  # fmt: skip
    assert not lacking, lacking
    for page in with_tables:
        if page in own:
            continue  # the view's own export, tested above
        joiner = "&" if "?" in page.url else "?"
        for index, table in enumerate(tables_of(page.html), start=1):
            rows = _csv(administrator_client.get(f"{page.url}{joiner}download=csv&table={index}"))
            assert len(rows) == len(table.rows) - table.header_rows, page.url
            sheet = _xlsx(
                administrator_client.get(f"{page.url}{joiner}download=xlsx&table={index}")
            )
            assert len(sheet) == len(rows) + 1, page.url


def test_a_childs_page_table_export_is_scoped_and_logged_as_a_download(
    council, team_manager_client
):
    """A team manager's download of a child's timeline holds the page's rows and is logged."""
    page = team_manager_client.get("/children/C1/")
    if page.status_code != 200:
        pytest.skip("the team manager's teams do not hold C1 in this demo")
    html = page.content.decode()
    assert "download=csv&amp;table=1" in html
    before = AccessEntry.objects.filter(kind=AccessEntry.Kind.DOWNLOAD, child_id="C1").count()
    rows = _csv(team_manager_client.get("/children/C1/?download=csv&table=1"))
    assert rows
    assert (
        AccessEntry.objects.filter(kind=AccessEntry.Kind.DOWNLOAD, child_id="C1").count()
        == before + 1
    )
