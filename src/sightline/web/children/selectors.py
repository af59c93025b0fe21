"""Reads for a child's page: the child, their allocated team, and their timeline."""

from __future__ import annotations

from dataclasses import dataclass

from sightline import timeline
from sightline.web.compliance.selectors import due_data, event_label
from sightline.web.core import engine


@dataclass
class ChildPage:
    child: timeline.Child
    events: list[timeline.Event]
    summary: dict[str, int]
    snapshot_ids: tuple[str, ...]
    due: list[dict]  # what is due next for the child (compliance), soonest first


def child_page(child_id: str) -> ChildPage | None:
    data = engine.dataset()
    if data is None:
        return None
    found = timeline.child(data, child_id)
    if found is None:
        return None
    events = timeline.events(data, child_id)
    due_all = due_data()
    due = [
        {**row, "event_label": event_label(row["event"])}
        for row in (due_all.rows if due_all else [])
        if row.get("child_id") == child_id
    ]
    return ChildPage(
        found, events, timeline.timescale_summary(events), tuple(data.snapshot_ids), due
    )


def child_exists(child_id: str) -> bool:
    data = engine.dataset()
    return data is not None and timeline.child(data, child_id) is not None
