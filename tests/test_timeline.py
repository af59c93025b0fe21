"""The child's timeline: every return's events in date order, each timescale met or missed."""

import datetime as dt

import pytest

from sightline import timeline
from sightline.dataset import Dataset


def _child_with_history():
    return Dataset.from_tables(
        {
            "ssd_cin_episodes": [
                {
                    "cine_referral_id": "R1",
                    "cine_person_id": "C1",
                    "cine_referral_date": "2024-05-01",
                    "cine_referral_team": "Team A",
                },
                {
                    "cine_referral_id": "R2",
                    "cine_person_id": "C2",
                    "cine_referral_date": "2024-06-01",
                    "cine_referral_team": "Team B",
                },
            ],
            "ssd_cin_assessments": [
                {
                    "cina_assessment_id": "A1",
                    "cina_person_id": "C1",
                    "cina_referral_id": "R1",
                    "cina_assessment_start_date": "2024-05-02",
                    "cina_assessment_auth_date": "2024-08-01",
                },
            ],
            "ssd_s47_enquiry": [
                {
                    "s47e_s47_enquiry_id": "S1",
                    "s47e_person_id": "C1",
                    "s47e_s47_start_date": "2024-05-03",
                },
            ],
            "ssd_initial_cp_conference": [
                {
                    "icpc_icpc_id": "I1",
                    "icpc_s47_enquiry_id": "S1",
                    "icpc_person_id": "C1",
                    "icpc_icpc_date": "2024-05-20",
                },
            ],
            "ssd_cla_episodes": [
                {
                    "clae_cla_episode_id": "E1",
                    "clae_person_id": "C1",
                    "clae_cla_episode_start_date": "2024-09-02",
                    "clae_cla_episode_start_reason": "S",
                },
            ],
            "ssd_cla_reviews": [
                {
                    "clar_cla_review_id": "L1",
                    "clar_person_id": "C1",
                    "clar_cla_review_date": "2024-11-20",
                },
            ],
        }
    )


def test_events_from_every_return_in_date_order():
    found = timeline.events(_child_with_history(), "C1")
    dates = [e.date for e in found]
    assert dates == sorted(dates)
    assert {e.kind for e in found} >= {"referral", "assessment", "s47", "icpc", "cla_episode"}


def test_assessment_after_45_working_days_is_missed():
    found = timeline.events(_child_with_history(), "C1")
    assessment = next(e for e in found if e.kind == "assessment")
    assert assessment.met is False
    assert assessment.due == dt.date(2024, 7, 5)


def test_icpc_within_15_working_days_of_s47_is_met():
    icpc = next(e for e in timeline.events(_child_with_history(), "C1") if e.kind == "icpc")
    assert icpc.met is True


def test_late_first_looked_after_review_is_missed():
    review = next(e for e in timeline.events(_child_with_history(), "C1") if e.kind == "cla_review")
    assert review.met is False
    assert timeline.timescale_summary(timeline.events(_child_with_history(), "C1"))["missed"] == 2


def test_allocated_team_is_the_latest_one():
    data = _child_with_history()
    assert timeline.allocated_teams(data) == {"C1": "Team A", "C2": "Team B"}
    assert timeline.child(data, "C2").team == "Team B"


def test_unknown_child_is_none():
    assert timeline.child(_child_with_history(), "nobody") is None


def test_team_comes_from_annex_a_when_the_census_has_none():
    data = Dataset.from_tables(
        {
            "cin.ssd_cin_episodes": [
                {
                    "cine_referral_id": "R1",
                    "cine_person_id": "C1",
                    "cine_referral_date": "2024-05-01",
                }
            ],
            "annex_a.ssd_cin_episodes": [
                {
                    "cine_referral_id": "R1",
                    "cine_person_id": "C1",
                    "cine_referral_date": "2024-05-01",
                    "cine_referral_team": "Team A",
                }
            ],
        }
    )
    assert timeline.allocated_teams(data) == {"C1": "Team A"}


