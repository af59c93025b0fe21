"""Reads for compliance: the due list (every open case's next due events) from the engine, counted
by team, worker and event, and listed by child for the roles that may see children."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from sightline import suppression, timeline
from sightline.compliance.due import STATUSES, due_list
from sightline.compliance.names import event_name
from sightline.compliance.standards import Standards
from sightline.web.accounts.permissions import (
    child_teams_filter,
    has_capability,
    permitted_children,
)
from sightline.web.accounts.roles import Capability
from sightline.web.common import areas
from sightline.web.core import engine

STATUS_LABELS = {
    "overdue": "Overdue",
    "due_this_week": "Due this week",
    "due_next_week": "Due next week",
    "later": "Later",
    "not_shown": "Past due, not in the returns: check the record",
}


@dataclass
class DueData:
    today: dt.date
    rows: list[dict]
    snapshot_ids: tuple[str, ...]
    teams: dict[str, str]  # child -> allocated team (the scope of a team manager)
    key: tuple = ()  # what the rows were worked out from (the snapshot set, the day, the standards)


def _standards() -> Standards:
    return Standards.load(settings.SIGHTLINE_STANDARDS)


def due_data() -> DueData | None:
    work = engine.workspace()
    if work.council_or_none() is None or not work.snapshot_ids():
        return None
    today = engine.today()
    # keyed on the snapshot ids, so a warm worker opens no dataset to show the list
    key = ("due", work.snapshot_ids(), today, settings.SIGHTLINE_STANDARDS)

    def compute() -> tuple[list[dict], dict[str, str]]:
        data = work.dataset()
        rows = due_list(data, today, _standards()).to_pylist()
        teams = timeline.allocated_teams(data)
        for row in rows:  # the returns may carry the team only on some tables (Annex A)
            if not row.get("team") and row.get("child_id"):
                row["team"] = teams.get(row["child_id"])
        return rows, teams

    rows, teams = engine.cached(key, compute)
    return DueData(today, rows, tuple(s.id for s in work.dataset_snapshots()[0]), teams, key)


def event_label(event: str) -> str:
    return event_labeller()(event)


def event_labeller() -> Callable[[str], str]:
    """Each event's name in words, the other areas' items asked for once (a page labels a hundred
    rows)."""
    others = {items.event: items.label for items in areas.work_items()}
    return lambda event: others.get(event) or event_name(event)


def counts(rows: list[dict], by: str) -> list[dict]:
    """Rows per value of `by` (team, worker, event) with a count per status, most overdue first."""
    table: dict[str, dict[str, int]] = {}
    for row in rows:
        key = row.get(by) or ("Unallocated" if by in ("team", "worker") else "–")
        line = table.setdefault(key, dict.fromkeys(STATUSES, 0))
        line[row["status"]] += 1
    lines: list[dict[str, Any]] = [{"name": k, **v} for k, v in table.items()]
    lines.sort(key=lambda line: (-line["overdue"], -line["due_this_week"], line["name"]))
    return lines


def aggregate_counts(rows: list[dict], suppress: bool) -> tuple[list[dict], list[dict], dict]:
    """Counts by team and by event, and the totals, as the summary, its export and the home page
    show them. `suppress` (aggregate-only readers): 1 to 5 as "c", with secondary suppression
    across the tables and the totals together, so what one page hides no other shows and none can
    be worked out from the rest (sightline.suppression.suppress_count_tables). The same rows
    always give the same cells, on every page."""
    by_team, by_event = counts(rows, "team"), counts(rows, "event")
    totals = dict.fromkeys(STATUSES, 0)
    for row in rows:
        totals[row["status"]] += 1
    if suppress:
        (by_team, by_event), shown = suppression.suppress_count_tables(
            [by_team, by_event], STATUSES, totals
        )
        totals = shown or totals
    return by_team, by_event, totals


def visible_rows(user, due: DueData) -> list[dict]:
    """The due items the user may see child by child: team managers their teams' children.
    Other areas' items (actions from case audits) are listed beside them, decided the same way."""
    return visible(user, due)[0]


def visible(user, due: DueData) -> tuple[list[dict], tuple | None]:
    """The rows `visible_rows` gives, and what they were worked out from (None when the due list
    has no key): the due list, the reader's scope and the other areas' items, so that what is
    counted from them can be kept under it."""
    # the children's rows and teams are worked out once per due list (a list made elsewhere,
    # without a key, each time)
    rows, base_teams = (
        engine.cached(("due_children", *due.key), lambda: _children_due(due))
        if due.key
        else _children_due(due)
    )
    teams = dict(base_teams)
    others = [r for items in areas.work_items() for r in items.rows(due.today)]
    for r in others:  # the child's allocated team in the returns, else the area's record of it
        teams[r["child_id"]] = (
            teams.get(r["child_id"]) or due.teams.get(r["child_id"]) or r.get("team")
        )
    permitted = permitted_children(user, teams)
    shown = [r for r in (*rows, *others) if r["child_id"] in permitted]
    scope = (has_capability(user, Capability.VIEW_CHILDREN), child_teams_filter(user))
    key = (due.key, scope, tuple(tuple(sorted(r.items())) for r in others)) if due.key else None
    return shown, key


def _children_due(due: DueData) -> tuple[list[dict], dict[str, str | None]]:
    """The due list's rows that name a child, and each child's allocated team."""
    rows = [r for r in due.rows if r.get("child_id")]
    return rows, {r["child_id"]: due.teams.get(r["child_id"]) for r in rows}


def filter_rows(rows: list[dict], status: str, team: str, worker: str, event: str) -> list[dict]:
    return [
        r
        for r in rows
        if (not status or r["status"] == status)
        and (not team or (r.get("team") or "") == team)
        and (not worker or (r.get("worker") or "") == worker)
        and (not event or r["event"] == event)
    ]
