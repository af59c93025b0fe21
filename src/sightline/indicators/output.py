"""Rows out as text, CSV, JSON or XLSX: the one place the commands write tables."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sightline.indicators.rounding import format_figure
from sightline.safe_output import neutralise, neutralise_cells

FORMATS = ("text", "csv", "json", "xlsx")


class OutputError(ValueError):
    """The output cannot be written as asked."""


def render(
    rows: Sequence[dict[str, Any]], format_: str, output: Path | None = None, title: str = ""
) -> str:
    """Write rows to `output` (or return them as text). XLSX needs an output file."""
    if format_ not in FORMATS:
        raise OutputError(f"unknown format {format_!r}: choose from {', '.join(FORMATS)}")
    if format_ == "xlsx":
        if output is None:
            raise OutputError("XLSX output needs --output FILE.xlsx")
        _xlsx(rows, output, title)
        return ""
    text = {"text": _text, "csv": _csv, "json": _json}[format_](rows, title)
    if output is not None:
        output.write_text(text, encoding="utf-8")
        return ""
    return text


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):  # rounded half up, as DfE rounds
        return format_figure(value, 1 if abs(value - round(value)) > 1e-9 else 0)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _columns(rows: Sequence[dict[str, Any]]) -> list[str]:
    columns: list[str] = []
    for row in rows:
        columns.extend(k for k in row if k not in columns)
    return columns


def _text(rows: Sequence[dict[str, Any]], title: str) -> str:
    out = [title] if title else []
    if not rows:
        return "\n".join([*out, "(nothing to show)"]) + "\n"
    columns = _columns(rows)
    cells = [[_cell(r.get(c)) for c in columns] for r in rows]
    widths = [max(len(c), *(len(r[i]) for r in cells)) for i, c in enumerate(columns)]
    out.append("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip())
    out.extend(
        "  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip() for r in cells
    )
    return "\n".join(out) + "\n"


def _csv(rows: Sequence[dict[str, Any]], title: str) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=_columns(rows), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {
                k: "" if v is None else (v.isoformat() if isinstance(v, dt.date) else neutralise(v))
                for k, v in row.items()
            }
        )
    return buffer.getvalue()


def _json(rows: Sequence[dict[str, Any]], title: str) -> str:
    return json.dumps(list(rows), default=_json_default, indent=1) + "\n"


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _xlsx(rows: Sequence[dict[str, Any]], output: Path, title: str) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = (title or "Sightline")[:31].replace("/", "-").replace(":", "")
    columns = _columns(rows)
    sheet.append(neutralise_cells(columns))
    for row in rows:
        sheet.append(neutralise_cells(row.get(c) for c in columns))
    book.save(output)
