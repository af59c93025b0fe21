"""A round's sample: reproducible from its seed and snapshot, 100% groups complete (counted here
independently of the query), exclusions hold, and no auditor gets a case from their own team."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from sightline.audits.sampling import SampleError, SamplePlan, allocate, draw, population
from sightline.dataset import Dataset

AS_OF = dt.date(2025, 3, 31)
TEAMS = ("Team A", "Team B", "Team C")


def _council(seed: int = 7):
    """60 children with open CIN, CP or CLA cases; some CP plans long or repeated, some children
    in care missing. Returns the dataset and the rows it was made from (for independent counts)."""
    rng = random.Random(seed)
    people, cin, cp, cla, missing, involvements = [], [], [], [], [], []
    truth = {}
    for n in range(60):
        child = f"C{n:03d}"
        team = TEAMS[n % 3]
        service = rng.choice(["cin", "cp", "cla"])
        people.append({"pers_person_id": child})
        involvements.append(
            {"invo_involvements_id": f"V{n}", "invo_person_id": child,
             "invo_professional_id": f"W{n % 7}", "invo_professional_team": team,
             "invo_involvement_start_date": dt.date(2023, 1, 1)}
        )  # fmt: skip
        cin.append(
            {"cine_referral_id": f"R{n}", "cine_person_id": child,
             "cine_referral_date": dt.date(2022, 6, 1)}
        )  # fmt: skip
        long_plan = repeat = gone_missing = False
        if service == "cp":
            start = AS_OF - dt.timedelta(days=rng.choice([100, 400, 600, 800]))
            long_plan = start < dt.date(2023, 9, 30)  # 18 months before 31 March 2025
            cp.append({"cppl_cp_plan_id": f"P{n}", "cppl_person_id": child,
                       "cppl_cp_plan_start_date": start})  # fmt: skip
            if rng.random() < 0.3:
                repeat = True
                cp.append({"cppl_cp_plan_id": f"Q{n}", "cppl_person_id": child,
                           "cppl_cp_plan_start_date": dt.date(2020, 1, 1),
                           "cppl_cp_plan_end_date": dt.date(2020, 12, 1)})  # fmt: skip
        if service == "cla":
            cla.append({"clae_cla_episode_id": f"E{n}", "clae_person_id": child,
                        "clae_cla_episode_start_date": dt.date(2023, 5, 1)})  # fmt: skip
            if rng.random() < 0.3:
                gone_missing = True
                missing.append({"miss_table_id": f"M{n}", "miss_person_id": child,
                                "miss_missing_episode_start_date": dt.date(2024, 11, 2)})  # fmt: skip
        truth[child] = {"team": team, "service": service, "long": long_plan, "repeat": repeat,
                        "missing": gone_missing}  # fmt: skip
    # A closed case is never in the population.
    cin.append({"cine_referral_id": "RX", "cine_person_id": "CLOSED",
                "cine_referral_date": dt.date(2022, 1, 1), "cine_close_date": dt.date(2023, 1, 1)})  # fmt: skip
    dataset = Dataset.from_tables(
        {"ssd_person": people, "ssd_cin_episodes": cin, "ssd_cp_plans": cp,
         "ssd_cla_episodes": cla, "ssd_missing": missing, "ssd_involvements": involvements}
    )  # fmt: skip
    return dataset, truth


@pytest.fixture(scope="module")
def council():
    return _council()


def test_the_same_seed_and_snapshot_give_the_same_sample(council):
    dataset, _ = council
    cases = population(dataset, AS_OF)
    plan = SamplePlan(per_stratum=3, groups=("cp_over_18_months",))
    first, again = draw(cases, plan, 42, AS_OF), draw(population(dataset, AS_OF), plan, 42, AS_OF)
    assert first.cases == again.cases
    other = draw(cases, plan, 43, AS_OF)
    assert {c.child_id for c in other.cases} != {c.child_id for c in first.cases}


def test_strata_get_their_quota_and_groups_are_taken_whole(council):
    dataset, truth = council
    cases = population(dataset, AS_OF)
    assert cases.num_rows == 60  # the closed case is not there
    plan = SamplePlan(per_stratum=2, groups=("cp_over_18_months", "second_cp_plan",
                                             "missing_from_care"))  # fmt: skip
    sample = draw(cases, plan, 1, AS_OF)
    chosen = {c.child_id for c in sample.cases}
    # Counted from the rows the council was built from, not from the query.
    for flag in ("long", "repeat", "missing"):
        expected = {c for c, t in truth.items() if t[flag]}
        assert expected, flag
        assert expected <= chosen
    for team in TEAMS:
        random_picks = [c for c in sample.cases if c.reason == f"random: {team}"]
        assert len(random_picks) == 2
        assert all(truth[c.child_id]["team"] == team for c in random_picks)


def test_a_percentage_by_service_is_rounded_up(council):
    dataset, truth = council
    sample = draw(population(dataset, AS_OF), SamplePlan("service", None, 10), 5, AS_OF)
    for service, label in (("cin", "Children in need"), ("cp", "Child protection"),
                           ("cla", "Children in care")):  # fmt: skip
        size = sum(1 for t in truth.values() if t["service"] == service)
        picked = [c for c in sample.cases if c.reason == f"random: {label}"]
        assert len(picked) == -(-size // 10)


def test_exclusions_hold_even_for_the_whole_groups(council):
    dataset, truth = council
    long_plans = sorted(c for c, t in truth.items() if t["long"])
    recently = {long_plans[0]: dt.date(2024, 12, 1), "C001": dt.date(2023, 1, 1)}
    plan = SamplePlan(per_stratum=20, groups=("cp_over_18_months",),
                      exclusions={"C002": "Subject of a serious case review"})  # fmt: skip
    sample = draw(population(dataset, AS_OF), plan, 3, AS_OF, last_audited=recently)
    chosen = {c.child_id for c in sample.cases}
    assert long_plans[0] not in chosen and "C002" not in chosen
    assert "C001" in chosen  # audited more than 12 months ago: eligible again
    reasons = dict(sample.excluded)
    assert "within 12 months" in reasons[long_plans[0]]
    assert reasons["C002"] == "Subject of a serious case review"


def test_a_plan_that_cannot_be_drawn_says_why(council):
    dataset, _ = council
    with pytest.raises(SampleError, match="either a number"):
        draw(population(dataset, AS_OF), SamplePlan(per_stratum=2, percent=5), 1, AS_OF)


def test_auditors_never_get_their_own_teams_cases_and_share_the_load(council):
    dataset, _ = council
    sample = draw(population(dataset, AS_OF), SamplePlan(per_stratum=4), 9, AS_OF)
    auditors = {"amy": frozenset({"Team A"}), "bo": frozenset({"Team B"}), "cy": frozenset()}
    allocation = allocate(sample.cases, auditors, seed=9)
    for case in sample.cases:
        assert allocation[case.child_id] is not None
        assert case.team not in auditors[allocation[case.child_id]]
    loads = [list(allocation.values()).count(name) for name in auditors]
    assert max(loads) - min(loads) <= 1
    assert allocate(sample.cases, auditors, seed=9) == allocation
    only_a = allocate(sample.cases, {"amy": frozenset({"Team A"})}, seed=1)
    assert all(only_a[c.child_id] is None for c in sample.cases if c.team == "Team A")
