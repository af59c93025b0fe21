"""Structural checks of 903 tables, column by column, vectorised.

Every table arrives as strings (`RawTable`: trimmed, empty -> null, with a location per row); each
column is checked against its specification for the collection year (`schema.columns_and_codes`):
required values, dates (dd/mm/YYYY, strictly: 31/02 is not a date), codes of that year (accepted
other spellings from the specification are mapped to the code), whole numbers. Only failing rows
are touched in Python, so a table of a million rows costs a few Arrow kernels.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from sightline.returns.problems import Problems
from sightline.returns.reading import date_message
from sightline.specs.ssda903 import ColumnSpec

DMY = r"^\d{2}/\d{2}/\d{4}$"
ISO = r"^\d{4}-\d{2}-\d{2}$"  # not the DfE's layout, but what some systems export


@dataclass
class RawTable:
    """One 903 table as written: string columns, a location per row, the file's problem list."""

    name: str
    data: pa.Table
    locations: pa.Array  # "line 12" or an XPath, per row
    problems: Problems
    source_prefix: str = ""  # put before each location in source_row ("episodes.csv " for CSVs)

    def source_rows(self) -> pa.Array:
        if not self.source_prefix:
            return self.locations
        return pc.binary_join_element_wise(self.source_prefix, self.locations, "")

    @property
    def num_rows(self) -> int:
        return self.data.num_rows

    def child_ids(self) -> pa.Array:
        if "CHILD" in self.data.column_names:
            return self.data.column("CHILD").combine_chunks()
        return pa.nulls(self.num_rows, pa.string())


def normalise_strings(table: pa.Table) -> pa.Table:
    """Trim every value; an empty value is null."""
    columns = []
    for column in table.columns:
        trimmed = pc.utf8_trim_whitespace(column.cast(pa.string()))
        columns.append(pc.if_else(pc.equal(trimmed, ""), pa.scalar(None, pa.string()), trimmed))
    return pa.Table.from_arrays(columns, names=table.column_names)


def _report(
    raw: RawTable, mask: pa.Array | np.ndarray, code: str, field: str, message_for: object
) -> None:
    """One problem per row where mask is true; message_for is a string or a function of the value."""
    flags = np.asarray(mask.to_numpy(zero_copy_only=False) if isinstance(mask, pa.Array) else mask)
    rows = np.flatnonzero(flags)
    if not len(rows):
        return
    values = raw.data.column(field).take(pa.array(rows)).to_pylist()
    locations = raw.locations.take(pa.array(rows)).to_pylist()
    children = raw.child_ids().take(pa.array(rows)).to_pylist()
    for value, location, child in zip(values, locations, children, strict=True):
        message = message_for(value) if callable(message_for) else str(message_for)
        raw.problems.add(
            code, message, location=location, child_id=child or "", field=field, value=value
        )


def _filled(mask: pa.Array) -> pa.Array:
    return pc.fill_null(mask, False)


def check_column(raw: RawTable, spec: ColumnSpec, year: int) -> pa.Array:
    """The column typed (date32, int64 or string codes), with every problem reported."""
    column = raw.data.column(spec.name).combine_chunks()
    present = pc.is_valid(column)
    if not spec.can_be_blank:
        _report(
            raw,
            pc.invert(present),
            "missing_field",
            spec.name,
            f"{spec.name} is required in the {raw.name} table but is blank.",
        )
    if spec.kind == "date":
        return _dates(raw, spec, column)
    if spec.kind == "category":
        return _codes(raw, spec, column, year)
    if spec.kind == "numeric" and spec.integer:
        return _integers(raw, spec, column)
    return column


def _parsed(column: pa.Array, pattern: str, layout: str) -> tuple[pa.Array, pa.Array]:
    """Dates written in one layout, and where they are real dates (strptime rolls 31/02 over into
    March: a real date must format back to what was written)."""
    shaped = _filled(pc.match_substring_regex(column, pattern))
    parsed = pc.strptime(
        pc.if_else(shaped, column, pa.scalar(None, pa.string())),
        format=layout,
        unit="s",
        error_is_null=True,
    )
    round_trip = _filled(pc.equal(pc.strftime(parsed, format=layout), column))
    return parsed, pc.and_(shaped, round_trip)


