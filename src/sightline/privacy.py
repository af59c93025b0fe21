"""Pseudonymised extracts of a snapshot, for analysis or sharing outside the council.

- Identifiers (every `*_id` column, UPNs) become a salted hash: HMAC-SHA256 with a secret salt,
  first 20 hex characters. The same ID gives the same pseudonym within one salt, so tables still
  join; without the salt nobody can go back. The salt comes from a file or $SIGHTLINE_EXTRACT_SALT,
  never from the repository, and is never written into the extract.
- Dates of birth (the child's, expected, the mother's child's) become the first of their month.
- Postcodes become their district (outward code: the part before the space).
- Free-text names are dropped. Original files and the problem report (which quotes values) are not
  part of an extract.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from sightline import canonical
from sightline.store.snapshots import Snapshot

SALT_ENV = "SIGHTLINE_EXTRACT_SALT"
MIN_SALT_LENGTH = 16
DATES_OF_BIRTH = {"pers_dob", "pers_expected_dob", "pers_childs_dob"}
POSTCODES = {"clae_home_postcode", "clae_placement_postcode"}
NAMES = {"prof_professional_name"}
IDENTIFIERS = {"pers_upn", "pers_former_upn"}


class PrivacyError(Exception):
    pass


def load_salt(path: Path | None = None) -> bytes:
    """The secret salt, from a file or the environment; refuse a missing or short one."""
    if path is not None:
        salt = path.read_bytes().strip()
        source = str(path)
    else:
        salt = os.environ.get(SALT_ENV, "").strip().encode("utf-8")
        source = f"${SALT_ENV}"
    if not salt:
        raise PrivacyError(
            f"No salt for pseudonymising: give --salt-file or set {SALT_ENV} (keep it secret, "
            "outside the repository)."
        )
    if len(salt) < MIN_SALT_LENGTH:
        raise PrivacyError(
            f"The salt in {source} is too short: use at least {MIN_SALT_LENGTH} characters."
        )
    return salt


def pseudonym(value: str, salt: bytes) -> str:
    return hmac.new(salt, value.encode("utf-8"), hashlib.sha256).hexdigest()[:20]


def _hash_column(column: pa.Array, salt: bytes) -> pa.Array:
    unique = pc.unique(column.drop_null())
    mapping = {v: pseudonym(v, salt) for v in unique.to_pylist()}
    index = pc.index_in(column, value_set=unique)
    return pc.take(pa.array([mapping[v] for v in unique.to_pylist()], pa.string()), index)


def first_of_month(column: pa.Array) -> pa.Array:
    return pc.floor_temporal(column, unit="month")


def postcode_district(column: pa.Array) -> pa.Array:
    """`SW1A 1AA` -> `SW1A`; a postcode written without its space loses its last three characters."""
    trimmed = pc.utf8_upper(pc.utf8_trim_whitespace(column))
    spaced = pc.match_substring(trimmed, " ")
    before_space = pc.list_element(pc.split_pattern(trimmed, " ", max_splits=1), 0)
    unspaced = pc.utf8_slice_codeunits(trimmed, 0, -3)
    return pc.if_else(spaced, before_space, unspaced)


def pseudonymise_table(name: str, table: pa.Table, salt: bytes) -> pa.Table:
    columns = []
    for column_name in table.column_names:
        column = table.column(column_name).combine_chunks()
        if column_name in NAMES:
            column = pa.nulls(len(column), column.type)
        elif (column_name.endswith("_id") or column_name in IDENTIFIERS) and pa.types.is_string(
            column.type
        ):
            column = _hash_column(column, salt)
        elif column_name in DATES_OF_BIRTH:
            column = first_of_month(column)
        elif column_name in POSTCODES:
            column = postcode_district(column)
        columns.append(column)
    return pa.Table.from_arrays(columns, names=table.column_names)


def extract_snapshot(snapshot: Snapshot, out: Path, salt: bytes) -> list[Path]:
    """Write every canonical table of the snapshot, pseudonymised, as Parquet into `out`."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name in snapshot.tables():
        if name not in canonical.TABLES:
            continue
        table = pseudonymise_table(name, snapshot.read_table(name), salt)
        path = out / f"{name}.parquet"
        pq.write_table(table, path)
        written.append(path)
    manifest = {
        "pseudonymised_from": snapshot.id,
        "return": snapshot.return_,
        "council": snapshot.council,
        "period": snapshot.manifest["period"],
        "method": "IDs: HMAC-SHA256 with a secret salt (20 hex); dates of birth: first of month; "
        "postcodes: district; names dropped",
        "tables": {p.stem: pq.read_metadata(p).num_rows for p in written},
    }
    (out / "extract.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return written
