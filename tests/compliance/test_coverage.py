"""A referral from before the returns' period: its decision and assessment are outside the data,
so their absence is not work overdue (a child in care since 2019 is not 2,000 days late)."""

import datetime as dt

from sightline.compliance import due_list
from sightline.dataset import Dataset


def _dataset():
    data = Dataset.from_tables(
        {
            "ssd_cin_episodes": [
                {"cine_referral_id": "OLD", "cine_person_id": "C1",
                 "cine_referral_date": dt.date(2019, 6, 3)},
                {"cine_referral_id": "NEW", "cine_person_id": "C2",
                 "cine_referral_date": dt.date(2025, 1, 6)},
            ]
        }
    )  # fmt: skip
    # as a CIN census for 2024-25 would say of itself
    data.table_snapshots["ssd_cin_episodes"] = "cin-999-2025"
    data.manifests["cin-999-2025"] = {"period": {"start": "2024-04-01", "end": "2025-03-31"}}
    return data


def _due(data):
    rows = due_list(data, dt.date(2025, 3, 31)).to_pylist()
    return {
        (r["child_id"], r["event"])
        for r in rows
        if r["event"] in ("referral_decision", "assessment")
    }


def test_only_referrals_the_returns_cover_are_due_a_decision_and_an_assessment():
    assert _due(_dataset()) == {("C2", "referral_decision"), ("C2", "assessment")}


def test_without_a_snapshot_every_open_referral_counts():
    data = _dataset()
    data.table_snapshots.clear()
    assert ("C1", "assessment") in _due(data)
