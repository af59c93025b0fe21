"""Building canonical tables (the Arrow tables every reader and rule produces).

A leaf module beside `canonical`: readers, rules and the store all build tables, so the helper sits
below all of them (no import cycle through `returns`)."""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from sightline import canonical


def build_table(name: str, columns: dict[str, Any]) -> pa.Table:
    """A canonical table from column lists or Arrow arrays; columns not given are null."""
    schema = canonical.table(name).arrow_schema()
    length = max((len(v) for v in columns.values()), default=0)
    arrays = []
    for f in schema:
        values = columns.get(f.name)
        if values is None:
            arrays.append(pa.nulls(length, type=f.type))
        elif isinstance(values, pa.Array | pa.ChunkedArray):
            arrays.append(values.cast(f.type))
        else:
            arrays.append(pa.array(values, type=f.type))
    return pa.Table.from_arrays(arrays, schema=schema)


def build_from_records(name: str, rows: list[dict[str, Any]]) -> pa.Table:
    """A canonical table from records (dicts by canonical field name)."""
    columns: dict[str, list[Any]] = {}
    for row in rows:
        for key in row:
            columns.setdefault(key, [])
    for row in rows:
        for key in columns:
            columns[key].append(row.get(key))
    return build_table(name, columns)


def concat(name: str, parts: list[pa.Table]) -> pa.Table:
    if not parts:
        return canonical.table(name).empty()
    return pa.concat_tables(parts)
