"""An indicator's units are worked out once per dataset and period and reused by its breakdowns."""

import datetime as dt

from sightline import indicators
from sightline.dataset import Dataset

D = dt.date

TABLES = {
    "ssd_cin_episodes": [
        {"cine_referral_id": "R1", "cine_person_id": "A", "cine_referral_date": D(2024, 5, 1),
         "cine_referral_team": "East"},
        {"cine_referral_id": "R2", "cine_person_id": "A", "cine_referral_date": D(2024, 9, 1),
         "cine_referral_team": "West"},
        {"cine_referral_id": "R3", "cine_person_id": "B", "cine_referral_date": D(2024, 9, 1),
         "cine_referral_team": "West"},
        {"cine_referral_id": "R4", "cine_person_id": "C", "cine_referral_date": D(2025, 2, 1),
         "cine_referral_team": "East"},
    ],
    "ssd_person": [
        {"pers_person_id": "A", "pers_dob": D(2015, 1, 1), "pers_sex": "1"},
        {"pers_person_id": "B", "pers_dob": D(2020, 1, 1), "pers_sex": "2"},
    ],
}  # fmt: skip


def _rows(results):
    return [(r.indicator, r.breakdown_value, r.value, r.numerator, r.denominator, r.note)
            for r in results]  # fmt: skip


def test_breakdowns_give_the_same_figures_whether_or_not_the_units_were_kept():
    for breakdown in ("team", "age_band", "sex"):
        fresh = Dataset.from_tables(TABLES)
        expected = _rows(indicators.run(fresh, "2025", breakdown))
        warm = Dataset.from_tables(TABLES)
        indicators.run(warm, "2025")  # the headline figures keep every indicator's units
        indicators.run(warm, "2024-09")  # and another period's, which must not be mixed in
        assert _rows(indicators.run(warm, "2025", breakdown)) == expected
        assert expected  # the comparison covers real rows


def test_the_units_query_runs_once_for_the_headline_and_its_breakdowns():
    dataset = Dataset.from_tables(TABLES)
    indicators.run_one(dataset, "rereferrals", "2025")
    kept = list(dataset.cache["_kept_units"])
    indicators.run_one(dataset, "rereferrals", "2025", "team")
    indicators.children_behind(dataset, "rereferrals", "2025")
    assert dataset.cache["_kept_units"] == kept == ["_units_rereferrals_20240401_20250331"]
