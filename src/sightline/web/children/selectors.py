"""Reads for a child's page: the child, their allocated team, and their timeline."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from sightline import timeline
from sightline.dataset import Dataset
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
    # the child's story from every year held, not only the newest returns
    events = timeline.events(_every_year(data.council) or data, child_id)
    due_all = due_data()
    due = [
        {**row, "event_label": event_label(row["event"])}
        for row in (due_all.rows if due_all else [])
        if row.get("child_id") == child_id
    ]
    return ChildPage(
        found, events, timeline.timescale_summary(events), tuple(data.snapshot_ids), due
    )


def _every_year(council: str | None) -> Dataset | None:
    """Every collection year's snapshots of the council in one dataset, made once per set of
    snapshots held (a new import makes a new one)."""
    if not council:
        return None
    store = engine.store()
    held = (council, tuple(sorted(s.id for s in store.snapshots(council=council))))
    # one per thread: a DuckDB connection is not shared between threads
    if getattr(_local, "held", None) != held:
        previous = getattr(_local, "dataset", None)
        if previous is not None:
            previous.close()
        _local.dataset, _local.held = Dataset.from_every_year(store, council), held
    return _local.dataset


_local = threading.local()


def child_exists(child_id: str) -> bool:
    data = engine.dataset()
    return data is not None and timeline.child(data, child_id) is not None
