"""A case's compliance picture from the snapshot: what an audit form's compliance items are
pre-filled with, and what paperwork against reality sets beside the audited grade.

Each item is True (met), False (missed) or None (the returns hold nothing to judge it by). It is
taken over the 12 months before the round's date, from the child's timeline (the same timescales
the child's page shows), so the auditor confirms or corrects what the data says.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, Protocol

import pyarrow as pa

from sightline import timeline

ITEMS: dict[str, str] = {
    "visits_on_time": "Visits within timescale",
    "seen_alone": "Child seen alone at the latest visit",
    "reviews_on_time": "Reviews within timescale",
    "plan_in_place": "Plan in place",
    "assessment_on_time": "Latest assessment within 45 working days",
}
_VISITS = ("cp_visit", "cin_visit", "cla_visit")
_REVIEWS = ("cp_review", "cla_review")


class _Dataset(Protocol):
    def query(self, sql: str, params: Mapping[str, Any] | None = None) -> pa.Table: ...


_SEEN_ALONE_SQL = """
SELECT seen_alone FROM (
    SELECT cppv_cp_visit_date AS d, cppv_cp_visit_seen_alone AS seen_alone
    FROM main.ssd_cp_visits WHERE cppv_person_id = $id
    UNION ALL SELECT cinv_cin_visit_date, cinv_cin_visit_seen_alone
    FROM main.ssd_cin_visits WHERE cinv_person_id = $id
    UNION ALL SELECT clav_cla_visit_date, clav_cla_visit_seen_alone
    FROM main.ssd_cla_visits WHERE clav_person_id = $id
) WHERE d <= $as_of ORDER BY d DESC LIMIT 1
"""

_PLAN_SQL = """
SELECT
    (SELECT count(*) FROM main.ssd_cp_plans WHERE cppl_person_id = $id
        AND cppl_cp_plan_start_date <= $as_of
        AND (cppl_cp_plan_end_date IS NULL OR cppl_cp_plan_end_date > $as_of)) AS cp,
    (SELECT count(*) FROM main.ssd_cin_plans WHERE cinp_person_id = $id
        AND cinp_cin_plan_start_date <= $as_of
        AND (cinp_cin_plan_end_date IS NULL OR cinp_cin_plan_end_date > $as_of)) AS cin
"""


def _all_met(events: list[timeline.Event], kinds: tuple[str, ...]) -> bool | None:
    judged = [e.met for e in events if e.kind in kinds and e.met is not None]
    return all(judged) if judged else None


def picture(dataset: _Dataset, child_id: str, as_of: dt.date, service: str) -> dict[str, Any]:
    """The compliance items for one case, with the timescales met and missed behind them."""
    since = as_of - dt.timedelta(days=365)
    events = [e for e in timeline.events(dataset, child_id) if since < e.date <= as_of]
    seen = dataset.query(_SEEN_ALONE_SQL, {"id": child_id, "as_of": as_of}).to_pylist()
    plans = dataset.query(_PLAN_SQL, {"id": child_id, "as_of": as_of}).to_pylist()[0]
    assessments = [e for e in events if e.kind == "assessment" and e.met is not None]
    items: dict[str, bool | None] = {
        "visits_on_time": _all_met(events, _VISITS),
        "seen_alone": seen[0]["seen_alone"] if seen else None,
        "reviews_on_time": _all_met(events, _REVIEWS),
        # A care plan is not in the returns: children in care are not judged on it.
        "plan_in_place": (
            None if service == "cla" else bool(plans["cp"] if service == "cp" else plans["cin"])
        ),
        "assessment_on_time": assessments[-1].met if assessments else None,
    }
    summary = timeline.timescale_summary(events)
    judged = [v for v in items.values() if v is not None]
    return {
        "items": items,
        "met": summary["met"],
        "missed": summary["missed"],
        # Compliant on paper: every item the data can judge is met, and no timescale was missed.
        "compliant": bool(judged) and all(judged) and summary["missed"] == 0,
        "as_of": as_of.isoformat(),
    }
