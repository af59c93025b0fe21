"""The validation report as an analyst works with it: a summary by rule, each child's findings,
the "ready to submit" line, and downloads in the layout the DfE portal and the open validator
give (one row per finding, and a by-rule sheet). Shared by the CLI and the web."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import duckdb
import pyarrow as pa

from sightline.rules.engine import ERROR, QUERY

# One row per finding, in the open validator's and the portal's order of columns.
FINDING_COLUMNS = (
    ("LAchildID", "child_id"),
    ("Rule code", "code"),
    ("Type", "severity"),
    ("Rule message", "message"),
    ("Module", "module"),
    ("Field", "field"),
    ("Line", "line"),
    ("Value", "value"),
    ("File", "file"),
)
RULE_COLUMNS = ("Rule code", "Type", "Rule message", "Children", "Rows")


@dataclass(frozen=True)
class RuleSummary:
    code: str
    severity: str
    message: str
    children: int
    rows: int


def summary(findings: pa.Table) -> list[RuleSummary]:
    """One line per rule that failed: how many children and rows, errors before queries."""
    if not findings.num_rows:
        return []
    rows = _summary_rows(findings)
    return [RuleSummary(*r) for r in rows]


def _summary_rows(findings: pa.Table) -> list[tuple[Any, ...]]:
    connection = duckdb.connect()
    try:
        connection.register("findings", findings)
        return connection.execute(
            """SELECT code, severity, any_value(message), count(DISTINCT child_id), count(*)
               FROM findings GROUP BY code, severity
               ORDER BY severity = 'query', TRY_CAST(regexp_extract(code, '[0-9]+') AS INTEGER),
                        code"""
        ).fetchall()
    finally:
        connection.close()


def ready_line(findings: pa.Table) -> str:
    """Whether the census can go to the DfE: errors must be fixed, queries explained."""
    severities = findings.column("severity").to_pylist() if findings.num_rows else []
    errors = sum(1 for s in severities if s == ERROR)
    queries = sum(1 for s in severities if s == QUERY)
    if not errors and not queries:
        return "Ready to submit: no errors and no queries."
    if not errors:
        return f"Ready to submit once the {queries} queries are explained: no errors outstanding."
    return f"Not ready to submit: {errors} errors outstanding to fix, {queries} queries to explain."


# The child's identifier as each return's file names it.
CHILD_COLUMN = {"cin": "LAchildID", "ssda903": "CHILD"}


def headers(findings: pa.Table) -> list[str]:
    returns = set(findings.column("return_").to_pylist()) if findings.num_rows else set()
    child = CHILD_COLUMN.get(returns.pop(), "Child") if len(returns) == 1 else "LAchildID"
    return [child, *(title for title, _ in FINDING_COLUMNS[1:])]


def finding_rows(findings: pa.Table) -> Iterable[list[Any]]:
    for row in findings.to_pylist():
        # `episodes.csv line 3`: a 903 finding names the table's own file
        head, sep, _ = (row.get("location") or "").rpartition(" line ")
        if sep and head:
            row = {**row, "file": head}
        yield [row[key] if row[key] is not None else "" for _, key in FINDING_COLUMNS]


def to_csv(findings: pa.Table) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(headers(findings))
    writer.writerows(finding_rows(findings))
    return out.getvalue()


def to_xlsx(
    findings: pa.Table,
    title: str = "",
    not_run: Sequence[str] = (),
) -> bytes:
    """A workbook: `Findings` (one row per finding), `By rule` (children and rows per rule of
    those findings) and, when rules were not run, `Not run` (each thing not loaded and the rules
    it kept from running; also listed on `By rule`, under its ready-to-submit line)."""
    from openpyxl import Workbook  # here, not at the top: a validation without a download skips it

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Findings")
    sheet.append(headers(findings))
    for row in finding_rows(findings):
        sheet.append(row)
    rules = book.create_sheet("By rule")
    if title:
        rules.append([title])
    rules.append([ready_line(findings)])
    for line in not_run:
        rules.append([f"Not run: {line}"])
    rules.append(list(RULE_COLUMNS))
    for s in summary(findings):
        rules.append([s.code, s.severity, s.message, s.children, s.rows])
    if not_run:
        missing = book.create_sheet("Not run")
        missing.append(["Rules not run, and what to load"])
        for line in not_run:
            missing.append([line])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def to_text(findings: pa.Table, title: str = "") -> str:
    lines = [title] if title else []
    lines.append(ready_line(findings))
    items = summary(findings)
    if items:
        lines.append(f"{'Rule':<7} {'Type':<6} {'Children':>8} {'Rows':>6}  Message")
        for s in items:
            lines.append(f"{s.code:<7} {s.severity:<6} {s.children:>8} {s.rows:>6}  {s.message}")
    return "\n".join(lines) + "\n"
