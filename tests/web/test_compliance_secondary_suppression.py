"""An aggregate-only reader (an elected member) on the compliance summary, its export and the home
page's work panel, on synthetic councils with many small counts: every count of 1 to 5 is "c",
and no hidden count can be worked out from what the same reader sees (the column totals on the
home page, or another table's column whole, less the counts shown)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import re

import pytest
from django.urls import reverse

from sightline.compliance.due import STATUSES
from sightline.web.compliance import selectors

pytestmark = pytest.mark.django_db
LABELS = selectors.STATUS_LABELS
HOME_TOTALS = {"overdue": "overdue", "due_this_week": "due this week",
               "due_next_week": "due next week"}  # fmt: skip


def council(seed: int) -> selectors.DueData:
    """Due items over a few teams and events, mostly in small numbers."""
    rng = random.Random(seed)
    teams = [f"Team {t}" for t in range(rng.randint(1, 7))] + [None] * rng.randint(0, 1)
    events = [f"event_{e}" for e in range(rng.randint(1, 4))]
    rows, k = [], 0
    for team in teams:
        for event in events:
            for status in STATUSES:
                for _ in range(rng.choice([0, 0, 0, 1, 1, 2, 3, 5, 8, 14])):
                    k += 1
                    rows.append({"child_id": f"C{k}", "team": team, "event": event,
                                 "status": status, "due_date": dt.date(2025, 3, 31),
                                 "days_overdue": 1, "worker": "W1", "basis": ""})  # fmt: skip
    return selectors.DueData(dt.date(2025, 3, 31), rows, ("s1",), {})


def truth(data: selectors.DueData) -> dict[tuple[str, str, str], int]:
    counted = {}
    for by in ("team", "event"):
        for line in selectors.counts(data.rows, by):
            for status in STATUSES:
                counted[(by, line["name"], status)] = line[status]
    return counted


def what_the_member_sees(client) -> tuple[dict, dict, dict]:
    """The export's counts by (team|event, name, status), the home totals and home team cells."""
    export = client.get(reverse("compliance:summary") + "?format=csv").content.decode()
    cells = {}
    for row in csv.DictReader(io.StringIO(export)):
        by = {"Team": "team", "Event": "event"}[row["Counted by"]]
        name = row["Name"]
        for status in STATUSES:
            cells[(by, name, status)] = row[LABELS[status]]
    home = client.get(reverse("core:home")).content.decode()
    totals = {}
    for status, words in HOME_TOTALS.items():
        found = re.search(r'font-weight-bold"[^>]*>([^<]*)</span> ' + words + "</li>", home)
        if found:
            totals[status] = found.group(1).strip()
    home_cells = {}
    for name, overdue, week in re.findall(
        r'<th scope="row" class="govuk-table__header">([^<]+)</th>\s*'
        r'<td class="govuk-table__cell govuk-table__cell--numeric">([^<]*)</td>\s*'
        r'<td class="govuk-table__cell govuk-table__cell--numeric">([^<]*)</td></tr>',
        home,
    ):
        home_cells[("team", name.strip(), "overdue")] = overdue.strip()
        home_cells[("team", name.strip(), "due_this_week")] = week.strip()
    return cells, totals, home_cells


def derivations(cells: dict, totals: dict) -> list[str]:
    """Each hidden count the reader can work out, as the reader would: a known column total less
    the counts shown leaves one hidden count, or as many hidden counts as the remainder (each 1)."""
    found = []
    for status in STATUSES:
        columns = {by: {n: v for (b, n, s), v in cells.items() if b == by and s == status}
                   for by in ("team", "event")}  # fmt: skip
        known = set()
        if totals.get(status, "c").isdigit():
            known.add(int(totals[status]))
        for column in columns.values():
            if column and all(v.isdigit() for v in column.values()):
                known.add(sum(int(v) for v in column.values()))
        for total in known:
            for by, column in columns.items():
                hidden = [n for n, v in column.items() if v == "c"]
                rest = total - sum(int(v) for v in column.values() if v.isdigit())
                if hidden and (len(hidden) == 1 or rest == len(hidden)):
                    found.append(f"{status} by {by}: {hidden} from total {total}")
    return found


@pytest.mark.parametrize("seed", range(24))
def test_no_hidden_count_can_be_worked_out(seed, client_as, monkeypatch):
    data = council(seed)
    monkeypatch.setattr(selectors, "due_data", lambda: data)
    cells, totals, home_cells = what_the_member_sees(client_as("elected_member"))
    real = truth(data)
    for key, seen in cells.items():
        if 1 <= real[key] <= 5:
            assert seen == "c", f"{key}: {real[key]} shown"  # primary suppression
        elif seen != "c":
            assert int(seen) == real[key]
    for key, seen in home_cells.items():  # the home page gives away nothing the summary hides
        assert cells[key] == "c" or seen == cells[key], key
        if cells[key] == "c":
            assert seen == "c", f"{key} hidden on the summary, {seen} on the home page"
    assert not derivations(cells, totals)


def test_the_probe_one_hidden_team_beside_the_home_total(client_as, monkeypatch):
    """Three teams overdue 9, 7 and 2 with the total 18 on the home page: the 2 was 18 - 16."""
    rows = [{"child_id": f"C{i}", "team": team, "event": "event_0", "status": "overdue"}
            for i, team in enumerate(["Team A"] * 9 + ["Team B"] * 7 + ["Team C"] * 2)]  # fmt: skip
    monkeypatch.setattr(
        selectors, "due_data", lambda: selectors.DueData(dt.date(2025, 3, 31), rows, ("s",), {})
    )
    cells, totals, home_cells = what_the_member_sees(client_as("elected_member"))
    assert totals["overdue"] == "18"
    assert home_cells[("team", "Team B", "overdue")] == "c"  # the home page hides it as well
    assert [cells[("team", t, "overdue")] for t in ("Team A", "Team B", "Team C")] == [
        "9", "c", "c"]  # fmt: skip
