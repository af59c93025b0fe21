"""Every table as CSV and XLSX, through one helper, holding exactly what the page shows.

A view builds its rows once, as the page shows them (scoped to the reader's teams, small
numbers already "c" for aggregate-only readers), then:

    if (fmt := export.requested(request)):
        return export.download(request, "scorecard", COLUMNS, rows, fmt)

and its template includes "includes/export_links.html". So an export can never show more than the
page: there is no second query to get wrong. Exports of lists naming children are logged by the
view (`log_list_view(..., kind=AccessEntry.Kind.DOWNLOAD)`) like the page.

CSV cells that a spreadsheet would run as a formula (starting = + - @) are quoted with a leading
apostrophe; dates are ISO 8601 in CSV (sortable, unambiguous) and real dates in XLSX.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence

from django.http import HttpRequest, HttpResponse

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
Columns = Sequence[tuple[str, str]]  # (key in the row, heading in words)


def requested(request: HttpRequest) -> str | None:
    fmt = request.GET.get("format", "")
    return fmt if fmt in FORMATS else None


def _plain(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.datetime | dt.date | int | float):
        return value
    return str(value)


def _csv_cell(value: object) -> str:
    value = _plain(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    text = str(value)
    if text[:1] in ("=", "+", "-", "@") and not _is_number(text):
        return "'" + text  # a spreadsheet would run it as a formula
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def rows_as_csv(columns: Columns, rows: Iterable[dict]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([label for _, label in columns])
    for row in rows:
        writer.writerow([_csv_cell(row.get(key)) for key, _ in columns])
    return out.getvalue()


def rows_as_xlsx(columns: Columns, rows: Iterable[dict], title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook(write_only=False)
    sheet = book.active
    assert sheet is not None
    sheet.title = "".join(c for c in title if c not in "[]:*?/\\")[:31] or "Sightline"
    sheet.append([label for _, label in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        values = []
        for key, _ in columns:
            value = _plain(row.get(key))
            if isinstance(value, dt.datetime) and value.tzinfo is not None:
                value = value.replace(tzinfo=None)  # Excel has no time zones; shown as stored
            values.append(value)
        sheet.append(values)
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def download(
    request: HttpRequest, name: str, columns: Columns, rows: Iterable[dict], fmt: str
) -> HttpResponse:
    """The table as a file: `<name>.csv` or `<name>.xlsx`."""
    rows = list(rows)
    if fmt == "xlsx":
        body: bytes | str = rows_as_xlsx(columns, rows, name)
    else:
        body = rows_as_csv(columns, rows)
    response = HttpResponse(body, content_type=FORMATS[fmt])
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in name)[:80]
    response["Content-Disposition"] = f'attachment; filename="{safe}.{fmt}"'
    response["Cache-Control"] = "no-store"  # may hold children's IDs
    return response
