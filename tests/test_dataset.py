"""The combined view of a council over canonical tables."""

import datetime as dt

import pyarrow as pa
import pytest

from sightline import canonical
from sightline.dataset import Dataset, DatasetError, wd_between_joined


def test_every_canonical_table_is_a_view_even_when_empty():
    ds = Dataset.from_tables({})
    for name, spec in canonical.TABLES.items():
        table = ds.query(f"SELECT * FROM {name}")
        assert table.num_rows == 0
        assert table.column_names == spec.columns
        assert ds.query(f"SELECT * FROM ssda903.{name}").num_rows == 0


def test_rows_as_dicts_fill_missing_columns_and_read_iso_dates():
    ds = Dataset.from_tables(
        {"ssd_cin_episodes": [{"cine_referral_id": "R1", "cine_referral_date": "2025-01-02"}]}
    )
    row = ds.query("SELECT * FROM ssd_cin_episodes").to_pylist()[0]
    assert row["cine_referral_date"] == dt.date(2025, 1, 2)
    assert row["cine_person_id"] is None
    assert ds.query("SELECT count(*) AS n FROM cin.ssd_cin_episodes")["n"][0].as_py() == 1


def test_the_first_return_in_precedence_wins_and_others_stay_in_their_schema():
    ds = Dataset.from_tables(
        {
            "annex_a.ssd_cin_episodes": [{"cine_referral_id": "A"}],
            "cin.ssd_cin_episodes": [{"cine_referral_id": "C"}],
        }
    )
    assert ds.query("SELECT cine_referral_id FROM ssd_cin_episodes").to_pydict() == {
        "cine_referral_id": ["C"]
    }
    assert ds.query("SELECT cine_referral_id FROM annex_a.ssd_cin_episodes").num_rows == 1
    assert ds.table_returns["ssd_cin_episodes"] == "cin"


def test_arrow_tables_are_cast_to_the_canonical_schema():
    arrow = pa.table({"pers_person_id": ["1"], "pers_dob": pa.array([dt.date(2010, 1, 1)])})
    ds = Dataset.from_tables({"ssd_person": arrow})
    assert (
        ds.query("SELECT * FROM ssd_person").column_names == canonical.table("ssd_person").columns
    )


def test_unknown_tables_and_columns_get_a_plain_message():
    with pytest.raises(DatasetError, match="'ssd_nothing' is not a canonical table"):
        Dataset.from_tables({"ssd_nothing": []})
    with pytest.raises(
        DatasetError, match=r"ssd_person row 1: columns not in the canonical table: \['age'\]"
    ):
        Dataset.from_tables({"ssd_person": [{"age": 3}]})


def test_working_day_functions_in_sql():
    ds = Dataset.from_tables({})
    row = ds.query(
        "SELECT wd_between(DATE '2026-12-24', DATE '2026-12-29') AS n, "
        "wd_add(DATE '2026-12-24', 1) AS d, wd_between(NULL, DATE '2026-12-29') AS missing"
    ).to_pylist()[0]
    assert row == {"n": 1, "d": dt.date(2026, 12, 29), "missing": None}
    idx = ds.query(
        "SELECT b.working_day_index - a.working_day_index AS n FROM calendar_days a, calendar_days b "
        "WHERE a.date = DATE '2026-12-24' AND b.date = DATE '2026-12-29'"
    )
    assert idx["n"][0].as_py() == 1


def test_working_days_by_the_calendar_join_are_the_functions_own():
    # every pair of a spread of dates, inside the calendar table and outside it, and none
    dates = [
        dt.date(1985, 6, 3), dt.date(1990, 1, 1), dt.date(2012, 6, 1), dt.date(2020, 5, 8),
        dt.date(2022, 9, 19), dt.date(2024, 12, 24), dt.date(2025, 3, 31), dt.date(2045, 12, 31),
        dt.date(2046, 1, 5), None,
    ]  # fmt: skip
    pairs = [{"a": a, "b": b} for a in dates for b in dates]
    ds = Dataset.from_tables({})
    ds.con.register(
        "pairs", pa.Table.from_pylist(pairs, pa.schema([("a", pa.date32()), ("b", pa.date32())]))
    )
    joins, count = wd_between_joined("p.a", "p.b", "wd")
    rows = ds.query(
        f"SELECT wd_between(p.a, p.b) AS udf, {count} AS joined, typeof({count}) AS type "
        f"FROM pairs p {joins}"
    ).to_pylist()
    assert len(rows) == len(pairs)
    assert all(r["udf"] == r["joined"] for r in rows)
    assert {r["type"] for r in rows} == {"INTEGER"}
    assert sum(r["udf"] is None for r in rows) == 2 * len(dates) - 1


def _snapshot(store, tmp_path, return_, year, tables):
    from sightline.dataset import canonical_tables
    from sightline.returns.problems import PROBLEM_SCHEMA

    source = tmp_path / f"{return_}-{year}.txt"
    source.write_text("original")
    return store.write(
        return_=return_,
        council="372",
        year=year,
        period=(dt.date(year - 1, 4, 1), dt.date(year, 3, 31)),
        files=[source],
        file_years={source.name: year},
        tables=canonical_tables(tables),
        problems=PROBLEM_SCHEMA.empty_table(),
        created_by="test",
    )


def test_from_store_takes_the_newest_year_with_the_year_before_for_history(tmp_path):
    from sightline.store import Store

    store = Store(tmp_path / "home")
    episode = {"cine_referral_id": "R", "cine_person_id": "A"}
    new = _snapshot(
        store,
        tmp_path,
        "cin",
        2025,
        {"ssd_cin_episodes": [{**episode, "cine_referral_date": dt.date(2024, 6, 1)}]},
    )
    old = _snapshot(
        store,
        tmp_path,
        "cin",
        2024,
        {"ssd_cin_episodes": [{**episode, "cine_referral_date": dt.date(2023, 6, 1)}]},
    )
    csww = _snapshot(store, tmp_path, "csww", 2023, {"csww_council_figures": [{"year": 2023}]})
    ds = Dataset.from_store(store, "372")
    assert ds.snapshot_ids == [new.id, csww.id]  # csww: no 2025 census, so the latest
    assert ds.history_snapshot_ids == [old.id]
    assert ds.query("SELECT count(*) AS n FROM ssd_cin_episodes")["n"][0].as_py() == 1
    assert ds.query("SELECT count(*) AS n FROM referral_history")["n"][0].as_py() == 2
    assert ds.reference_date() == dt.date(2025, 3, 31)
    earlier = Dataset.from_store(store, "372", 2024)
    assert earlier.snapshot_ids == [old.id, csww.id] and earlier.history_snapshot_ids == []


def test_from_store_without_snapshots_says_so(tmp_path):
    from sightline.store import Store

    with pytest.raises(DatasetError, match="no snapshots for council 372"):
        Dataset.from_store(Store(tmp_path / "home"), "372")
