"""Import uploaded files into snapshots: detect, read, check, keep.

`import_files(store, paths)` takes files and folders. Each file's return is detected from its
content; the 903 CSVs of one folder are one return; a folder is searched through (the synthetic
generator's output folder imports as it is). A return whose files do not name the council (903,
workforce) takes it from `council=`, a council.json beside it, the other returns of the import, or
the one council the store already holds -- else "unknown". Before anything is read, each file is checked: it
exists, is not empty, is under the size limit, and has not been imported before (same SHA-256: the
message names the snapshot that has it).

All or nothing: if any file has a file-level error (unreadable, wrong columns, another kind of file,
already imported, too big...), no snapshot is written and the report is kept in
`<home>/reports/<import_id>.json`. Otherwise each return becomes one snapshot, with its row-level
problems (bad codes, missing values, dates out of order...) recorded beside it
(docs/decisions/0003-imperfect-returns-import.md). A snapshot for the same return, council and year
as an earlier one supersedes it.
"""

from __future__ import annotations

import errno
import json
import shutil
import tempfile
import uuid
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from sightline.problems import Problem, Problems, count_by_severity, problems_table
from sightline.returns import detect as detection
from sightline.returns import formats, limits
from sightline.returns.formats import ReturnFormat
from sightline.returns.reading import ReadResult
from sightline.rules.validate import run_rules
from sightline.safe_output import safe_file_name
from sightline.store.snapshots import Snapshot, Store, sha256_of

Progress = Callable[[float, str], None]
NOT_RETURNS = {"council.json", "problems.jsonl"}  # beside the returns in a synthetic council


def max_upload_bytes() -> int:
    """The size limit per file: SIGHTLINE_MAX_UPLOAD_BYTES (one name for web and CLI, see
    `sightline.config`)."""
    from sightline.config import config

    return config().max_upload_bytes


@dataclass
class ImportResult:
    import_id: str
    snapshots: list[Snapshot] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    report_path: Path | None = None

    @property
    def ok(self) -> bool:
        return self.report_path is None and not any(p.blocks_file for p in self.problems)


@dataclass
class _Upload:
    path: Path
    kind: detection.Kind
    sha256: str


def _expand(paths: Iterable[Path], problems: list[Problem]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
                and p.name not in NOT_RETURNS
            )
            if not found:
                problems.append(_file_problem(path, "empty_folder", "The folder has no files."))
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            problems.append(_file_problem(path, "not_found", "There is no such file or folder."))
    return files


