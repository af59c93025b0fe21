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


def test_units_read_from_a_base_keep_their_rows_when_the_base_is_dropped(monkeypatch):
    from sightline.indicators import runner

    fresh = Dataset.from_tables(TABLES)
    expected = [_rows(indicators.run(fresh, "2025", b)) for b in (None, "team", "age_band")]
    dataset = Dataset.from_tables(TABLES)
    indicators.run(dataset, "2025")
    assert "_units_referrals_20240401_20250331" in dataset.cache["_units_views"]
    monkeypatch.setattr(runner, "BASES_KEPT", 1)  # every other period's base pushes one out
    indicators.run(dataset, "2024-09")
    indicators.run(dataset, "2024-10")
    # the year's referrals were a view over its base, now dropped: a table of the same rows
    assert "_units_referrals_20240401_20250331" not in dataset.cache["_units_views"]
    assert "_base_referrals_20240401_20250331" not in dataset.cache["_kept_bases"]
    found = [_rows(indicators.run(dataset, "2025", b)) for b in (None, "team", "age_band")]
    assert found == expected
    assert all(expected)
