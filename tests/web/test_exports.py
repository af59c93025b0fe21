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
