"""The snapshot store: immutable, versioned imports, kept as files.

```
<home>/snapshots/<id>/manifest.json
<home>/snapshots/<id>/originals/<file names, byte for byte>
<home>/snapshots/<id>/tables/<canonical table>.parquet
<home>/snapshots/<id>/problems.parquet
<home>/reports/<import_id>.json        the report of a failed import (nothing else is left)
<home>/batches/<batch>.pending|.committed   one import's snapshots: all of them, or none
```

A snapshot is written into a temporary folder inside `<home>/snapshots` (same file system), every
file and the folder are fsynced, then one `os.rename` puts it in place: readers see all of it or
none of it. A temporary folder left by a killed import (`.tmp-<pid>-...`) is never listed, and is
removed by the next Store opened once its process is gone. Snapshots are never changed: a
correction is a new snapshot whose manifest names the one it `supersedes`.

An import of several returns is one batch (`Store.batch()`): its snapshots name the batch in their
manifest and are listed only once `batches/<batch>.committed` exists, which one rename makes after
the last of them is in place. A process killed at any instant leaves every snapshot of its batch or
none visible; the next Store opened once that process is gone removes an uncommitted batch's
snapshots, so the same files import again.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import time
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cached_property
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from sightline import canonical
from sightline.paths import default_home
from sightline.problems import PROBLEM_SCHEMA

FORMAT_VERSION = 1
TMP_PREFIX = ".tmp-"
# Test hook: seconds to sleep just before the rename, so a test can kill an import mid-write.
PAUSE_ENV = "SIGHTLINE_STORE_PAUSE_BEFORE_RENAME"


class StoreError(Exception):
    """A snapshot that cannot be found or written; the message is for the user."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _fsync_file(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@dataclass(frozen=True)
class Snapshot:
    path: Path

    @property
    def id(self) -> str:
        return self.path.name

    @cached_property
    def manifest(self) -> dict[str, Any]:
        with (self.path / "manifest.json").open(encoding="utf-8") as handle:
            manifest: dict[str, Any] = json.load(handle)
        return manifest

    @property
    def return_(self) -> str:
        return str(self.manifest["return"])

    @property
    def council(self) -> str:
        return str(self.manifest["council"])

    @property
    def year(self) -> int | None:
        year = self.manifest["period"].get("year")
        return int(year) if year is not None else None

    def table_path(self, name: str) -> Path:
        return self.path / "tables" / f"{name}.parquet"

    def read_table(self, name: str) -> pa.Table:
        """A canonical table of the snapshot; the empty canonical table when it has none."""
        path = self.table_path(name)
        if not path.exists():
            return canonical.table(name).empty()
        return pq.read_table(path)

    def tables(self) -> list[str]:
        return sorted(self.manifest.get("tables", {}))

    def problems(self) -> pa.Table:
        path = self.path / "problems.parquet"
        if not path.exists():
            return PROBLEM_SCHEMA.empty_table()
        return pq.read_table(path)

    def originals(self) -> list[Path]:
        return sorted((self.path / "originals").iterdir())


