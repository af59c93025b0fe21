"""Pseudonymised extracts: nothing that identifies a child leaves the council."""

from __future__ import annotations

from datetime import date

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from sightline.privacy import (
    PrivacyError,
    extract_snapshot,
    load_salt,
    postcode_district,
    pseudonymise_table,
)
from sightline.returns.importer import import_files
from sightline.store import Store

SALT = b"a-secret-salt-of-some-length"


def test_ids_are_salted_hashes_consistent_across_tables():
    people = pa.table(
        {
            "pers_person_id": ["C1", "C2"],
            "pers_upn": ["A1", None],
            "pers_dob": [date(2015, 6, 17), None],
        }
    )
    episodes = pa.table({"cine_person_id": ["C2", "C1"]})
    p = pseudonymise_table("ssd_person", people, SALT)
    e = pseudonymise_table("ssd_cin_episodes", episodes, SALT)
    ids = p.column("pers_person_id").to_pylist()
    assert "C1" not in ids and e.column("cine_person_id").to_pylist() == ids[::-1]
    assert p.column("pers_upn").to_pylist()[1] is None
    assert p.column("pers_dob").to_pylist() == [date(2015, 6, 1), None]
    other = pseudonymise_table("ssd_person", people, b"another-salt-entirely-1234")
    assert other.column("pers_person_id").to_pylist() != ids


def test_postcodes_become_their_district():
    assert postcode_district(pa.array(["SW1A 1AA", "b15 8pz", "M11AE", None])).to_pylist() == [
        "SW1A",
        "B15",
        "M1",
        None,
    ]


def test_a_missing_or_short_salt_is_refused(monkeypatch, tmp_path):
    monkeypatch.delenv("SIGHTLINE_EXTRACT_SALT", raising=False)
    with pytest.raises(PrivacyError, match="No salt"):
        load_salt()
    short = tmp_path / "salt"
    short.write_text("abc")
    with pytest.raises(PrivacyError, match="too short"):
        load_salt(short)
    monkeypatch.setenv("SIGHTLINE_EXTRACT_SALT", SALT.decode())
    assert load_salt() == SALT


def test_an_extract_of_a_snapshot_has_no_raw_identifiers(tmp_path):
    from sightline.paths import samples

    store = Store(tmp_path / "home")
    [snapshot] = import_files(store, [samples() / "cin" / "fake_CIN_data.xml"]).snapshots
    written = extract_snapshot(snapshot, tmp_path / "out", SALT)
    assert (tmp_path / "out" / "extract.json").exists()
    raw_ids = set(snapshot.read_table("ssd_person").column("pers_person_id").to_pylist())
    for path in written:
        table = pq.read_table(path)
        for column in table.column_names:
            if column.endswith("_id"):
                assert not raw_ids & {
                    str(v).split("/")[0] for v in table.column(column).to_pylist()
                }
    dobs = pq.read_table(tmp_path / "out" / "ssd_person.parquet").column("pers_dob").to_pylist()
    assert all(d is None or d.day == 1 for d in dobs)
    assert SALT.decode() not in (tmp_path / "out" / "extract.json").read_text()
