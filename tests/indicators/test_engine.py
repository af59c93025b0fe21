"""The runner's behaviour that every indicator relies on: periods, drill-down, missing data."""

import datetime as dt

import pytest

from sightline import indicators
from sightline.dataset import Dataset
from sightline.indicators import IndicatorError, Period

D = dt.date

REFERRALS = {
    "ssd_cin_episodes": [
        {"cine_referral_id": "R1", "cine_person_id": "A", "cine_referral_date": D(2024, 5, 1)},
        {"cine_referral_id": "R2", "cine_person_id": "A", "cine_referral_date": D(2024, 9, 1)},
        {"cine_referral_id": "R3", "cine_person_id": "B", "cine_referral_date": D(2024, 9, 1)},
    ]
}


def test_periods():
    assert Period.year(2025) == Period("year", D(2024, 4, 1), D(2025, 3, 31))
    assert Period.parse("2025-02") == Period("month", D(2025, 2, 1), D(2025, 2, 28))
    assert Period.parse("12m:2024-02-29") == Period("rolling12", D(2023, 3, 1), D(2024, 2, 29))
    assert Period.year(2025).label == "2024-25" and Period.year(2025).collection_year == 2025
    with pytest.raises(ValueError, match="not understood"):
        Period.parse("last year")


def test_children_behind_a_figure_lists_the_counted_rows():
    dataset = Dataset.from_tables(REFERRALS)
    rows = indicators.children_behind(dataset, "rereferrals", "2025").to_pylist()
    assert [(r["record_id"], r["numerator"]) for r in rows] == [
        ("R1", False),
        ("R2", True),
        ("R3", False),
    ]
    only = indicators.children_behind(dataset, "rereferrals", "2025", only_numerator=True)
    assert only["person_id"].to_pylist() == ["A"]


def test_a_return_not_imported_gives_missing_with_a_reason_not_zero():
    (result,) = indicators.run_one(Dataset.from_tables(REFERRALS), "cla_at_31", "2025")
    assert result.value is None
    assert result.note == "no data: needs episodes of care (the SSDA903 return)"


def test_every_table_a_figure_needs_has_words_for_the_note():
    from sightline.indicators.runner import HISTORY_VIEWS, TABLE_WORDS

    tables = {t for i in indicators.indicators() for t in i.tables} - set(HISTORY_VIEWS)
    assert tables <= set(TABLE_WORDS), sorted(tables - set(TABLE_WORDS))


def test_results_name_their_snapshots_and_unit():
    (result,) = indicators.run_one(
        Dataset.from_tables(REFERRALS, snapshot_id="snap-1"), "referrals", "2025"
    )
    assert result.snapshot_ids == ("snap-1",) and result.unit == "count" and result.value == 3
    assert result.as_row()["period"] == "2024-25"


def test_rates_need_a_population():
    dataset = Dataset.from_tables(REFERRALS)
    (result,) = indicators.run_one(dataset, "referrals_rate", "2025")
    assert result.value is None and "population" in result.note
    (unknown,) = indicators.run_one(
        Dataset.from_tables(REFERRALS, council="998"), "referrals_rate", "2025"
    )
    assert unknown.value is None and "no ONS population estimate for council 998" in unknown.note


def test_run_skips_what_an_indicator_does_not_support_and_refuses_unknown_names():
    dataset = Dataset.from_tables(REFERRALS)
    ids = {
        r.indicator for r in indicators.run(dataset, "2025-01", ids=["referrals", "adoption_a1"])
    }
    assert ids == {"referrals"}  # adoption is a 3-year measure: years only
    with pytest.raises(IndicatorError, match="unknown breakdown"):
        indicators.run(dataset, "2025", breakdown="postcode")
    with pytest.raises(KeyError, match="no indicator 'nope'"):
        indicators.run(dataset, "2025", ids=["nope"])


def test_declarations_are_complete():
    for indicator in indicators.indicators():
        assert indicator.definition and indicator.name and indicator.tables
        assert indicator.unit in ("percent", "rate_per_10k", "count", "days", "ratio")
        if indicator.published:
            from sightline.paths import PUBLISHED

            assert (PUBLISHED / indicator.published.file).is_file(), indicator.id
