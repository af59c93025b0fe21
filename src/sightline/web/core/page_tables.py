"""Every table a page shows, as CSV and XLSX, for pages whose view builds no export of its own.

A view with an export of its own answers `?format=csv|xlsx` itself (`common.export`), and its
template says so (`includes/export_links.html`). For every other page with a table, this
middleware does the same from the page as rendered: before each table it puts the download
links (`?download=csv&table=N`: a parameter of its own, which no view reads, so a view's own
`?format=` download, such as a problem report's, is never mistaken for it), and a request for
one renders the page as the reader would see it and returns that table's cells, heading row
first. So the file holds exactly what the page shows
to this reader (scoped to their teams, small numbers already suppressed, the page of a long list
they are on): there is no second query to get wrong. A page that showed child-level data logs
the download of the children the page names, as a list view of kind "download".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse

from sightline.web.common import export

_TABLE_TAG = re.compile(r"<table\b[^>]*\bclass=\"[^\"]*govuk-table\b", re.IGNORECASE)
_MAIN = re.compile(r"<main\b", re.IGNORECASE)
PARAM = "download"  # ?download=csv|xlsx&table=N
OWN_EXPORT = "sightline-export"  # the class of includes/export_links.html: the view exports


@dataclass
class _Table:
    caption: str = ""
    rows: list[list[str]] = field(default_factory=list)
    header_rows: int = 0


class _Tables(HTMLParser):
    """The govuk tables of a page: each row's cell texts, and how many rows are headings."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[_Table] = []
        self._depth = 0  # nested tables are read as their outer table's cell text
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._in_head = False
        self._in_caption = False
        self._caption: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        if tag == "table":
            self._depth += 1
            if self._depth == 1 and "govuk-table" in (dict(attrs).get("class") or ""):
                self.tables.append(_Table())
            return
        if self._depth != 1 or not self.tables:
            return
        if tag == "caption":
            self._in_caption, self._caption = True, []
        elif tag == "thead":
            self._in_head = True
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1
        if tag == "table":
            self._depth -= 1
            return
        if self._depth != 1 or not self.tables:
            return
        table = self.tables[-1]
        if tag == "caption":
            self._in_caption = False
            table.caption = " ".join("".join(self._caption).split())
        elif tag == "thead":
            self._in_head = False
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            if self._row:
                table.rows.append(self._row)
                if self._in_head:
                    table.header_rows += 1
            self._row = None

    def handle_data(self, data):
        if self._skip:
            return
        if self._in_caption:
            self._caption.append(data)
        elif self._cell is not None:
            self._cell.append(data)


def tables_of(html: str) -> list[_Table]:
    """The govuk tables in a page's main content, in order."""
    start = _MAIN.search(html)
    parser = _Tables()
    parser.feed(html[start.start() :] if start else html)
    return parser.tables


def _columns_and_rows(table: _Table) -> tuple[export.Columns, list[dict]]:
    if table.header_rows:
        headings = table.rows[table.header_rows - 1]
        body = table.rows[table.header_rows :]
    else:
        headings, body = [], table.rows
    width = max([len(headings), *(len(r) for r in body)])
    labels = [
        (headings[i] if i < len(headings) and headings[i] else f"Column {i + 1}")
        for i in range(width)
    ]
    columns = [(str(i), label) for i, label in enumerate(labels)]
    rows = [{str(i): cell for i, cell in enumerate(r)} for r in body]
    return columns, rows


def _links(request: HttpRequest, index: int) -> str:
    kept = [(k, v) for k, v in request.GET.items() if k not in (PARAM, "table")]
    hrefs = {
        fmt: "?" + urlencode([*kept, (PARAM, fmt), ("table", str(index))]) for fmt in export.FORMATS
    }
    return (
        '<p class="govuk-body-s sightline-table-export govuk-!-display-none-print">Download this '
        f'table: <a class="govuk-link" href="{escape(hrefs["csv"])}" download>CSV</a> or '
        f'<a class="govuk-link" href="{escape(hrefs["xlsx"])}" download>Excel (XLSX)</a></p>'
    )


def _with_links(request: HttpRequest, html: str) -> str:
    start = _MAIN.search(html)
    if start is None:
        return html
    out, last, index = [], 0, 0
    for found in _TABLE_TAG.finditer(html, start.start()):
        index += 1
        out += [html[last : found.start()], _links(request, index)]
        last = found.start()
    return "".join(out) + html[last:] if index else html


def _name(html: str, table: _Table) -> str:
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.IGNORECASE | re.DOTALL)
    text = table.caption or (re.sub(r"<[^>]+>", " ", heading.group(1)) if heading else "table")
    return "-".join(text.lower().split())[:60] or "table"


def _is_page(response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and response.get("Content-Type", "").startswith("text/html")
        and not response.has_header("Content-Disposition")
        and not getattr(response, "streaming", False)
    )


class PageTableExportMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.method != "GET" or not _is_page(response) or request.headers.get("HX-Request"):
            return response
        html = response.content.decode(response.charset or "utf-8")
        if OWN_EXPORT in html:  # the view exports its own tables
            return response
        fmt = request.GET.get(PARAM, "")
        if fmt not in export.FORMATS:
            if _TABLE_TAG.search(html):
                response.content = _with_links(request, html).encode(response.charset or "utf-8")
            return response
        return self._download(request, html, fmt) or response

    def _download(self, request: HttpRequest, html: str, fmt: str) -> HttpResponse | None:
        tables = tables_of(html)
        try:
            table = tables[int(request.GET.get("table", "1")) - 1]
        except (ValueError, IndexError):
            return None
        columns, rows = _columns_and_rows(table)
        name = _name(html, table)
        if getattr(request, "sightline_child_level", False):
            from sightline.web.accesslog.models import AccessEntry
            from sightline.web.accesslog.services import log_list_view
            from sightline.web.accounts.permissions import decided_children

            # the children the page names (a list's rows, or the one child a page is about)
            start = _MAIN.search(html)
            text = re.sub(r"<[^>]+>", " ", html[start.start() :] if start else html)
            shown = [c for c in decided_children() if re.search(rf"\b{re.escape(c)}\b", text)]
            log_list_view(request, f"{name} (download)", shown, kind=AccessEntry.Kind.DOWNLOAD)
        return export.download(request, name, columns, rows, fmt)
