"""Compliance lists against a hand-worked example covering every timescale.

Today is Wednesday 17 December 2025. This week runs Monday 15 to Sunday 21 December; next week
22 to 28 December (25 and 26 December are bank holidays). Working days skip weekends and bank
holidays; "n working days from d" is the n-th working day after d.
"""

import dataclasses
import datetime as dt

import pytest

from sightline.compliance import Standards, StandardsError, due_list, events, summary
from sightline.dataset import Dataset

TODAY = dt.date(2025, 12, 17)
D = dt.date

TABLES = {
    "ssd_person": [
        {"pers_person_id": "L1", "pers_dob": D(2015, 3, 1)},  # 10: SDQ, PEP
        {"pers_person_id": "L2", "pers_dob": D(2023, 1, 10)},  # 2: health every 6 months
        {"pers_person_id": "L3", "pers_dob": D(2009, 11, 1)},  # 16 on 1 Nov 2025
        {"pers_person_id": "CL", "pers_dob": D(2007, 5, 1)},  # care leaver, 18
    ],
    "ssd_cin_episodes": [
        # R1: referral Mon 15 Dec, nothing since. Decision: 1 wd -> Tue 16 Dec: overdue (1 day).
        # Assessment: 45 wd from Mon 15 Dec. Dec 16-31 has 10 working days (25, 26 Dec off), so
        # 31 Dec is wd 10 (counting from 16 Dec = 1); Jan 2026: 1 Jan off, 2 Jan = 11, ...
        # then 5 a week: 6 Feb (36), 13 Feb (41), Thu 19 Feb (45): later.
        {
            "cine_referral_id": "R1",
            "cine_person_id": "C1",
            "cine_referral_date": D(2025, 12, 15),
            "cine_referral_team": "Front door",
            "cine_referral_worker_id": "W1",
        },
        # R2: referral Mon 1 Dec, S47 recorded with no strategy discussion or start:
        # strategy discussion 1 wd -> Tue 2 Dec: overdue (15 days).
        {
            "cine_referral_id": "R2",
            "cine_person_id": "C2",
            "cine_referral_date": D(2025, 12, 1),
            "cine_referral_team": "Assessment",
        },
        # R3: S47 started (strategy) Mon 8 Dec, no ICPC: 15 wd -> Mon 8 Dec + 15 = Tue 30 Dec
        # (9-12 = 4, 15-19 = 9, 22-24 = 12, 29 = 13, 30 = 14 ... see below): due next week? No:
        # 9,10,11,12 (4) 15,16,17,18,19 (9) 22,23,24 (12) 29 (13) 30 (14) 31 (15) -> Wed 31 Dec: later.
        {"cine_referral_id": "R3", "cine_person_id": "C3", "cine_referral_date": D(2025, 12, 5)},
        # R4: child on a CIN plan since 1 Dec, last visit Fri 21 Nov: 20 wd -> Fri 19 Dec: this week.
        {"cine_referral_id": "R4", "cine_person_id": "C4", "cine_referral_date": D(2025, 10, 1)},
        # R5: child on a CP plan (no CIN visit listed for them).
        {"cine_referral_id": "R5", "cine_person_id": "P1", "cine_referral_date": D(2025, 10, 1)},
    ],
    "ssd_cin_assessments": [
        {
            "cina_assessment_id": "A4",
            "cina_person_id": "C4",
            "cina_referral_id": "R4",
            "cina_assessment_start_date": D(2025, 10, 2),
            "cina_assessment_auth_date": D(2025, 11, 20),
        },
        {
            "cina_assessment_id": "A5",
            "cina_person_id": "P1",
            "cina_referral_id": "R5",
            "cina_assessment_start_date": D(2025, 10, 2),
            "cina_assessment_auth_date": D(2025, 10, 20),
        },
        {
            "cina_assessment_id": "A3",
            "cina_person_id": "C3",
            "cina_referral_id": "R3",
            "cina_assessment_start_date": D(2025, 12, 5),
            "cina_assessment_auth_date": D(2025, 12, 10),
        },
        {
            "cina_assessment_id": "A2",
            "cina_person_id": "C2",
            "cina_referral_id": "R2",
            "cina_assessment_start_date": D(2025, 12, 1),
            "cina_assessment_auth_date": D(2025, 12, 3),
        },
    ],
    "ssd_cin_plans": [
        {
            "cinp_cin_plan_id": "CP4",
            "cinp_referral_id": "R4",
            "cinp_person_id": "C4",
            "cinp_cin_plan_start_date": D(2025, 12, 1),
        },
    ],
    "ssd_cin_visits": [
        {"cinv_cin_visit_id": "V4", "cinv_person_id": "C4", "cinv_cin_visit_date": D(2025, 11, 21)},
    ],
    "ssd_s47_enquiry": [
        {"s47e_s47_enquiry_id": "S2", "s47e_referral_id": "R2", "s47e_person_id": "C2"},
        {
            "s47e_s47_enquiry_id": "S3",
            "s47e_referral_id": "R3",
            "s47e_person_id": "C3",
            "s47e_s47_start_date": D(2025, 12, 8),
        },
    ],
    "ssd_initial_cp_conference": [
        {"icpc_icpc_id": "I1", "icpc_person_id": "P1", "icpc_icpc_date": D(2025, 12, 1)},
    ],
    "ssd_cp_plans": [
        # P1: ICPC and plan Mon 1 Dec. First core group 10 wd -> Mon 15 Dec: overdue (2 days).
        # First review 3 months -> 1 Mar 2026: later. CP visit: last Thu 4 Dec, 10 wd -> Thu 18
        # Dec: this week.
        {
            "cppl_cp_plan_id": "PL1",
            "cppl_person_id": "P1",
            "cppl_icpc_id": "I1",
            "cppl_cp_plan_start_date": D(2025, 12, 1),
            "cppl_cp_plan_team": "Safeguarding",
            "cppl_cp_plan_worker_id": "W2",
        },
        # P2: plan since 1 Mar 2025, reviews 20 May and 18 Jun 2025: next 6 months after 18 Jun ->
        # 18 Dec 2025: this week. No visits recorded: 10 wd from 1 Mar 2025 -> overdue.
        {
            "cppl_cp_plan_id": "PL2",
            "cppl_person_id": "P2",
            "cppl_cp_plan_start_date": D(2025, 3, 1),
        },
    ],
    "ssd_cp_reviews": [
        {
            "cppr_cp_review_id": "RV1",
            "cppr_cp_plan_id": "PL2",
            "cppr_person_id": "P2",
            "cppr_cp_review_date": D(2025, 5, 20),
        },
        {
            "cppr_cp_review_id": "RV2",
            "cppr_cp_plan_id": "PL2",
            "cppr_person_id": "P2",
            "cppr_cp_review_date": D(2025, 6, 18),
        },
    ],
    "ssd_cp_visits": [
        {"cppv_cp_visit_id": "CV1", "cppv_person_id": "P1", "cppv_cp_visit_date": D(2025, 12, 4)},
    ],
    "ssd_cla_episodes": [
        # L1: looked after from Mon 1 Dec 2025 in foster care (U6), no review, no visit.
        # First review 20 wd -> Tue 30 Dec (2-5 = 4, 8-12 = 9, 15-19 = 14, 22-24 = 17, 29 = 18,
        # 30 = 19 ... 31 = 20) -> Wed 31 Dec: later. Visit within 7 days of placement -> 8 Dec:
        # overdue. IHA 20 wd -> 31 Dec: later. PEP start 10 wd -> Mon 15 Dec: overdue. PEP review by
        # 31 Dec (autumn term): later. SDQ: ages 4-16, first anniversary 1 Dec 2026: later.
        {
            "clae_cla_episode_id": "L1a",
            "clae_person_id": "L1",
            "clae_cla_episode_start_date": D(2025, 12, 1),
            "clae_cla_episode_start_reason": "S",
            "clae_legal_status": "C2",
            "clae_placement_type": "U6",
        },
        # L2: placed with parents (P1) since 1 Jun 2024; reviews 25 Jun 2024 and 20 Sep 2024, last
        # visit 13 Nov 2025: 6-weekly after the first review -> 25 Dec 2025: next week. Review: 6
        # months after 20 Sep 2024 -> 20 Mar 2025: overdue. Health (age 2): every 6 months from the
        # IHA due date (1 Jun 2024 + 20 wd = 1 Jul 2024): 1 Jan 2025, 1 Jul 2025, 1 Jan 2026: later.
        {
            "clae_cla_episode_id": "L2a",
            "clae_person_id": "L2",
            "clae_cla_episode_start_date": D(2024, 6, 1),
            "clae_cla_episode_start_reason": "S",
            "clae_legal_status": "C2",
            "clae_placement_type": "P1",
        },
        # L3: long-term foster (U4) since 1 Jan 2023; visits 6 Oct 2025 (after the first year:
        # 3-monthly -> 6 Jan 2026: later). 16 on 1 Nov 2025: needs assessment 3 months -> 1 Feb 2026:
        # later. Reviews: last 1 Jul 2025 (3 reviews) -> 1 Jan 2026: later.
        {
            "clae_cla_episode_id": "L3a",
            "clae_person_id": "L3",
            "clae_cla_episode_start_date": D(2023, 1, 1),
            "clae_cla_episode_start_reason": "S",
            "clae_legal_status": "C2",
            "clae_placement_type": "U4",
        },
    ],
    "ssd_cla_reviews": [
        {"clar_cla_review_id": "1", "clar_person_id": "L2", "clar_cla_review_date": D(2024, 6, 25)},
        {"clar_cla_review_id": "2", "clar_person_id": "L2", "clar_cla_review_date": D(2024, 9, 20)},
        {"clar_cla_review_id": "3", "clar_person_id": "L3", "clar_cla_review_date": D(2023, 1, 20)},
        {"clar_cla_review_id": "4", "clar_person_id": "L3", "clar_cla_review_date": D(2023, 4, 20)},
        {"clar_cla_review_id": "5", "clar_person_id": "L3", "clar_cla_review_date": D(2025, 7, 1)},
    ],
    "ssd_cla_visits": [
        {"clav_cla_visit_id": "1", "clav_person_id": "L2", "clav_cla_visit_date": D(2025, 11, 13)},
        {"clav_cla_visit_id": "2", "clav_person_id": "L3", "clav_cla_visit_date": D(2025, 10, 6)},
    ],
    "ssd_care_leavers": [
        # CL: 18 (born 1 May 2007). Needs assessment due 1 Aug 2023; pathway plan reviews every 6
        # months from then: 1 Feb 2024 ... 1 Aug 2025, 1 Feb 2026: later.
        {"clea_table_id": "1", "clea_person_id": "CL"},
    ],
    "ssd_involvements": [
        {
            "invo_involvements_id": "1",
            "invo_person_id": "L1",
            "invo_professional_id": "W3",
            "invo_professional_team": "Children in care",
            "invo_involvement_start_date": D(2025, 12, 1),
        },
    ],
}

