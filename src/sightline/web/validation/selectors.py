"""The validation report of a CIN census or 903 snapshot: its original files against the DfE rules
of its year (a 903 return beside the same council's return of the year before, when imported), and
what changed since the snapshot it replaces (fixed and new findings)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from sightline.returns.ssda903.validation import validate_903_files
from sightline.rules import report
from sightline.rules.validate import Validation, not_run_problems, validate_cin
from sightline.store import Snapshot, Store
from sightline.workspace import SnapshotIndex

VALIDATED = {"cin": "CIN census", "ssda903": "903"}  # the returns the DfE's rules are run on

FILTERS = ("code", "child_id", "severity", "module")


@lru_cache(maxsize=8)
def _validated(path: str, sha: str) -> Validation:
    # Keyed by the file and its content hash: a snapshot's originals never change.
    return validate_cin(Path(path))


@lru_cache(maxsize=8)
def _validated_903(folder: str, year: int | None, last_folder: str) -> Validation:
    # Keyed by the snapshot's folder and last year's (snapshots never change): a new import of
    # last year's return is a new folder, so a new key.
    last = sorted((Path(last_folder) / "originals").iterdir()) if last_folder else None
    return validate_903_files(sorted((Path(folder) / "originals").iterdir()), year, last)


def validation(store: Store | SnapshotIndex, snapshot: Snapshot) -> Validation | None:
    """None when the DfE's rules are not run on the snapshot's return (Annex A, workforce)."""
    if snapshot.return_ not in VALIDATED or not snapshot.originals():
        return None
    if snapshot.return_ == "ssda903":
        last = store.latest("ssda903", snapshot.council or None, (snapshot.year or 0) - 1)
        return _validated_903(str(snapshot.path), snapshot.year, str(last.path) if last else "")
    [original] = snapshot.originals()[:1]
    sha = next((f["sha256"] for f in snapshot.manifest.get("files", [])), original.name)
    return _validated(str(original), sha)


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
