"""Each child's team and worker come from whichever return names them."""

import datetime as dt

from sightline.allocations import current_allocations_sql
from sightline.dataset import Dataset


def _dataset():
    return Dataset.from_tables(
        {
            # the 903's social worker episodes: a worker, no team
            "ssda903.ssd_involvements": [
                {"invo_involvements_id": "1", "invo_person_id": "C1", "invo_professional_id": "SW9",
                 "invo_involvement_start_date": dt.date(2025, 1, 6)},
                {"invo_involvements_id": "2", "invo_person_id": "C1", "invo_professional_id": "SW1",
                 "invo_involvement_start_date": dt.date(2024, 5, 1),
                 "invo_involvement_end_date": dt.date(2025, 1, 6)},
            ],
            "ssd_involvements": [
                {"invo_involvements_id": "1", "invo_person_id": "C1", "invo_professional_id": "SW9",
                 "invo_involvement_start_date": dt.date(2025, 1, 6)},
            ],
            # Annex A: the team (and an older worker) on the child's plan
            "annex_a.ssd_cp_plans": [
                {"cppl_cp_plan_id": "P1", "cppl_person_id": "C1", "cppl_cp_plan_team": "Safeguarding 2",
                 "cppl_cp_plan_worker_id": "SW1", "cppl_cp_plan_start_date": dt.date(2024, 5, 1)},
            ],
        }
    )  # fmt: skip


def test_team_from_annex_a_and_worker_from_the_latest_903_episode():
    rows = _dataset().query(current_allocations_sql()).to_pylist()
    assert rows == [{"person_id": "C1", "team": "Safeguarding 2", "worker": "SW9"}]


def test_as_at_a_date_before_the_change_of_worker():
    sql = current_allocations_sql("DATE '2024-12-01'")
    rows = _dataset().query(sql).to_pylist()
    assert rows == [{"person_id": "C1", "team": "Safeguarding 2", "worker": "SW1"}]