def parse_dates(column: pa.Array) -> tuple[pa.Array, pa.Array, pa.Array]:
    """(dates as timestamps, read as dd/mm/YYYY, read as YYYY-MM-DD): the DfE's layout, and the
    ISO layout some case management systems export, which is read with a warning."""
    dmy, dmy_good = _parsed(column, DMY, "%d/%m/%Y")
    iso, iso_good = _parsed(column, ISO, "%Y-%m-%d")
    return pc.if_else(dmy_good, dmy, iso), dmy_good, iso_good


def _dates(raw: RawTable, spec: ColumnSpec, column: pa.Array) -> pa.Array:
    parsed, dmy_good, iso_good = parse_dates(column)
    good = pc.or_(dmy_good, iso_good)
    bad = pc.and_(pc.is_valid(column), pc.invert(good))
    _report(raw, bad, "bad_date_format", spec.name, lambda v: date_message(v, "dd/mm/YYYY"))
    iso_count = pc.sum(iso_good).as_py() or 0
    if iso_count:
        first = int(np.flatnonzero(np.asarray(iso_good.to_numpy(zero_copy_only=False)))[0])
        raw.problems.add(
            "date_layout_iso",
            f"{iso_count:,} date(s) in {spec.name} are written YYYY-MM-DD (e.g. "
            f"{column[first].as_py()}); the DfE's layout is dd/mm/YYYY. They were read as "
            "YYYY-MM-DD: change the export to dd/mm/YYYY.",
            location=raw.locations[first].as_py(),
            field=spec.name,
            value=column[first].as_py(),
            severity="warning",
        )
    return pc.if_else(good, parsed, pa.scalar(None, parsed.type)).cast(pa.date32())


def _codes(raw: RawTable, spec: ColumnSpec, column: pa.Array, year: int) -> pa.Array:
    allowed = pa.array(spec.codes, pa.string())
    valid = _filled(pc.is_in(column, value_set=allowed))
    odd = pc.and_(pc.is_valid(column), pc.invert(valid))
    if not pc.any(odd).as_py():
        return column
    spellings = {other.upper(): code for other, code in spec.aliases}
    spellings.update({code.upper(): code for code in spec.codes})
    values = column.to_pylist()
    flags = odd.to_numpy(zero_copy_only=False)
    unknown = np.zeros(len(values), dtype=bool)
    # A code withdrawn this year stays valid on an episode that began before the withdrawal
    withdrawn = {code.upper(): (code, day) for code, day in spec.withdrawn}
    starts = (
        raw.data.column("DECOM").to_pylist()
        if withdrawn and "DECOM" in raw.data.column_names
        else None
    )
    for i in np.flatnonzero(flags):
        text = str(values[i]).upper()
        mapped = spellings.get(text)
        if mapped is None and text in withdrawn and starts is not None:
            code, day = withdrawn[text]
            began = _day(starts[i])
            if began is not None and began < day:
                mapped = code
        if mapped is None:
            unknown[i] = True
        else:
            values[i] = mapped
    codes_text = ", ".join(spec.codes)
    _report(
        raw,
        unknown,
        "bad_code",
        spec.name,
        lambda v: f"{v!r} is not a {spec.name} code in the {year - 1}/{str(year)[2:]} return "
        f"(allowed: {codes_text}).",
    )
    return pa.array(values, pa.string())


def _day(text: object) -> date | None:
    """A dd/mm/yyyy date as written, or None."""
    try:
        return datetime.strptime(str(text).strip(), "%d/%m/%Y").date()
    except ValueError:
        return None


def _integers(raw: RawTable, spec: ColumnSpec, column: pa.Array) -> pa.Array:
    good = _filled(pc.match_substring_regex(column, r"^-?\d{1,15}$"))
    bad = pc.and_(pc.is_valid(column), pc.invert(good))
    _report(raw, bad, "bad_value", spec.name, f"{spec.name} must be a whole number.")
    numbers = pc.if_else(good, column, pa.scalar(None, pa.string())).cast(pa.int64())
    limits = []
    if spec.min_value is not None:
        limits.append(pc.less(numbers, spec.min_value))
    if spec.max_value is not None:
        limits.append(pc.greater(numbers, spec.max_value))
    for out_of_range in limits:
        _report(
            raw,
            _filled(out_of_range),
            "bad_value",
            spec.name,
            f"{spec.name} must be between {spec.min_value} and {spec.max_value}.",
        )
        numbers = pc.if_else(_filled(out_of_range), pa.scalar(None, pa.int64()), numbers)
    return numbers
