"""Due dates a child's social worker relies on, worked by hand: each regulation 28 visit schedule
(Care Planning, Placement and Case Review (England) Regulations 2010), reviews of a child whose
period of care began before the returns held, and pathway plans after 20.

Today is Wednesday 17 December 2025 (this week ends Sunday 21, next week Sunday 28).
"""

from __future__ import annotations

import datetime as dt

import pytest

from sightline.compliance import due_list
from sightline.dataset import Dataset

TODAY = dt.date(2025, 12, 17)
D = dt.date


def _episode(child: str, n: int, start: dt.date, rne: str, place: str, ls: str, **more) -> dict:
    return {
        "clae_cla_episode_id": f"{child}-{n}",
        "clae_person_id": child,
        "clae_cla_episode_start_date": start,
        "clae_cla_episode_start_reason": rne,
        "clae_placement_type": place,
        "clae_legal_status": ls,
        **more,
    }


def _ended(day: dt.date) -> dict:
    return {"clae_cla_episode_ceased_date": day, "clae_cla_episode_ceased_reason": "X1"}


VISITS = {
    # V1 foster care (U6), placed 1 Dec, no visit: reg 28(2)(a) within a week -> 8 Dec, overdue.
    "V1": [_episode("V1", 1, D(2025, 12, 1), "S", "U6", "C2")],
    # V2 foster care placed 1 Jun 2025, last visit 20 Nov: first year, 6-weekly -> 1 Jan 2026.
    "V2": [_episode("V2", 1, D(2025, 6, 1), "S", "U6", "C2")],
    # V3 long-term foster care (U4) since 2023, last visit 6 Oct: after the first year of a
    # placement intended to last until 18, 3-monthly -> 6 Jan 2026.
    "V3": [_episode("V3", 1, D(2023, 1, 1), "S", "U4", "C2")],
    # V4 long-term foster care with a relative (U1) since 2023, last visit 6 Oct: also intended to
    # last until 18 -> 3-monthly, 6 Jan 2026 (not the temporary-approval 4 weeks).
    "V4": [_episode("V4", 1, D(2023, 1, 1), "S", "U1", "C2")],
    # V5 with a relative (U3) since 1 Nov, no review yet, last visit 10 Dec: the returns cannot
    # show a reg 24 temporary approval, so reg 28(2): 6-weekly -> 21 Jan 2026 (not weekly).
    "V5": [_episode("V5", 1, D(2025, 11, 1), "S", "U3", "C2")],
    # V6 at home (P1) on an interim care order (C1) since 1 Nov, no review, last visit 10 Dec:
    # reg 28(4) weekly until the first review -> 17 Dec, today: due this week.
    "V6": [_episode("V6", 1, D(2025, 11, 1), "S", "P1", "C1")],
    # V7 at home on an interim order since 1 Jun, reviewed 20 Jun, last visit 28 Nov: reg 28(4)
    # 4-weekly after the first review -> 26 Dec: next week.
    "V7": [_episode("V7", 1, D(2025, 6, 1), "S", "P1", "C1")],
    # V8 at home on an interim order from 1 Sep; the full care order is made on 5 Dec (RNE L: same
    # placement). Last visit 1 Dec, before the order: reg 28(5) within a week of the order ->
    # 12 Dec, overdue (5 days).
    "V8": [
        _episode("V8", 1, D(2025, 9, 1), "S", "P1", "C1", **_ended(D(2025, 12, 5))),
        _episode("V8", 2, D(2025, 12, 5), "L", "P1", "C2"),
    ],
    # V9 at home on a care order since 1 Jun 2024, reviewed, last visit 13 Nov: reg 28(5)
    # 6-weekly -> 25 Dec: next week.
    "V9": [_episode("V9", 1, D(2024, 6, 1), "S", "P1", "C2")],
}
LAST_VISITS = {
    "V2": D(2025, 11, 20),
    "V3": D(2025, 10, 6),
    "V4": D(2025, 10, 6),
    "V5": D(2025, 12, 10),
    "V6": D(2025, 12, 10),
    "V7": D(2025, 11, 28),
    "V8": D(2025, 12, 1),
    "V9": D(2025, 11, 13),
}
REVIEWS = {"V7": [D(2025, 6, 20)], "V9": [D(2024, 6, 25), D(2024, 9, 20), D(2025, 3, 1)]}

EXPECTED_VISITS = {
    "V1": (D(2025, 12, 8), "overdue", "reg 28(2)"),
    "V2": (D(2026, 1, 1), "later", "reg 28(2)"),
    "V3": (D(2026, 1, 6), "later", "intended to last until 18"),
    "V4": (D(2026, 1, 6), "later", "intended to last until 18"),
    "V5": (D(2026, 1, 21), "later", "reg 24"),
    "V6": (D(2025, 12, 17), "due_this_week", "reg 28(4)"),
    "V7": (D(2025, 12, 26), "due_next_week", "reg 28(4)"),
    "V8": (D(2025, 12, 12), "overdue", "reg 28(5)"),
    "V9": (D(2025, 12, 25), "due_next_week", "reg 28(5)"),
}


