"""What the product writes must be safe to open: one place for cells and file names.

Spreadsheets run a cell that starts with `=`, `+`, `-` or `@` as a formula (and a leading tab or
carriage return hides one); a child ID written `=HYPERLINK(...)` in a return must come out as text in
every CSV and workbook Sightline writes. As OWASP's CSV injection guidance recommends, such a text
cell is written with a leading apostrophe, which spreadsheets show as text and never run. Numbers
are left alone (a negative number is data, not a formula).

File names are limited by bytes (most file systems allow 255 bytes, not 255 characters): a long
accented name is shortened by bytes, keeping its extension, never cut inside a character.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import PurePath
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_NAME_BYTES = 200  # room under the 255-byte limit for a prefix a store adds
_UNSAFE_NAME = re.compile(r"[\x00-\x1f/\\]")


def neutralise(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula, made plain text; anything else as is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralise_row(row: Mapping[str, Any]) -> dict[str, Any]:
    return {key: neutralise(value) for key, value in row.items()}


def neutralise_cells(values: Iterable[Any]) -> list[Any]:
    return [neutralise(v) for v in values]


def safe_file_name(name: str, max_bytes: int = MAX_NAME_BYTES) -> str:
    """The last part of `name`, without control characters or separators, at most `max_bytes`
    bytes in UTF-8, its extension kept."""
    base = _UNSAFE_NAME.sub("_", PurePath(name.replace("\\", "/")).name).strip() or "upload"
    if base in (".", ".."):
        base = "upload"
    if len(base.encode("utf-8")) <= max_bytes:
        return base
    suffix = PurePath(base).suffix
    if len(suffix.encode("utf-8")) > 16:
        suffix = ""
    stem = base[: len(base) - len(suffix)] if suffix else base
    room = max_bytes - len(suffix.encode("utf-8"))
    shortened = stem.encode("utf-8")[:room].decode("utf-8", errors="ignore")
    return shortened + suffix
