"""Row filters the writers share: done in Arrow so only the rows a file needs become Python."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pyarrow.compute as pc


def overlapping(
    table: pa.Table, start: str, end: str | None, first: dt.date, last: dt.date
) -> pa.Table:
    """Rows whose `start`..`end` (end null = still open) overlaps `first`..`last`."""
    began = pc.less_equal(table[start], pa.scalar(last, pa.date32()))
    if end is None:
        keep = pc.and_kleene(began, pc.greater_equal(table[start], pa.scalar(first, pa.date32())))
    else:
        still = pc.or_kleene(
            pc.is_null(table[end]), pc.greater_equal(table[end], pa.scalar(first, pa.date32()))
        )
        keep = pc.and_kleene(began, still)
    return table.filter(pc.fill_null(keep, False))


def among(table: pa.Table, column: str, values: pa.Array | pa.ChunkedArray | list[str]) -> pa.Table:
    """Rows whose `column` is one of `values`."""
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    value_set = values if isinstance(values, pa.Array) else pa.array(values, type=pa.string())
    return table.filter(pc.fill_null(pc.is_in(table[column], value_set=value_set), False))