EXPECTED = {
    ("C1", "referral_decision"): (D(2025, 12, 16), "overdue"),
    ("C1", "assessment"): (D(2026, 2, 19), "later"),  # see R1
    ("C2", "strategy_discussion"): (D(2025, 12, 2), "overdue"),
    ("C3", "icpc"): (D(2025, 12, 31), "later"),
    ("C4", "cin_visit"): (D(2025, 12, 19), "due_this_week"),
    # core groups are in no return: past due, it is for checking, not overdue
    ("P1", "first_core_group"): (D(2025, 12, 15), "not_shown"),
    ("P1", "cp_review"): (D(2026, 3, 1), "later"),
    ("P1", "cp_visit"): (D(2025, 12, 18), "due_this_week"),
    ("P2", "cp_review"): (D(2025, 12, 18), "due_this_week"),
    ("P2", "cp_visit"): (
        D(2025, 3, 17),
        "overdue",
    ),  # Sat 1 Mar rolls to Mon 3 Mar; + 10 wd: 4-7 Mar (4), 10-14 (9), 17 (10)
    ("L1", "cla_review"): (D(2025, 12, 31), "later"),
    ("L1", "cla_visit"): (D(2025, 12, 8), "overdue"),
    ("L1", "initial_health_assessment"): (D(2025, 12, 31), "later"),
    ("L1", "pep_start"): (D(2025, 12, 15), "not_shown"),  # PEPs are in no return
    ("L1", "pep_review"): (D(2025, 12, 31), "later"),
    ("L1", "sdq"): (D(2026, 12, 1), "later"),
    ("L1", "review_health_assessment"): (D(2026, 12, 31), "later"),  # 12-monthly from 31 Dec 2025
    ("L2", "cla_visit"): (D(2025, 12, 25), "due_next_week"),
    ("L2", "cla_review"): (D(2025, 3, 20), "overdue"),
    ("L2", "review_health_assessment"): (D(2026, 1, 1), "later"),
    ("L3", "cla_visit"): (D(2026, 1, 6), "later"),
    ("L3", "cla_review"): (D(2026, 1, 1), "later"),
    ("L3", "care_leaver_needs_assessment"): (D(2026, 2, 1), "later"),
    # L3 has no pathway plan review yet: its needs assessment (1 Feb 2026) comes first
    ("L3", "review_health_assessment"): (D(2026, 1, 31), "later"),  # IHA due 31 Jan 2023, yearly
    ("L3", "pep_review"): (D(2025, 12, 31), "later"),
    ("L3", "sdq"): (D(2026, 1, 1), "later"),
    ("CL", "pathway_plan_review"): (D(2026, 2, 1), "later"),
    (None, "ofsted_action_plan_draft"): (
        D(2025, 12, 31),
        "later",
    ),  # 1 Dec + 20 wd: 2-5 (4), 8-12 (9), 15-19 (14), 22-24 (17), 29-31 (20)
    (None, "ofsted_action_plan_final"): (
        D(2026, 3, 12),
        "later",
    ),  # 31 Dec (20), 2 Jan (21), then 5 a week: 6 Mar (66), 12 Mar (70)
}


