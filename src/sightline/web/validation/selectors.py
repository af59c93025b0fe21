"""The validation report of a CIN census or 903 snapshot: its original files against the DfE rules
of its year (a 903 return beside the same council's return of the year before, when imported), and
what changed since the snapshot it replaces (fixed and new findings)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from sightline.rules import report
from sightline.rules.validate import Validation, not_run_problems
from sightline.store import Snapshot, Store
from sightline.web.validation import running
from sightline.web.validation.models import ReferenceList, ValidationRun
from sightline.workspace import SnapshotIndex

VALIDATED = {"cin": "CIN census", "ssda903": "903"}  # the returns the DfE's rules are run on

FILTERS = ("code", "child_id", "severity", "module")


def validated(snapshot: Snapshot) -> bool:
    """Whether the DfE's rules are run on the snapshot's return (not Annex A, workforce)."""
    return snapshot.return_ in VALIDATED and bool(snapshot.originals())


@lru_cache(maxsize=8)
def _loaded(result_dir: str) -> Validation:
    # A run's findings never change once written: keyed by its folder.
    folder = Path(result_dir)
    meta = json.loads((folder / running.META).read_text(encoding="utf-8"))
    return Validation(
        meta["return_"],
        meta["file"],
        int(meta["year"]),
        date.fromisoformat(meta["reference_date"]),
        int(meta["children"]),
        int(meta["rules"]),
        pq.read_table(folder / running.FINDINGS),
        float(meta["seconds"]),
        meta["unreadable"],
        {code: tuple(needs) for code, needs in meta["not_run"].items()},
    )


def loaded(run: ValidationRun) -> Validation | None:
    """The findings of a finished run (None while it waits or runs, or when it failed)."""
    if run.status != ValidationRun.Status.DONE or not run.result_dir:
        return None
    return _loaded(run.result_dir)


def needs_references(result: Validation) -> bool:
    """Whether a rule was not run for want of a list the references page loads."""
    return any(
        need in ("providers", "postcodes", "council")
        for needs in result.not_run.values()
        for need in needs
    )


def reference_lists() -> list[dict[str, Any]]:
    """Each kind of list, with the one the rules read now (None: not loaded)."""
    return [
        {"kind": kind, "label": label, "current": ReferenceList.objects.filter(kind=kind).first()}
        for kind, label in ReferenceList.Kind.choices
    ]


def uploads(limit: int = 20) -> list[ReferenceList]:
    return list(ReferenceList.objects.select_related("created_by")[:limit])


def recent_runs(limit: int = 10) -> list[ValidationRun]:
    return list(ValidationRun.objects.all()[:limit])


def not_run(result: Validation) -> list[str]:
    """Plain words for each thing not loaded and the rules it kept from running."""
    return [p.message for p in not_run_problems(result)]


def previous(store: Store | SnapshotIndex, snapshot: Snapshot) -> Snapshot | None:
    """The snapshot this one replaced: the same return, council and year, created before it."""
    earlier = [
        s
        for s in store.snapshots(return_=snapshot.return_, council=snapshot.council)
        if s.year == snapshot.year and s.id < snapshot.id
    ]
    return max(earlier, key=lambda s: s.id) if earlier else None


def _key(row: dict[str, Any]) -> tuple[Any, ...]:
    return (row["code"], row["child_id"], row["field"], row["value"])


@dataclass(frozen=True)
class Changes:
    fixed: list[dict[str, Any]]
    new: list[dict[str, Any]]


def changes(before: Validation, after: Validation) -> Changes:
    """Findings gone since the earlier snapshot (fixed) and findings it did not have (new)."""
    old = {_key(r): r for r in before.findings.to_pylist()}
    now = {_key(r): r for r in after.findings.to_pylist()}
    return Changes(
        fixed=[r for k, r in old.items() if k not in now],
        new=[r for k, r in now.items() if k not in old],
    )


def filtered(result: Validation, selected: dict[str, str]) -> list[dict[str, Any]]:
    rows = result.findings.to_pylist()
    for key in FILTERS:
        value = selected.get(key)
        if value:
            rows = [r for r in rows if (r[key] or "") == value]
    return rows


def choices(result: Validation) -> dict[str, list[str]]:
    rows = result.findings.to_pylist()
    return {
        key: sorted({r[key] for r in rows if r[key]}, key=lambda v: (len(v), v)) for key in FILTERS
    }


def summary(result: Validation) -> list[report.RuleSummary]:
    return report.summary(result.findings)
