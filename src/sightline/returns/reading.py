"""What every reader returns, and the small helpers they share (dates, text, table building)."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa

from sightline.problems import WARNING, Problem, Problems
from sightline.tables import build_table, concat  # noqa: F401 (readers import them from here)


@dataclass
class ReadResult:
    """The canonical tables read from one return (one file, or a folder of 903 tables)."""

    return_: str
    files: list[Path]
    year: int | None = None  # collection year (its period: the format's `period`)
    council: str = ""  # 3-digit old LA code, where the file says
    tables: dict[str, pa.Table] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    file_years: dict[str, int | None] = field(default_factory=dict)
    # The tables as the file writes them (values as strings, each row's `_location`), for the
    # validation rules that must see the file rather than the canonical model (the 903's).
    as_written: dict[str, pa.Table] = field(default_factory=dict)
    # What the return's rules read, where the reader built it in the same pass over the file (a
    # CIN census's module tables, `sightline.rules.cin.source.Census`), so the file is read once.
    checked: Any = None

    @property
    def blocked(self) -> bool:
        """A file-level error: the return cannot be imported at all."""
        return any(p.blocks_file for p in self.problems)


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


# --- Text files ------------------------------------------------------------------------------------
def decode(data: bytes, problems: Problems) -> str:
    """The text of a CSV, whatever encoding councils saved it in."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        problems.add(
            "not_utf8",
            f"The file is not UTF-8 (byte {error.start + 1}); it was read as Windows-1252. Check "
            "accented names and postcodes.",
            severity=WARNING,
        )
        return data.decode("cp1252", errors="replace")


def first_cells(line: str) -> list[str]:
    try:
        return next(csv.reader([line]), [])
    except csv.Error:  # stray quotes or control characters: split plainly
        return line.split(",")


def header_of(text: str) -> list[str]:
    lines = text.splitlines()
    first = lines[0].strip("\ufeff") if lines else ""
    return [c.strip().strip("\ufeff").upper() for c in first_cells(first)]


# --- XML -------------------------------------------------------------------------------------------
ENTITIES_MESSAGE = (
    "The file declares XML entities (<!ENTITY> in a DOCTYPE), which a DfE return never does: such "
    "a file can expand to exhaust memory or read files on the server. Export the return again "
    "from the case management system. Nothing from it was imported."
)


def declares_entities(element: Any) -> bool:
    """Whether the document of a parsed element declares entities in its DOCTYPE (readers parse
    with no DTD loaded and no entity resolved, and refuse such a file outright)."""
    docinfo = element.getroottree().docinfo
    for dtd in (docinfo.internalDTD, docinfo.externalDTD):
        if dtd is not None and any(True for _ in dtd.iterentities()):
            return True
    return False


def block_unreadable_xml(problems: Problems, error: Any) -> None:
    """A file that is not well-formed XML (an lxml XMLSyntaxError): blocked, with the line it
    broke at and libxml2's reason in plain words."""
    line = error.position[0] if error.position else None
    reason = str(error.msg or error).strip().split(", line ")[0]
    problems.block(
        "unreadable_xml",
        "The file is not complete, well-formed XML"
        + (f": it breaks at line {line}" if line else "")
        + f" ({reason}). Nothing from it was imported.",
        location=f"line {line}" if line else "",
    )
