"""Compliance: for every open case, the next due date of each statutory and local timescale.

Engine API:
    due_list(dataset, today, standards=None) -> pyarrow.Table
        (child_id, event, due_date, status overdue|due_this_week|due_next_week|later,
         days_overdue, team, worker, due_from, basis)
    summary(due_table, by="team"|"worker") -> pyarrow.Table
    Standards.load(path=None) -> Standards   (defaults with a council's YAML laid over them)
    timeliness(dataset, period) -> pyarrow.Table   (DfE bands for assessments and ICPCs)
"""

from sightline.compliance.bands import timeliness
from sightline.compliance.due import STATUSES, due_list, events, summary
from sightline.compliance.standards import Standards, StandardsError

__all__ = [
    "STATUSES",
    "Standards",
    "StandardsError",
    "due_list",
    "events",
    "summary",
    "timeliness",
]