@pytest.fixture(scope="module")
def visits() -> dict[str, dict]:
    tables = {
        "ssd_person": [{"pers_person_id": c, "pers_dob": D(2015, 1, 1)} for c in VISITS],
        "ssd_cla_episodes": [e for episodes in VISITS.values() for e in episodes],
        "ssd_cla_visits": [
            {"clav_cla_visit_id": c, "clav_person_id": c, "clav_cla_visit_date": d}
            for c, d in LAST_VISITS.items()
        ],
        "ssd_cla_reviews": [
            {"clar_cla_review_id": f"{c}{i}", "clar_person_id": c, "clar_cla_review_date": d}
            for c, dates in REVIEWS.items()
            for i, d in enumerate(dates)
        ],
    }
    rows = due_list(Dataset.from_tables(tables), TODAY).to_pylist()
    return {r["child_id"]: r for r in rows if r["event"] == "cla_visit"}


@pytest.mark.parametrize("child", sorted(EXPECTED_VISITS))
def test_each_regulation_28_schedule(visits: dict[str, dict], child: str) -> None:
    due, status, basis = EXPECTED_VISITS[child]
    row = visits[child]
    assert (row["due_date"], row["status"]) == (due, status), row["basis"]
    assert basis in row["basis"]


def _reviews(tables: dict) -> dict[str, dict]:
    dataset = Dataset.from_tables(tables)
    # as the store records it: the year before's 903 covers the year from 1 April 2024
    dataset.history_sources["ssd_cla_reviews"] = "903-2025"
    dataset.history_manifests["903-2025"] = {"period": {"start": "2024-04-01"}}
    rows = due_list(dataset, TODAY).to_pylist()
    return {r["child_id"]: r for r in rows if r["event"] == "cla_review"}


def test_a_change_of_legal_status_is_not_a_start_of_care() -> None:
    # R1 has been looked after since May 2019 (RNE S, last year's 903); a care order changes the
    # legal status (RNE L) on 1 Jun 2025; the last review was 10 May 2025. The next review is 6
    # months from it, 10 Nov 2025 (overdue), not a "first review" 20 working days from 1 Jun.
    tables = {
        "previous.ssd_cla_episodes": [
            _episode("R1", 1, D(2019, 5, 1), "S", "U4", "C1", **_ended(D(2025, 6, 1)))
        ],
        "ssd_cla_episodes": [
            _episode("R1", 1, D(2019, 5, 1), "S", "U4", "C1", **_ended(D(2025, 6, 1))),
            _episode("R1", 2, D(2025, 6, 1), "L", "U4", "C2"),
        ],
        "ssd_cla_reviews": [
            {
                "clar_cla_review_id": "1",
                "clar_person_id": "R1",
                "clar_cla_review_date": D(2025, 5, 10),
            }
        ],
    }
    row = _reviews(tables)["R1"]
    assert (row["due_date"], row["status"]) == (D(2025, 11, 10), "overdue")
    assert row["basis"] == "review 6 months from the last"


def test_reviews_of_a_period_of_care_older_than_the_returns_are_not_first_reviews() -> None:
    # R2 is looked after from before the returns held (the earliest episode, 1 Apr 2024, is a
    # placement change, RNE P) and one review is held (1 Oct 2025): it is not the first review, so
    # the next is 6 months from it (1 Apr 2026), not 3 months (the second-review rule).
    tables = {
        "ssd_cla_episodes": [_episode("R2", 1, D(2024, 4, 1), "P", "U4", "C2")],
        "ssd_cla_reviews": [
            {
                "clar_cla_review_id": "1",
                "clar_person_id": "R2",
                "clar_cla_review_date": D(2025, 10, 1),
            }
        ],
    }
    row = _reviews(tables)["R2"]
    assert row["due_date"] == D(2026, 4, 1)


def test_pathway_plans_are_reviewed_after_20() -> None:
    # Care leavers in oc3 (no header row; their date of birth is oc3's own). L21 is 21: pathway
    # plans run to 21 (the 903 follows care leavers to 21), so a review is due. L23 is 23 and in higher education (F1): plans run to 25
    # for those in education. L23b is 23 and not in education (G4): no plan review listed.
    tables = {
        "ssd_care_leavers": [
            {"clea_table_id": "1", "clea_person_id": "L21", "clea_dob": D(2004, 6, 1)},
            {
                "clea_table_id": "2",
                "clea_person_id": "L23",
                "clea_dob": D(2002, 6, 1),
                "clea_care_leaver_activity": "F1",
            },
            {
                "clea_table_id": "3",
                "clea_person_id": "L23b",
                "clea_dob": D(2002, 6, 1),
                "clea_care_leaver_activity": "G4",
            },
        ]
    }
    rows = due_list(Dataset.from_tables(tables), TODAY).to_pylist()
    listed = {r["child_id"] for r in rows if r["event"] == "pathway_plan_review"}
    assert listed == {"L21", "L23"}