class Store:
    """The snapshots under one Sightline home."""

    def __init__(self, home: Path | str | None = None) -> None:
        self.home = Path(home) if home is not None else default_home()
        self.snapshots_dir = self.home / "snapshots"
        self.reports_dir = self.home / "reports"
        self.batches_dir = self.home / "batches"
        self.clean_stale()

    @contextlib.contextmanager
    def batch(self) -> Iterator[str]:
        """Write the snapshots of one import as a batch (see the module docstring): yields the
        batch id to pass to `write`; commits when the block ends normally, else removes them."""
        self.batches_dir.mkdir(parents=True, exist_ok=True)
        batch_id = f"{datetime.now(UTC).strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:12]}"
        pending = self.batches_dir / f"{batch_id}.pending"
        pending.write_text(str(os.getpid()), encoding="utf-8")
        _fsync_file(pending)
        _fsync_dir(self.batches_dir)
        try:
            yield batch_id
            pause = os.environ.get(PAUSE_ENV)
            if pause:
                time.sleep(float(pause))
            os.rename(pending, self.batches_dir / f"{batch_id}.committed")
            _fsync_dir(self.batches_dir)
        except BaseException:
            self._remove_batch(batch_id)
            raise

    def _committed_batches(self) -> set[str]:
        if not self.batches_dir.exists():
            return set()
        return {p.stem for p in self.batches_dir.glob("*.committed")}

    def _remove_batch(self, batch_id: str) -> None:
        if self.snapshots_dir.exists():
            for path in self.snapshots_dir.iterdir():
                if path.name.startswith(".") or not (path / "manifest.json").is_file():
                    continue
                with contextlib.suppress(OSError, ValueError):
                    if Snapshot(path).manifest.get("batch") == batch_id:
                        shutil.rmtree(path, ignore_errors=True)
        with contextlib.suppress(FileNotFoundError):
            (self.batches_dir / f"{batch_id}.pending").unlink()

    @contextlib.contextmanager
    def import_lock(self) -> Iterator[None]:
        """Held for the whole of an import, so two imports of the same file at the same moment
        (two analysts, two browser tabs) cannot both pass the already-imported check. An operating
        system lock: it is released when its process ends, however it ends."""
        self.home.mkdir(parents=True, exist_ok=True)
        with (self.home / ".import.lock").open("a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    # -- reading -------------------------------------------------------------------------------
    @staticmethod
    def version_at(home: Path) -> tuple[int, int] | None:
        """Changes whenever the listed snapshots may have (one is added, a batch commits or is
        removed): for callers that cache the list (without opening, and so cleaning, a Store).
        None when the store holds nothing yet."""
        try:
            snapshots = (home / "snapshots").stat().st_mtime_ns
        except FileNotFoundError:
            return None
        try:
            batches = (home / "batches").stat().st_mtime_ns
        except FileNotFoundError:
            batches = 0
        return snapshots, batches

    def snapshots(self, return_: str | None = None, council: str | None = None) -> list[Snapshot]:
        """Snapshots, newest first; stale temporary folders are never listed."""
        if not self.snapshots_dir.exists():
            return []
        found = []
        committed = self._committed_batches()
        for path in self.snapshots_dir.iterdir():
            if path.name.startswith(".") or not (path / "manifest.json").is_file():
                continue
            snapshot = Snapshot(path)
            batch = snapshot.manifest.get("batch")
            if batch is not None and batch not in committed:
                continue  # an import still writing, or killed before it finished
            if return_ is not None and snapshot.return_ != return_:
                continue
            if council is not None and snapshot.council != council:
                continue
            found.append(snapshot)
        found.sort(key=lambda s: (s.manifest["created_at"], s.id), reverse=True)
        return found

    def get(self, snapshot_id: str) -> Snapshot:
        path = self.snapshots_dir / snapshot_id
        if (
            snapshot_id.startswith(".")
            or "/" in snapshot_id
            or not (path / "manifest.json").is_file()
        ):
            raise StoreError(f"There is no snapshot {snapshot_id!r} in {self.snapshots_dir}.")
        snapshot = Snapshot(path)
        batch = snapshot.manifest.get("batch")
        if batch is not None and batch not in self._committed_batches():
            raise StoreError(f"There is no snapshot {snapshot_id!r} in {self.snapshots_dir}.")
        return snapshot

    def latest(
        self, return_: str, council: str | None = None, year: int | None = None
    ) -> Snapshot | None:
        for snapshot in self.snapshots(return_, council):
            if year is None or snapshot.year == year:
                return snapshot
        return None

    def find_files(self, sha256s: frozenset[str], return_: str | None = None) -> Snapshot | None:
        """The newest snapshot (of the return) holding files with all these exact bytes, if any."""
        for snapshot in self.snapshots(return_):
            held = {f["sha256"] for f in snapshot.manifest.get("files", [])}
            if sha256s <= held:
                return snapshot
        return None

    # -- writing -------------------------------------------------------------------------------
    def clean_stale(self) -> None:
        """Remove temporary folders, and the snapshots of uncommitted batches, left by imports
        whose process has gone (e.g. was killed)."""
        if self.batches_dir.exists():
            for pending in self.batches_dir.glob("*.pending"):
                try:
                    pid_text = pending.read_text(encoding="utf-8").strip()
                except OSError:
                    continue
                if pid_text.isdigit() and _pid_alive(int(pid_text)):
                    continue
                self._remove_batch(pending.stem)
        if not self.snapshots_dir.exists():
            return
        for path in self.snapshots_dir.glob(f"{TMP_PREFIX}*"):
            pid_text = path.name[len(TMP_PREFIX) :].split("-", 1)[0]
            if pid_text.isdigit() and _pid_alive(int(pid_text)) and int(pid_text) != os.getpid():
                continue
            shutil.rmtree(path, ignore_errors=True)

    def write(
        self,
        *,
        return_: str,
        council: str,
        year: int | None,
        period: tuple[date | None, date | None],
        files: Iterable[Path],
        file_years: dict[str, int | None],
        tables: dict[str, pa.Table],
        problems: pa.Table,
        created_by: str,
        supersedes: str | None = None,
        batch: str | None = None,
    ) -> Snapshot:
        """Write a snapshot atomically and return it."""
        self.snapshots_dir.mkdir(parents=True, exist_ok=True)
        created = datetime.now(UTC)
        snapshot_id = "-".join(
            [
                return_,
                council or "unknown",
                str(year or "unknown"),
                created.strftime("%Y%m%dT%H%M%S%fZ"),
            ]
        )
        tmp = self.snapshots_dir / f"{TMP_PREFIX}{os.getpid()}-{uuid.uuid4().hex}"
        try:
            manifest_files = self._write_contents(tmp, files, file_years, tables, problems)
            start, end = period
            manifest = {
                "id": snapshot_id,
                "return": return_,
                "council": council,
                "period": {
                    "year": year,
                    "start": start.isoformat() if start else None,
                    "end": end.isoformat() if end else None,
                },
                "created_at": created.isoformat(),
                "created_by": created_by,
                "files": manifest_files,
                "tables": {name: t.num_rows for name, t in sorted(tables.items())},
                "problems": _severity_counts(problems),
                "supersedes": supersedes,
                "batch": batch,
                "format_version": FORMAT_VERSION,
            }
            manifest_path = tmp / "manifest.json"
            manifest_path.write_text(json.dumps(manifest, indent=1), encoding="utf-8")
            _fsync_file(manifest_path)
            for folder in (tmp / "originals", tmp / "tables", tmp):
                _fsync_dir(folder)
            final = self.snapshots_dir / snapshot_id
            if final.exists():
                raise StoreError(f"A snapshot called {snapshot_id} already exists.")
            os.rename(tmp, final)
            _fsync_dir(self.snapshots_dir)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        _make_read_only(final)
        return Snapshot(final)

    def _write_contents(
        self,
        tmp: Path,
        files: Iterable[Path],
        file_years: dict[str, int | None],
        tables: dict[str, pa.Table],
        problems: pa.Table,
    ) -> list[dict[str, Any]]:
        (tmp / "originals").mkdir(parents=True)
        (tmp / "tables").mkdir()
        manifest_files = []
        for source in files:
            target = tmp / "originals" / source.name
            if target.exists():
                raise StoreError(f"Two files called {source.name} in one import.")
            shutil.copyfile(source, target)
            _fsync_file(target)
            manifest_files.append(
                {
                    "name": source.name,
                    "sha256": sha256_of(target),
                    "bytes": target.stat().st_size,
                    "year": file_years.get(source.name),
                }
            )
        for name, table in tables.items():
            path = tmp / "tables" / f"{name}.parquet"
            pq.write_table(table, path)
            _fsync_file(path)
        problems_path = tmp / "problems.parquet"
        pq.write_table(problems, problems_path)
        _fsync_file(problems_path)
        return manifest_files

    def write_report(self, import_id: str, report: dict[str, Any]) -> Path:
        """Keep the report of a failed import (written atomically too)."""
        self.reports_dir.mkdir(parents=True, exist_ok=True)
        final = self.reports_dir / f"{import_id}.json"
        tmp = self.reports_dir / f"{TMP_PREFIX}{os.getpid()}-{import_id}.json"
        tmp.write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
        _fsync_file(tmp)
        os.rename(tmp, final)
        return final


def _severity_counts(problems: pa.Table) -> dict[str, int]:
    counts = {"error": 0, "warning": 0}
    for severity in problems.column("severity").to_pylist():
        counts[severity] = counts.get(severity, 0) + 1
    return counts


def _make_read_only(folder: Path) -> None:
    for path in folder.rglob("*"):
        if path.is_file():
            with contextlib.suppress(OSError):
                path.chmod(0o400)  # read-only, and the service's alone