def _is_workbook(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return True  # let the workbook reader say what is wrong with it
    return "xl/workbook.xml" in names or "[Content_Types].xml" in names


def _unzip_returns(files: list[Path], into: Path, problems: list[Problem]) -> list[Path]:
    """A zip of returns (not a workbook) is read as the files it holds, each checked against the
    unzip limits first; the folders inside it are kept (a 903 folder stays one return)."""
    out: list[Path] = []
    for path in files:
        with path.open("rb") as handle:
            is_zip = handle.read(4) == formats.ZIP_MAGIC
        if not is_zip or _is_workbook(path):
            out.append(path)
            continue
        refused = limits.check_zip(path, "zip file")
        if refused is not None:
            problems.append(refused)
            continue
        target = into / str(len(out)) / safe_file_name(path.stem)  # its name, as a folder's
        with zipfile.ZipFile(path) as archive:
            members = [m for m in archive.infolist() if not m.is_dir()]
            for member in members:
                parts = [
                    safe_file_name(p) for p in Path(member.filename).parts if p not in ("..", "/")
                ]
                if not parts or any(p.startswith(".") or p == "__MACOSX" for p in parts):
                    continue
                dest = target.joinpath(*parts)
                dest.parent.mkdir(parents=True, exist_ok=True)
                with archive.open(member) as source, dest.open("wb") as sink:
                    shutil.copyfileobj(source, sink)
        found = sorted(p for p in target.rglob("*") if p.is_file() and p.name not in NOT_RETURNS)
        if not found:
            problems.append(_file_problem(path, "empty_zip", "The zip file holds no files."))
        for inner in found:
            with inner.open("rb") as handle:
                nested = handle.read(4) == formats.ZIP_MAGIC
            if nested and not _is_workbook(inner):
                problems.append(
                    _file_problem(
                        inner,
                        "zip_in_zip",
                        f"{path.name} holds another zip file ({inner.name}): unzip it and upload "
                        "the returns themselves.",
                    )
                )
            else:
                out.append(inner)
    return out


def _file_problem(path: Path, code: str, message: str, return_: str = "") -> Problem:
    return Problem(return_, path.name, "", "", "", "", code, "error", message, True)


def _check_upload(path: Path, max_bytes: int) -> _Upload | Problem:
    size = path.stat().st_size
    if size == 0:
        return _file_problem(path, "empty_file", "The file is empty.")
    if size > max_bytes:
        return _file_problem(
            path,
            "too_large",
            f"The file is {size:,} bytes, over the limit of {max_bytes:,} bytes "
            "(set SIGHTLINE_MAX_UPLOAD_BYTES to change it).",
        )
    with path.open("rb") as handle:
        head = handle.read(detection.HEAD_BYTES)
    if head.startswith(formats.ZIP_MAGIC):
        refused = limits.check_zip(path)
        if refused is not None:
            return refused
    kind = detection.detect(path, head)
    if kind.format is None:
        return _file_problem(path, "not_a_return", f"This is {kind.why}.")
    return _Upload(path, kind, sha256_of(path))


def _duplicates(
    store: Store, groups: list[tuple[ReturnFormat, list[Path]]], digests: dict[Path, str]
) -> list[Problem]:
    """A return whose files were all imported before (or are all given twice) is refused, naming
    where they are. Files are compared as a set: a 903 table that is only a header row can be
    the same, byte for byte, in two years."""
    problems = []
    seen: dict[frozenset[str], Path] = {}
    for fmt, files in groups:
        hashes = frozenset(digests[f] for f in files)
        where = files[0] if len(files) == 1 else files[0].parent
        if hashes in seen:
            problems.append(
                _file_problem(where, "same_file_twice", f"This is the same as {seen[hashes]}.")
            )
            continue
        seen[hashes] = where
        earlier = store.find_files(hashes, fmt.return_)
        if earlier is not None:
            problems.append(
                _file_problem(
                    where,
                    "already_imported",
                    f"This was already imported: it is in snapshot {earlier.id}.",
                    fmt.return_,
                )
            )
    return problems


def _groups(uploads: list[_Upload]) -> list[tuple[ReturnFormat, list[Path]]]:
    """One group per return: the files of one folder together for a format that says so (903
    tables), every other file on its own."""
    folders: dict[tuple[str, Path], list[Path]] = {}
    groups: list[tuple[ReturnFormat, list[Path]]] = []
    for upload in uploads:
        fmt = upload.kind.format
        assert fmt is not None  # uploads are the files a format recognised
        if fmt.together:
            folders.setdefault((fmt.name, upload.path.parent), []).append(upload.path)
        else:
            groups.append((fmt, [upload.path]))
    groups.extend((formats.get(name), files) for (name, _), files in folders.items())
    return groups


def read_group(fmt: ReturnFormat, files: list[Path], year: int | None = None) -> ReadResult:
    """Read one return with its format; an unexpected failure is a problem, never a traceback."""
    try:
        return fmt.read(files, year)
    except Exception as error:  # a reader bug must still give the user a report, not a traceback
        problems = Problems(fmt.return_, files[0].name)
        problems.block(
            "read_failed",
            f"Sightline could not read this file ({type(error).__name__}: {error}). Please send "
            "the file's report to support.",
        )
        return ReadResult(fmt.return_, files, problems=problems.items)


def _check_rows(read: ReadResult, group: list[Path]) -> None:
    """A table over the row limit is refused: no return is that big, and its rules would not
    finish."""
    cap = limits.max_rows()
    for name, table in read.tables.items():
        if table.num_rows > cap:
            read.problems.append(
                _file_problem(
                    group[0] if len(group) == 1 else group[0].parent,
                    "too_many_rows",
                    f"The return has {table.num_rows:,} rows of {name}, over the limit of "
                    f"{cap:,} (set {limits.MAX_ROWS_ENV} to change it). Nothing was imported.",
                    read.return_,
                )
            )
            return


def _where(files: list[Path]) -> str:
    return files[0].name if len(files) == 1 else f"{files[0].parent.name}/"


def _council_json(files: list[Path]) -> str:
    """The council code from a council.json beside the returns (as the synthetic generator writes)."""
    for folder in list(files[0].parents)[:4]:
        candidate = folder / "council.json"
        if candidate.is_file():
            try:
                code = json.loads(candidate.read_text(encoding="utf-8")).get("code", "")
            except (ValueError, OSError, AttributeError):
                return ""
            return str(code)
    return ""


def _fill_council(store: Store, reads: list[ReadResult]) -> None:
    """A 903 or workforce file does not say its council: take the one the other files of the
    import name, else the one council the store already holds (one Sightline per council)."""
    named = {r.council for r in reads if r.council}
    if len(named) != 1:
        named = {s.council for s in store.snapshots()} - {"unknown"}
    fallback = named.pop() if len(named) == 1 else "unknown"
    for read in reads:
        read.council = read.council or fallback


def pinned_council() -> str | None:
    """The council this Sightline is for, when it is pinned to one (SIGHTLINE_COUNCIL)."""
    from sightline.config import config

    return config().council


def _other_council(
    store: Store, reads: list[ReadResult], groups: list[tuple[ReturnFormat, list[Path]]]
) -> list[Problem]:
    """A return naming a council the store does not hold: refused when the store is pinned to one
    council (SIGHTLINE_COUNCIL), else a warning, since one Sightline serves one council."""
    pinned = pinned_council()
    held = {s.council for s in store.snapshots()} - {"unknown"}
    expected = {pinned} if pinned else held
    found = []
    for read, (_fmt, files) in zip(reads, groups, strict=True):
        if (
            not expected
            or not read.council
            or read.council == "unknown"
            or read.council in expected
        ):
            continue
        where = files[0] if len(files) == 1 else files[0].parent
        names = ", ".join(sorted(expected))
        if pinned:
            found.append(
                _file_problem(
                    where,
                    "other_council",
                    f"This return is council {read.council}'s, and this Sightline is for council "
                    f"{pinned} only. Nothing was imported: check you chose the right file.",
                    read.return_,
                )
            )
        else:
            found.append(
                Problem(read.return_, where.name, "", "", "", read.council, "other_council",
                        "warning", f"This return is council {read.council}'s; the store holds "
                        f"council {names}'s returns. It was imported: check it is the right file.")
            )  # fmt: skip
    return found


def import_files(
    store: Store,
    paths: Iterable[Path | str],
    created_by: str = "cli",
    max_bytes: int | None = None,
    year: int | None = None,
    council: str | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Import files and folders into the store (see the module docstring). Imports into one
    store run one at a time (`Store.import_lock`). `progress(fraction, stage)` hears how far
    it has got."""
    paths = list(paths)
    try:
        with store.import_lock():
            return _import_files(store, paths, created_by, max_bytes, year, council, progress)
    except OSError as error:  # disk full, no permission, read-only: plain words and a report
        started = datetime.now(UTC)
        result = ImportResult(f"{started.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:8]}")
        result.problems = [
            _file_problem(Path(error.filename or store.home), "cannot_write", _os_message(error))
        ]
        result.report_path = _report(store, result, started, [Path(p) for p in paths])
        return result


def _import_files(
    store: Store,
    paths: Iterable[Path | str],
    created_by: str,
    max_bytes: int | None,
    year: int | None,
    council: str | None,
    progress: Progress | None = None,
) -> ImportResult:
    started = datetime.now(UTC)
    result = ImportResult(f"{started.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:8]}")
    limit = max_upload_bytes() if max_bytes is None else max_bytes
    problems: list[Problem] = []
    files = _expand([Path(p) for p in paths], problems)
    unpacked = Path(tempfile.mkdtemp(prefix="sightline-unzip-"))
    try:
        files = _unzip_returns(files, unpacked, problems)
        return _import_expanded(store, paths, files, problems, result, started, created_by,
                                limit, year, council, progress)  # fmt: skip
    finally:
        shutil.rmtree(unpacked, ignore_errors=True)


def _import_expanded(
    store: Store,
    paths: Iterable[Path | str],
    files: list[Path],
    problems: list[Problem],
    result: ImportResult,
    started: datetime,
    created_by: str,
    limit: int,
    year: int | None,
    council: str | None,
    progress: Progress | None,
) -> ImportResult:
    uploads: list[_Upload] = []
    for path in files:
        checked = _check_upload(path, limit)
        if isinstance(checked, Problem):
            problems.append(checked)
        else:
            uploads.append(checked)
    groups = _groups(uploads)
    problems += _duplicates(store, groups, {u.path: u.sha256 for u in uploads})
    reads: list[ReadResult] = []
    if any(p.blocks_file for p in problems):
        groups = []  # no point reading: nothing will be imported
    for n, (fmt, group) in enumerate(groups):
        if progress:
            progress(0.1 + 0.7 * n / len(groups), f"Reading {_where(group)} ({fmt.title})")
        read = read_group(fmt, group, year)
        _check_rows(read, group)
        if not read.blocked:
            read.council = read.council or council or _council_json(group)
        reads.append(read)
    # The DfE's rules, once every return is read: a 903 return is checked beside last year's,
    # whether that came in the same upload or was imported before.
    for n, ((fmt, group), read) in enumerate(zip(groups, reads, strict=True)):
        if progress:
            progress(0.8 + 0.1 * n / len(groups), f"Checking {_where(group)} against the DfE rules")
        if not read.blocked:
            read.problems += run_rules(
                read.return_,
                read.as_written or read.tables,
                read.year,
                default_file=group[0].name,
                files=group,
                last=_last_year_as_written(store, fmt, read, reads),
                checked=read.checked,
            )
        read.problems = limits.cap_problems(read.problems)
        problems.extend(read.problems)
    _fill_council(store, reads)
    problems += _other_council(store, reads, groups)
    result.problems = problems
    if any(p.blocks_file for p in problems) or not reads:
        result.report_path = _report(store, result, started, [Path(p) for p in paths])
        return result
    if progress:
        progress(0.9, "Keeping the snapshots")
    with store.batch() as batch:  # all or nothing, however the process ends
        for read in reads:
            result.snapshots.append(_write_snapshot(store, read, created_by, batch))
    return result


def _last_year_as_written(
    store: Store, fmt: ReturnFormat, read: ReadResult, reads: list[ReadResult]
) -> dict | None:
    """The previous collection year's return of the same council, as its files write it, for the
    rules that compare the two years (the 903's): from this upload, else from the store; None
    when it was never imported."""
    if not read.as_written or read.year is None:
        return None
    for other in reads:
        if (
            other.return_ == read.return_
            and other.year == read.year - 1
            and other.as_written
            and not other.blocked
            and (other.council or "") == (read.council or "")
        ):
            return other.as_written
    previous = store.latest(read.return_, read.council or None, read.year - 1)
    if previous is None:
        return None
    try:
        files = previous.originals()
        with files[0].open("rb") as handle:  # it may have come in another form (XML, CSV)
            kind = formats.detect(formats.Sniff(files[0], handle.read(64 * 1024))) or fmt
        earlier = read_group(kind, files, read.year - 1)
    except (OSError, ValueError, IndexError):
        return None
    return earlier.as_written or None


def _write_snapshot(store: Store, read: ReadResult, created_by: str, batch: str) -> Snapshot:
    previous = store.latest(read.return_, read.council, read.year)
    return store.write(
        return_=read.return_,
        council=read.council,
        year=read.year,
        period=formats.for_return(read.return_).period(read.year) if read.year else (None, None),
        files=read.files,
        file_years=read.file_years,
        tables=read.tables,
        problems=problems_table(read.problems),
        created_by=created_by,
        supersedes=previous.id if previous else None,
        batch=batch,
    )


def _os_message(error: OSError) -> str:
    where = error.filename or "Sightline's data folder"
    if error.errno == errno.ENOSPC or error.errno == errno.EDQUOT:
        what = f"The disk that holds {where} is full"
        todo = "free some space (or ask your administrator to) and import again"
    elif error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        what = f"Sightline is not allowed to write to {where}"
        todo = "ask your administrator to let Sightline write there, then import again"
    else:
        what = f"Sightline could not write to {where} ({error.strerror or error})"
        todo = "tell your administrator, then import again"
    return f"{what}. Nothing was imported: {todo}."


def _report(store: Store, result: ImportResult, started: datetime, paths: list[Path]) -> Path:
    """The report of a failed import, in the store; where the store cannot be written (a full disk,
    no permission), in the system's temporary folder instead, so there is always one."""
    report = {
        "import_id": result.import_id,
        "started_at": started.isoformat(),
        "paths": [str(p) for p in paths],
        "imported": False,
        "reason": "A file could not be imported; nothing was kept. Fix the errors marked "
        "blocks_file and import again.",
        "problems": {"counts": count_by_severity(result.problems)},
        "problem_list": [asdict(p) for p in result.problems],
    }
    try:
        return store.write_report(result.import_id, report)
    except OSError:
        fallback = Store.__new__(Store)  # the same atomic write, somewhere that can be written
        fallback.reports_dir = Path(tempfile.gettempdir()) / "sightline-reports"
        return fallback.write_report(result.import_id, report)


def import_job(
    *,
    home: str,
    paths: list[str],
    created_by: str,
    max_bytes: int | None,
    problems_path: str,
    council: str | None = None,
    progress: Progress | None = None,
    year: int | None = None,
) -> dict[str, Any]:
    """An import as a queued job runs it (in the worker's capped child, `sightline.jobs`): the
    problems go to `problems_path` (Parquet, compact and paged on screen), the outcome is returned
    as plain values."""
    result = import_files(
        Store(home),
        [Path(p) for p in paths],
        created_by=created_by,
        max_bytes=max_bytes,
        council=council,
        progress=progress,
        year=year,
    )
    table = problems_table(result.problems)
    pq.write_table(table, problems_path)
    counts = count_by_severity(result.problems)
    return {
        "snapshot_ids": [s.id for s in result.snapshots],
        "errors": counts.get("error", 0),
        "warnings": counts.get("warning", 0),
        "report_path": str(result.report_path or ""),
        "ok": result.ok,
    }
