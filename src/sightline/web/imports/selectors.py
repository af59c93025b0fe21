"""Reads for imports: jobs, problem reports (filtered), snapshots and what changed between them."""

from __future__ import annotations

import csv
import io
import json
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


def job_problems(job: ImportJob) -> list[dict]:
    path = Path(job.upload_dir) / "problems.parquet"
    if path.exists():
        return pq.read_table(path).to_pylist()
    older = Path(job.upload_dir) / "problems.json"  # jobs made before problems were Parquet
    return json.loads(older.read_text()) if older.exists() else []


def snapshot_problems(snapshot: Snapshot) -> list[dict]:
    return snapshot.problems().to_pylist()


def filter_problems(problems: list[dict], filters: dict[str, str]) -> list[dict]:
    chosen = {k: v.strip() for k, v in filters.items() if k in FILTERS and v and v.strip()}
    return [p for p in problems if all(str(p.get(k) or "") == v for k, v in chosen.items())]


def filter_choices(problems: list[dict]) -> dict[str, list[str]]:
    """The values each filter can take, for the drop-downs."""
    return {
        key: sorted({str(p.get(key) or "") for p in problems} - {""})
        for key in ("severity", "code", "return_", "file", "field")
    }


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