@pytest.fixture(scope="module")
def due():
    standards = dataclasses.replace(Standards.load(), inadequate_report_date=D(2025, 12, 1))
    return due_list(Dataset.from_tables(TABLES), TODAY, standards)


def test_the_hand_worked_example(due):
    got = {(r["child_id"], r["event"]): (r["due_date"], r["status"]) for r in due.to_pylist()}
    assert got == EXPECTED


def test_every_timescale_is_in_the_example():
    assert {event for _, event in EXPECTED} == set(events())


def test_team_and_worker_come_from_the_allocation_or_the_case(due):
    rows = {(r["child_id"], r["event"]): r for r in due.to_pylist()}
    assert rows[("L1", "cla_visit")]["team"] == "Children in care"
    assert rows[("P1", "cp_visit")]["worker"] == "W2"
    assert rows[("C1", "assessment")]["team"] == "Front door"


def test_summary_per_team(due):
    by_team = {r["team"]: r for r in summary(due, "team").to_pylist()}
    # P1's first core group is past due but in no return: counted apart, not as overdue
    assert by_team["Safeguarding"]["overdue"] == 0 and by_team["Safeguarding"]["due_this_week"] == 1
    assert by_team["Safeguarding"]["not_shown"] == 1


def test_local_standards_change_due_dates(tmp_path):
    path = tmp_path / "standards.yaml"
    path.write_text("cp_visit_working_days: 20\n")
    due = due_list(Dataset.from_tables(TABLES), TODAY, Standards.load(path))
    rows = {(r["child_id"], r["event"]): r for r in due.to_pylist()}
    assert rows[("P1", "cp_visit")]["due_date"] == D(2026, 1, 6)


