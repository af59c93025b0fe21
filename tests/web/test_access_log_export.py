"""The access log as evidence: administrators export it (CSV, XLSX) filtered by child, user and
date range; the export names its records' place in the hash chain and is itself logged."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from sightline.web.accesslog import services
from sightline.web.accesslog.models import AccessEntry
from sightline.web.accounts.roles import Role

pytestmark = pytest.mark.django_db
URL = reverse("accesslog:search")


def _record(username: str, child: str, days_ago: int) -> None:
    services.write(
        None,
        [{"outcome": "viewed", "kind": "child", "what": "child timeline", "child_id": child,
          "children_shown": 1}],
        username=username,
    )  # fmt: skip
    when = timezone.now() - dt.timedelta(days=days_ago)
    AccessEntry.objects.filter(username=username, child_id=child).update(at=when)


@pytest.fixture
def log():
    _record("ann", "C1", 40)
    _record("ann", "C2", 10)
    _record("bob", "C1", 5)
    _record("bob", "C3", 1)


def _csv(response) -> list[dict]:
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="access-log.csv"'
    assert "no-store" in response["Cache-Control"]
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_export_by_child_holds_that_childs_records_with_their_hashes(administrator_client, log):
    rows = _csv(administrator_client.get(URL + "?child_id=C1&format=csv"))
    assert sorted((r["User"], r["Child"]) for r in rows) == [("ann", "C1"), ("bob", "C1")]
    by_seq = {e.seq: e for e in AccessEntry.objects.all()}
    for row in rows:
        entry = by_seq[int(row["Record"])]
        assert (row["Hash"], row["Previous hash"]) == (entry.hash, entry.prev_hash)


def test_export_by_user_and_date_range(administrator_client, log):
    today = timezone.localdate()
    since = (today - dt.timedelta(days=20)).isoformat()
    until = (today - dt.timedelta(days=3)).isoformat()
    rows = _csv(administrator_client.get(f"{URL}?since={since}&until={until}&format=csv"))
    assert sorted((r["User"], r["Child"]) for r in rows) == [("ann", "C2"), ("bob", "C1")]
    rows = _csv(administrator_client.get(f"{URL}?username=bob&since={since}&format=csv"))
    assert sorted(r["Child"] for r in rows) == ["C1", "C3"]


def test_export_as_excel(administrator_client, log):
    from openpyxl import load_workbook

    response = administrator_client.get(URL + "?username=ann&format=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert values[0][:2] == ("When", "User") and "Hash" in values[0]
    assert sorted(v[1] for v in values[1:]) == ["ann", "ann"]


def test_the_export_is_logged_with_its_filters_and_each_child_it_names(administrator_client, log):
    administrator_client.get(URL + "?child_id=C1&format=csv")
    logged = AccessEntry.objects.filter(kind=AccessEntry.Kind.EXPORT)
    assert [(e.username, e.what, e.child_id) for e in logged] == [
        ("administrator-user", "access log export (csv)", "C1")
    ]
    assert "2 records; filters: child_id=C1" in logged[0].detail
    # The export's own record is chained like any other (the fixture moved older records' dates,
    # which the chain rightly reports).
    assert logged[0].seq not in {b.seq for b in services.verify()}


@pytest.mark.parametrize("role", [r for r in Role if r is not Role.ADMINISTRATOR])
def test_only_administrators_export_and_a_refusal_is_logged(client_as, role, log):
    response = client_as(role).get(URL + "?format=csv")
    assert response.status_code == 403
    assert "Content-Disposition" not in response
    assert AccessEntry.objects.filter(outcome="denied", path__startswith=URL).exists()


def test_a_mistyped_date_exports_nothing_and_says_why(administrator_client, log):
    response = administrator_client.get(URL + "?since=last+tuesday&format=csv")
    assert response.status_code == 400
    assert "Content-Disposition" not in response
    assert "Enter a valid date" in response.content.decode()
    assert not AccessEntry.objects.filter(kind=AccessEntry.Kind.EXPORT).exists()