def _in_care_since_before_the_returns():
    # The period of care began before the 903 held (no RNE L episode): the reviews held are not
    # the child's first.
    return Dataset.from_tables(
        {
            "ssd_cla_episodes": [
                {"clae_cla_episode_id": "E9", "clae_person_id": "C9",
                 "clae_cla_episode_start_date": "2023-03-08", "clae_cla_episode_start_reason": "P"},
            ],
            "ssd_cla_reviews": [
                {"clar_cla_review_id": "V1", "clar_person_id": "C9", "clar_cla_review_date": "2024-09-19"},
                {"clar_cla_review_id": "V2", "clar_person_id": "C9", "clar_cla_review_date": "2025-03-11"},
            ],
        }
    )  # fmt: skip


def test_reviews_of_a_period_that_began_before_the_returns_are_not_judged_as_first_reviews():
    reviews = [
        e
        for e in timeline.events(_in_care_since_before_the_returns(), "C9")
        if e.kind == "cla_review"
    ]
    first, second = reviews
    assert first.met is None and "not judged" in first.timescale
    assert second.met is True and second.timescale == "6 months from the previous review"


@pytest.mark.slow
def test_the_timeline_shows_every_snapshot_held_not_only_the_newest_year(tmp_path):
    """A child in care across five 903 returns: their page shows the reviews of every year held,
    each once, not only the newest return's."""
    from sightline.returns.importer import import_files
    from sightline.store import Store
    from sightline.synth.council import Request, generate

    out = tmp_path / "synth"
    generate(Request(out=out, seed=5, years=[2021, 2022, 2023, 2024, 2025], like="805"))
    store = Store(tmp_path / "home")
    assert import_files(store, [out]).ok
    newest = Dataset.from_store(store, "805")
    every = Dataset.from_every_year(store, "805")
    reviews = every.query(
        "SELECT clar_person_id AS child, count(*) AS n, min(year(clar_cla_review_date)) AS first "
        "FROM ssd_cla_reviews GROUP BY 1 ORDER BY n DESC, child LIMIT 1"
    ).to_pylist()[0]
    if reviews["n"] < 6:
        pytest.skip("no child with reviews across the years in this run")
    child = reviews["child"]
    shown = [e for e in timeline.events(every, child) if e.kind == "cla_review"]
    in_newest = [e for e in timeline.events(newest, child) if e.kind == "cla_review"]
    assert len(shown) == reviews["n"] > len(in_newest)
    assert min(e.date.year for e in shown) < 2024  # years before the newest two returns
    assert len({e.date for e in shown}) == len(shown)  # each review once
    starts = [e for e in timeline.events(every, child) if e.kind == "cla_episode"]
    assert len({(e.date, e.title) for e in starts}) == len(starts)  # each episode once


def test_903_codes_on_the_timeline_are_in_words_with_the_code_in_brackets():
    data = Dataset.from_tables(
        {
            "ssd_cla_episodes": [
                {
                    "clae_cla_episode_id": "E1",
                    "clae_person_id": "C1",
                    "clae_cla_episode_start_date": "2024-09-02",
                    "clae_cla_episode_start_reason": "S",
                    "clae_legal_status": "C2",
                    "clae_placement_type": "U4",
                    "clae_placement_provider": "PR1",
                    "clae_cla_episode_ceased_date": "2024-12-01",
                    "clae_cla_episode_ceased_reason": "E4A",
                },
            ],
            "ssd_cla_reviews": [
                {
                    "clar_cla_review_id": "L1",
                    "clar_person_id": "C1",
                    "clar_cla_review_date": "2024-11-20",
                    "clar_cla_review_participation": "PN1",
                },
            ],
        }
    )
    details = {e.title: e.detail for e in timeline.events(data, "C1")}
    started = details["Started to be looked after"]
    assert "legal status Full care order (C2)" in started
    assert (
        "placement Foster placement with other foster carer(s), long term fostering (U4)" in started
    )
    assert "provider Own provision (by the local authority) (PR1)" in started
    assert details["Episode ended"].startswith("reason Returned home")
    assert details["Episode ended"].endswith("(E4A)")
    assert details["Looked-after review"].endswith("(PN1)")
