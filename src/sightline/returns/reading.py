"""What every reader returns, and the small helpers they share (dates, text, table building)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa

from sightline import canonical
from sightline.returns.problems import Problem

RETURNS = ("cin", "ssda903", "annex_a", "csww")


@dataclass
class ReadResult:
    """The canonical tables read from one return (one file, or a folder of 903 tables)."""

    return_: str
    files: list[Path]
    year: int | None = None  # collection year (year to 31 March, or 30 September for csww)
    council: str = ""  # 3-digit old LA code, where the file says
    tables: dict[str, pa.Table] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    file_years: dict[str, int | None] = field(default_factory=dict)

    @property
    def blocked(self) -> bool:
        """A file-level error: the return cannot be imported at all."""
        return any(p.blocks_file for p in self.problems)

    def period(self) -> tuple[date | None, date | None]:
        """The period the return covers: the collection year to 31 March (30 September for the
        workforce census, whose year is the census date's year)."""
        if self.year is None:
            return None, None
        if self.return_ == "csww":
            return date(self.year - 1, 10, 1), date(self.year, 9, 30)
        return date(self.year - 1, 4, 1), date(self.year, 3, 31)


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


def concat(name: str, parts: list[pa.Table]) -> pa.Table:
    if not parts:
        return canonical.table(name).empty()
    return pa.concat_tables(parts)


# --- Dates -----------------------------------------------------------------------------------------
_OTHER_DATE_FORMATS = ("%d/%m/%Y", "%Y/%m/%d", "%d-%m-%Y", "%d.%m.%Y", "%Y%m%d", "%d/%m/%y")
_DATETIME = re.compile(
    r"^(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$"
)


def parse_iso_date(text: str) -> date | None:
    """A YYYY-MM-DD date, or None when the text is not exactly one."""
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        try:
            return date.fromisoformat(text)
        except ValueError:
            return None
    return None


def parse_dmy_date(text: str) -> date | None:
    """A dd/mm/YYYY date, or None when the text is not exactly one."""
    if len(text) == 10 and text[2] == "/" and text[5] == "/":
        try:
            return date(int(text[6:]), int(text[3:5]), int(text[:2]))
        except ValueError:
            return None
    return None


def looks_like_other_date(text: str) -> bool:
    """Whether the text is a date written some other way (so the message can say so)."""
    if _DATETIME.match(text):
        return True
    for fmt in _OTHER_DATE_FORMATS:
        try:
            datetime.strptime(text, fmt)
            return True
        except ValueError:
            continue
    return False


def date_message(text: str, expected: str) -> str:
    if looks_like_other_date(text):
        return f"This date is written in another format; write it as {expected}. It was left blank."
    return f"This is not a date (expected {expected}). It was left blank."
