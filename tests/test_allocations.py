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


def test_two_allocations_beginning_the_same_day_give_the_same_answer_in_any_order():
    # two referrals of one child on one day, each naming a team and a worker: the answer must not
    # depend on the order the rows are read in (DuckDB reads in parallel: any order can come)
    rows = [
        {"cine_referral_id": "R1", "cine_person_id": "C1", "cine_referral_date": dt.date(2025, 1, 6),
         "cine_referral_team": "East", "cine_referral_worker_id": "SW1"},
        {"cine_referral_id": "R2", "cine_person_id": "C1", "cine_referral_date": dt.date(2025, 1, 6),
         "cine_referral_team": "West", "cine_referral_worker_id": "SW2"},
    ]  # fmt: skip
    answers = {
        tuple(
            tuple(sorted(r.items()))
            for r in Dataset.from_tables({"ssd_cin_episodes": order})
            .query(current_allocations_sql())
            .to_pylist()
        )
        for order in (rows, rows[::-1])
    }
    assert len(answers) == 1, answers


def test_on_the_same_day_an_allocation_recorded_as_one_wins():
    # the 903's social worker episode (an allocation) and a referral naming another worker, the
    # same day: the allocation's worker holds the case
    rows = Dataset.from_tables(
        {
            "ssd_cin_episodes": [
                {"cine_referral_id": "R1", "cine_person_id": "C1",
                 "cine_referral_date": dt.date(2025, 1, 6), "cine_referral_worker_id": "SW1"},
            ],
            "ssd_involvements": [
                {"invo_involvements_id": "1", "invo_person_id": "C1", "invo_professional_id": "SW0",
                 "invo_involvement_start_date": dt.date(2025, 1, 6)},
            ],
        }
    ).query(current_allocations_sql()).to_pylist()  # fmt: skip
    assert rows == [{"person_id": "C1", "team": None, "worker": "SW0"}]
