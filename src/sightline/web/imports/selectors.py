"""Reads for imports: jobs, problem reports (filtered), snapshots and what changed between them."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from sightline.safe_output import neutralise_row
from sightline.store import Snapshot
from sightline.web.core.engine import SnapshotIndex as Store
from sightline.web.imports.models import ImportJob

PROBLEM_COLUMNS = [
    "severity",
    "code",
    "return_",
    "file",
    "location",
    "child_id",
    "field",
    "value",
    "message",
]
FILTERS = ("severity", "code", "return_", "file", "child_id", "field")


def job_problems(job: ImportJob) -> pa.Table:
    """An import job's problems as a table (kept as Parquet: a report of many thousand problems
    is filtered and paged without turning every row into an object)."""
    path = Path(job.upload_dir) / "problems.parquet"
    if path.exists():
        return pq.read_table(path)
    older = Path(job.upload_dir) / "problems.json"  # jobs made before problems were Parquet
    rows = json.loads(older.read_text()) if older.exists() else []
    return pa.Table.from_pylist(rows) if rows else empty_problem_table()


def snapshot_problems(snapshot: Snapshot) -> pa.Table:
    return snapshot.problems()


def _text(table: pa.Table, column: str) -> pa.ChunkedArray:
    if column not in table.column_names:
        return pa.chunked_array([pa.nulls(table.num_rows, pa.string())]).fill_null("")
    return pc.fill_null(pc.cast(table.column(column), pa.string()), "")


def filter_problems(problems: pa.Table, filters: dict[str, str]) -> pa.Table:
    """The problems whose columns equal every filter given (severity, code, file, child...)."""
    chosen = {k: v.strip() for k, v in filters.items() if k in FILTERS and v and v.strip()}
    mask = None
    for key, value in chosen.items():
        match = pc.equal(_text(problems, key), value)
        mask = match if mask is None else pc.and_(mask, match)
    return problems if mask is None else problems.filter(mask)


def filter_choices(problems: pa.Table) -> dict[str, list[str]]:
    """The values each filter can take, for the drop-downs."""
    return {
        key: sorted(set(pc.unique(_text(problems, key)).to_pylist()) - {""})
        for key in ("severity", "code", "return_", "file", "field")
    }


class ProblemRows:
    """A problem table as a sequence a paginator slices: only the rows of the page shown are
    turned into dicts."""

    def __init__(self, table: pa.Table) -> None:
        self.table = table

    def __len__(self) -> int:
        return self.table.num_rows

    def __getitem__(self, index: slice) -> list[dict]:
        if not isinstance(index, slice):
            raise TypeError("problem rows are read a page at a time")
        start, stop, _ = index.indices(self.table.num_rows)
        return [for_the_web(p) for p in self.table.slice(start, max(stop - start, 0)).to_pylist()]

    def all(self) -> list[dict]:
        return [for_the_web(p) for p in self.table.to_pylist()]


# The importer speaks to the command line ("give --year"); on the web the year is a field of the
# upload form, so the same advice names the form instead.
CLI_YEAR = re.compile(r"\b([Gg])ive --year to say (otherwise|which)")


def web_words(message: str) -> str:
    """A problem's message as a web user acts on it: no command-line options."""
    return CLI_YEAR.sub(
        lambda m: ("C" if m.group(1) == "G" else "c")
        + "hoose the year on the upload form to say "
        + m.group(2),
        message,
    )


def for_the_web(problem: dict) -> dict:
    message = problem.get("message")
    return {**problem, "message": web_words(message)} if isinstance(message, str) else problem


def first_problems(problems: pa.Table, count: int) -> list[dict]:
    """The first `count` problems: those that stopped a whole file first (why nothing of it was
    imported, such as another council's return, which the importer finds last), then the other
    errors, then warnings, in the report's order otherwise."""
    is_error = pc.equal(_text(problems, "severity"), "error")
    if "blocks_file" in problems.column_names:
        blocking = pc.fill_null(problems.column("blocks_file"), False)
    else:
        blocking = pa.repeat(False, problems.num_rows)
    groups = (
        pc.and_(is_error, blocking),
        pc.and_(is_error, pc.invert(blocking)),
        pc.invert(is_error),
    )
    first: list[dict] = []
    for chosen in groups:
        if len(first) >= count:
            break
        first += ProblemRows(problems.filter(chosen))[: count - len(first)]
    return first


def problems_csv(problems: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=PROBLEM_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(neutralise_row(p) for p in problems)
    return out.getvalue()


@dataclass(frozen=True)
class TableChange:
    table: str
    before: int
    after: int

    @property
    def change(self) -> int:
        return self.after - self.before


@dataclass(frozen=True)
class SnapshotDiff:
    previous: Snapshot | None
    tables: list[TableChange]
    children_added: int
    children_removed: int
    children_before: int
    children_after: int


def _children(snapshot: Snapshot) -> set[str]:
    table = snapshot.read_table("ssd_person")
    if table.num_rows == 0 or "pers_person_id" not in table.column_names:
        return set()
    return set(pc.unique(table.column("pers_person_id")).to_pylist()) - {None}


def snapshot_previous(store: Store, snapshot: Snapshot) -> Snapshot | None:
    """The snapshot of the same return, council and year made before this one."""
    same = [
        s
        for s in store.snapshots(snapshot.return_, snapshot.council)
        if s.year == snapshot.year and s.manifest["created_at"] < snapshot.manifest["created_at"]
    ]
    return same[0] if same else None


def snapshot_diff(store: Store, snapshot: Snapshot) -> SnapshotDiff:
    previous = snapshot_previous(store, snapshot)
    after_counts: dict[str, int] = snapshot.manifest.get("tables", {})
    before_counts: dict[str, int] = previous.manifest.get("tables", {}) if previous else {}
    tables = [
        TableChange(name, before_counts.get(name, 0), after_counts.get(name, 0))
        for name in sorted(set(after_counts) | set(before_counts))
    ]
    now = _children(snapshot)
    before = _children(previous) if previous else set()
    return SnapshotDiff(
        previous, tables, len(now - before), len(before - now), len(before), len(now)
    )


def snapshot_rows(store: Store) -> list[dict]:
    """Every snapshot, newest first, with its headline figures and the change in rows."""
    rows = []
    snapshots = store.snapshots()
    for snapshot in snapshots:
        manifest = snapshot.manifest
        previous = snapshot_previous(store, snapshot)
        total = sum(manifest.get("tables", {}).values())
        before = sum(previous.manifest.get("tables", {}).values()) if previous else None
        rows.append(
            {
                "snapshot": snapshot,
                "manifest": manifest,
                "rows": total,
                "change": None if before is None else total - before,
                "previous": previous,
            }
        )
    return rows


def empty_problem_table() -> pa.Table:
    return pa.table({c: pa.array([], pa.string()) for c in PROBLEM_COLUMNS})
