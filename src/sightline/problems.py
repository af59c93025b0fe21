"""Problems found while reading a return, and the reports that list them.

A problem always says where (file, line or XPath), what (field, value) and why, in plain words, so a
performance officer can find and fix it in the case management system. Readers never stop at the
first problem: they collect them all.

Severity:
- "error": the file (or the row's value) is wrong. A *file-level* error (unreadable XML, a CSV
  whose columns match no 903 table, a file over the size limit) blocks that file: nothing of it is
  imported. A *row-level* error (a bad code, a missing required value, dates out of order) is
  recorded and the snapshot is still created with it: councils must be able to load imperfect
  returns (docs/decisions/0003-imperfect-returns-import.md).
- "warning": worth knowing, not wrong (e.g. the year was inferred from the dates).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, fields

import pyarrow as pa

from sightline.safe_output import neutralise_row

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a return, and where it is."""

    return_: str  # cin | ssda903 | annex_a | csww | "" when the kind is unknown
    file: str  # file name as uploaded
    location: str  # "line 12" or an XPath, or "" for the whole file
    child_id: str
    field: str  # the field as written in the file (CINreferralDate, DECOM, ...)
    value: str  # what was written
    code: str  # stable code: a DfE rule code where one exists, else a structural code
    severity: str  # error | warning
    message: str  # plain words
    blocks_file: bool = False  # a file-level error: nothing of the file is imported

    def describe(self) -> str:
        where = ", ".join(p for p in (self.file, self.location) if p)
        what = []
        if self.child_id:
            what.append(f"child {self.child_id}")
        if self.field:
            what.append(f"field {self.field}")
        if self.value:
            what.append(f"value {self.value!r}")
        detail = f" ({'; '.join(what)})" if what else ""
        return f"{self.severity.upper()} [{self.code}] {where}{detail}: {self.message}"


COLUMNS = [f.name for f in fields(Problem)]

PROBLEM_SCHEMA = pa.schema(
    [(name, pa.bool_() if name == "blocks_file" else pa.string()) for name in COLUMNS]
)


def problems_table(problems: Iterable[Problem]) -> pa.Table:
    rows = [asdict(p) for p in problems]
    if not rows:
        return PROBLEM_SCHEMA.empty_table()
    return pa.Table.from_pylist(rows, schema=PROBLEM_SCHEMA)


def problems_from_table(table: pa.Table) -> list[Problem]:
    return [Problem(**row) for row in table.to_pylist()]


def count_by_severity(problems: Iterable[Problem]) -> dict[str, int]:
    counts = {ERROR: 0, WARNING: 0}
    for p in problems:
        counts[p.severity] = counts.get(p.severity, 0) + 1
    return counts


# --- Reports ---------------------------------------------------------------------------------------
REPORT_FORMATS = ("text", "csv", "json")


def render(problems: list[Problem], format_: str = "text") -> str:
    """The problem report as text (one line a problem), CSV or JSON."""
    if format_ == "json":
        return json.dumps([asdict(p) for p in problems], indent=1, ensure_ascii=False)
    if format_ == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        for p in problems:
            writer.writerow(neutralise_row(asdict(p)))
        return out.getvalue()
    if format_ == "text":
        if not problems:
            return "No problems found.\n"
        counts = count_by_severity(problems)
        lines = [p.describe() for p in problems]
        lines.append(f"{counts[ERROR]} error(s), {counts[WARNING]} warning(s).")
        return "\n".join(lines) + "\n"
    raise ValueError(f"unknown report format {format_!r}: use one of {', '.join(REPORT_FORMATS)}")


MAX_VALUE_CHARS = 200


def _shorten(value: str) -> str:
    """A report quotes what was written, not a whole runaway field."""
    return value if len(value) <= MAX_VALUE_CHARS else value[: MAX_VALUE_CHARS - 1] + "…"


class Problems:
    """A collector bound to one file of one return, so readers only say what and where."""

    def __init__(self, return_: str, file: str) -> None:
        self.return_ = return_
        self.file = file
        self.items: list[Problem] = []

    def add(
        self,
        code: str,
        message: str,
        *,
        location: str = "",
        child_id: str = "",
        field: str = "",
        value: object = "",
        severity: str = ERROR,
        blocks_file: bool = False,
    ) -> None:
        self.items.append(
            Problem(
                self.return_,
                self.file,
                location,
                child_id or "",
                field,
                _shorten("" if value is None else str(value)),
                code,
                severity,
                message,
                blocks_file,
            )
        )

    def block(self, code: str, message: str, *, location: str = "", field: str = "") -> None:
        """A problem with the whole file: nothing of it will be imported."""
        self.add(code, message, location=location, field=field, blocks_file=True)

    @property
    def blocked(self) -> bool:
        return any(p.blocks_file for p in self.items)
