"""Rows out as text, CSV, JSON or XLSX: the one place the commands write tables."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Sequence
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
    writers: dict[str, Callable[[Sequence[dict[str, Any]], str], str]] = {
        "text": _text,
        "csv": _csv,
        "json": _json,
    }
    text = writers[format_](rows, title)
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


TEXT_WIDTH = 100  # a terminal's text table fits this; CSV, JSON and XLSX hold everything


def _text(rows: Sequence[dict[str, Any]], title: str, width: int = TEXT_WIDTH) -> str:
    """A table to read in a terminal: empty columns left out, long cells cut (ending "…") so
    that a line fits `width` characters; the note under it says when anything was cut."""
    out = [title] if title else []
    if not rows:
        return "\n".join([*out, "(nothing to show)"]) + "\n"
    every = _columns(rows)
    columns = [c for c in every if any(_cell(r.get(c)) for r in rows)] or every
    cells = [[_cell(r.get(c)) for c in columns] for r in rows]
    widths = [max(len(c), *(len(r[i]) for r in cells)) for i, c in enumerate(columns)]
    cut = False
    for floor in (10, 4):  # dates (10 characters) stay whole unless nothing else will do
        while sum(widths) + 2 * (len(widths) - 1) > width and max(widths) > floor:
            widths[widths.index(max(widths))] -= 1
            cut = True

    def fit(text: str, w: int) -> str:
        return text if len(text) <= w else text[: w - 1] + "…"

    line = lambda values: "  ".join(  # noqa: E731
        fit(v, w).ljust(w) for v, w in zip(values, widths, strict=True)
    ).rstrip()
    out.append(line(columns))
    out.extend(line(r) for r in cells)
    left_out = [c for c in every if c not in columns]
    if cut or left_out:
        out.append(
            "(" + ("long values cut to fit; " if cut else "")
            + (f"empty columns left out: {', '.join(left_out)}; " if left_out else "")
            + "--format csv gives everything)"
        )  # fmt: skip
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