def test_bad_standards_files_get_plain_messages(tmp_path):
    path = tmp_path / "standards.yaml"
    path.write_text("cp_visits: 20\n")
    with pytest.raises(StandardsError, match="unknown standard 'cp_visits'"):
        Standards.load(path)
    path.write_text("cp_visit_working_days: ten\n")
    with pytest.raises(StandardsError, match="must be a whole number"):
        Standards.load(path)
    with pytest.raises(StandardsError, match="no such standards file"):
        Standards.load(tmp_path / "missing.yaml")


def test_visits_are_left_out_when_no_return_carries_them():
    without_visits = {k: v for k, v in TABLES.items() if not k.endswith("_visits")}
    due = due_list(Dataset.from_tables(without_visits), TODAY)
    assert not {"cla_visit", "cp_visit", "cin_visit"} & set(due["event"].to_pylist())
    assert "cla_review" in due["event"].to_pylist()


def test_reviews_in_the_year_befores_return_count():
    # L4: in care since 2022; its last review, 1 Oct 2025, is only in the year before's return
    # (hypothetically); 6 months on -> 1 Apr 2026, not a first review long overdue
    tables = {
        "ssd_cla_episodes": [
            {"clae_cla_episode_id": "L4a", "clae_person_id": "L4", "clae_cla_episode_start_date": D(2022, 1, 3),
             "clae_cla_episode_start_reason": "S", "clae_placement_type": "U6"},
        ],
        "previous.ssd_cla_reviews": [
            {"clar_cla_review_id": "1", "clar_person_id": "L4", "clar_cla_review_date": D(2022, 1, 25)},
            {"clar_cla_review_id": "2", "clar_person_id": "L4", "clar_cla_review_date": D(2025, 10, 1)},
        ],
    }  # fmt: skip
    rows = due_list(Dataset.from_tables(tables), TODAY).to_pylist()
    review = next(r for r in rows if r["event"] == "cla_review")
    assert review["due_date"] == D(2026, 4, 1) and review["status"] == "later"


def test_the_command_offers_every_status_the_due_list_gives():
    from sightline.commands import compliance as command
    from sightline.compliance import STATUSES

    assert command.STATUSES == STATUSES
