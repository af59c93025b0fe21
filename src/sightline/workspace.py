"""The workspace: one council's view of one Sightline home, and every call the CLI and the web make.

Both the `sightline` command and the web app build a `Workspace(home, council)` and make one call
into it per command or page: import files, list and show snapshots, open the dataset for a year,
run indicators, list what is due, compare with the published benchmarks. The council is chosen by
one rule (`choose_council`) for both.

Costly results (every indicator for a year, a due list) depend only on the snapshots they read and
on the code, so `cached` keeps them per snapshot set: in memory for the process, and on disk under
`<home>/cache/results/` so every web worker and every restart reuses them. The key names the
snapshot ids and a fingerprint of the engine's source, so a new import or a new release never shows
an old figure.

A Dataset holds a DuckDB connection, which must not be shared between threads: a web process keeps
one workspace per thread (`sightline.web.core.engine`); the snapshot index is shared by all.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from sightline.config import Config, config

if TYPE_CHECKING:  # the heavy modules load when a call needs them, so `sightline --help` is quick
    import pyarrow as pa

    from sightline.benchmarks.compare import Comparison
    from sightline.benchmarks.published import Council
    from sightline.compliance.standards import Standards
    from sightline.dataset import Dataset
    from sightline.indicators.model import Period, Result
    from sightline.returns.importer import ImportResult
    from sightline.store import Snapshot, Store

T = TypeVar("T")
DATASETS_KEPT = 8  # per workspace: one per collection year the scorecard's trend reads
RESULTS_KEPT = 256  # per process, in memory


class WorkspaceError(ValueError):
    """What was asked cannot be done with what the home holds (the message says why)."""


def choose_council(named: str | None, councils: Sequence[str]) -> str:
    """The one rule both the CLI and the web use: the council named (`--council` or
    SIGHTLINE_COUNCIL), else the only council the store holds; with none or several, an error
    saying which to name. A named council need not be in the store (benchmarks are published)."""
    if named:
        return named
    held = sorted(set(councils))
    if len(held) == 1:
        return held[0]
    if not held:
        raise WorkspaceError("the store is empty: import a return first, or name a council")
    raise WorkspaceError(
        f"say which council (--council or SIGHTLINE_COUNCIL): the store holds {', '.join(held)}"
    )


class SnapshotIndex:
    """The home's snapshots with their manifests, read once and kept until a snapshot is added
    (the folder's modification time changes): listing them never re-reads every manifest."""

    _lock = threading.Lock()
    _known: dict[Path, tuple[tuple[int, int], SnapshotIndex]] = {}  # shared by the process

    def __init__(self, snapshots: list[Snapshot]) -> None:
        self._all = snapshots
        self._by_id = {s.id: s for s in snapshots}
        self._worked_out: dict[Hashable, Any] = {}

    def worked_out(self, key: Hashable, compute: Callable[[], T]) -> T:
        """What `compute` gives from these snapshots, worked out once: an index is replaced, not
        changed, when a snapshot is added, so what it gave stays true for it (every page asks
        which snapshots a dataset reads, several times)."""
        if key not in self._worked_out:
            self._worked_out[key] = compute()
        return cast(T, self._worked_out[key])

    @classmethod
    def of(cls, home: Path) -> SnapshotIndex:
        from sightline.store import Store

        stamp = Store.version_at(home)  # a batch's commit changes it too, not only a new folder
        if stamp is None:
            return cls([])
        with cls._lock:
            known = cls._known.get(home)
            if known is not None and known[0] == stamp:
                return known[1]

        snapshots = Store(home).snapshots()
        for snapshot in snapshots:
            snapshot.manifest  # noqa: B018 - read once, here, not on every request
        index = cls(snapshots)
        with cls._lock:
            cls._known[home] = (stamp, index)
        return index

    def snapshots(self, return_: str | None = None, council: str | None = None) -> list[Snapshot]:
        """Newest first, as `Store.snapshots`."""
        return [
            s
            for s in self._all
            if (return_ is None or s.return_ == return_)
            and (council is None or s.council == council)
        ]

    def latest(
        self, return_: str, council: str | None = None, year: int | None = None
    ) -> Snapshot | None:
        for snapshot in self.snapshots(return_, council):
            if year is None or snapshot.year == year:
                return snapshot
        return None

    def get(self, snapshot_id: str) -> Snapshot:
        from sightline.store import StoreError

        if snapshot_id not in self._by_id:
            raise StoreError(f"There is no snapshot {snapshot_id!r}.")
        return self._by_id[snapshot_id]


@dataclass
class Benchmarks:
    """A council's published figures beside England, its region and its statistical neighbours."""

    council: Council
    comparisons: list[Comparison]


@dataclass
class Due:
    """What is due at a date for every open case, and the snapshots it was worked out from."""

    today: dt.date
    table: pa.Table
    snapshot_ids: tuple[str, ...]


class Workspace:
    """A Sightline home seen for one council (chosen by `choose_council` when first needed)."""

    def __init__(
        self, home: Path | str | None = None, council: str | None = None, cfg: Config | None = None
    ) -> None:
        self.config = cfg or config()
        self.home = Path(home) if home is not None else self.config.home
        self._named = council or self.config.council
        self._datasets: OrderedDict[Hashable, Dataset] = OrderedDict()

    # --- the store ----------------------------------------------------------------------------
    @property
    def index(self) -> SnapshotIndex:
        return SnapshotIndex.of(self.home)

    def store(self) -> Store:
        """The store for writing (imports)."""
        from sightline.store import Store

        return Store(self.home)

    @property
    def council(self) -> str:
        index = self.index
        held = index.worked_out("councils", lambda: [s.council for s in index.snapshots()])
        return choose_council(self._named, held)

    def council_or_none(self) -> str | None:
        try:
            return self.council
        except WorkspaceError:
            return None

    def snapshots(self, return_: str | None = None, council: str | None = None) -> list[Snapshot]:
        """Every snapshot of the home (all councils unless one is given), newest first."""
        return self.index.snapshots(return_, council)

    def snapshot(self, snapshot_id: str) -> Snapshot:
        from sightline.store import StoreError

        try:
            return self.index.get(snapshot_id)
        except StoreError as error:
            raise WorkspaceError(str(error)) from None

    def years(self) -> list[int]:
        """Collection years the council has a snapshot for, oldest first."""
        return sorted({s.year for s in self.snapshots(council=self.council) if s.year})

    def import_files(
        self,
        paths: Iterable[Path],
        *,
        created_by: str,
        year: int | None = None,
        council: str | None = None,
        max_bytes: int | None = None,
        **options: Any,
    ) -> ImportResult:
        """Import returns (files or folders) into new snapshots; all or nothing."""
        from sightline.returns.importer import import_files

        return import_files(
            self.store(),
            list(paths),
            created_by=created_by,
            max_bytes=max_bytes or self.config.max_upload_bytes,
            year=year,
            council=council,
            **options,
        )

    def diff(self, old_id: str, new_id: str) -> Any:
        """Children added, removed and changed between two snapshots of one return."""
        from sightline.store.diff import DiffError, diff_snapshots

        try:
            return diff_snapshots(self.snapshot(old_id), self.snapshot(new_id))
        except DiffError as error:
            raise WorkspaceError(str(error)) from None

    def extract(self, snapshot_id: str, out: Path, salt_file: Path | None) -> list[Path]:
        """A pseudonymised copy of a snapshot's tables, for sharing."""
        from sightline.privacy import PrivacyError, extract_snapshot, load_salt

        snapshot = self.snapshot(snapshot_id)
        try:
            return list(extract_snapshot(snapshot, out, load_salt(salt_file)))
        except PrivacyError as error:
            raise WorkspaceError(str(error)) from None

    # --- datasets -----------------------------------------------------------------------------
    def dataset_snapshots(self, year: int | None = None) -> tuple[list[Snapshot], list[Snapshot]]:
        """The snapshots a year's dataset reads: (the year's, the year before's for history)."""
        from sightline.dataset import store_snapshots

        index, council = self.index, self.council
        snapshots, previous = index.worked_out(
            ("dataset_snapshots", council, year), lambda: store_snapshots(index, council, year)
        )
        return list(snapshots), list(previous)

    def snapshot_ids(self, year: int | None = None) -> tuple[str, ...]:
        """Every snapshot a year's dataset reads (this year's, then the year before's): what a
        result computed from it depends on, known without opening the dataset."""
        snapshots, previous = self.dataset_snapshots(year)
        return (*(s.id for s in snapshots), *(s.id for s in previous))

    def dataset(self, year: int | None = None) -> Dataset:
        """The council's combined view over the latest snapshots (of a collection year): the
        year's case returns plus the year before's CIN census and 903 for history. Kept open for
        the workspace's life (up to `DATASETS_KEPT`), rebuilt when a snapshot is added."""
        from sightline.dataset import Dataset

        snapshots, previous = self.dataset_snapshots(year)
        if not snapshots:
            which = f" for {year}" if year else ""
            raise WorkspaceError(f"no snapshots for council {self.council}{which} in the store")
        key = (tuple(s.id for s in snapshots), tuple(s.id for s in previous))
        if key in self._datasets:
            self._datasets.move_to_end(key)
            return self._datasets[key]
        data = Dataset.from_snapshots(snapshots, previous)
        data.council = self.council
        self._datasets[key] = data
        while len(self._datasets) > DATASETS_KEPT:
            self._datasets.popitem(last=False)[1].close()
        return data

    def dataset_or_none(self, year: int | None = None) -> Dataset | None:
        try:
            return self.dataset(year)
        except WorkspaceError:
            return None

    def close(self) -> None:
        while self._datasets:
            self._datasets.popitem()[1].close()

    def today(self) -> dt.date:
        """The date due lists are worked out at: SIGHTLINE_TODAY when set (demos), else today."""
        return self.config.today or dt.date.today()

    # --- indicators ---------------------------------------------------------------------------
    def period(self, text: str | None) -> Period:
        """A period from its text (2025, 2025-03, 12m:2025-06-30); without one, the collection
        year of the newest snapshots."""
        from sightline.indicators.model import Period

        if text:
            try:
                return Period.parse(text)
            except ValueError as error:
                raise WorkspaceError(str(error)) from None
        reference = self.dataset().reference_date()
        if reference is None:
            raise WorkspaceError("no period given and the snapshots do not say one: use --period")
        return Period.year(reference.year if reference.month <= 3 else reference.year + 1)

    def dataset_for(self, period: Period | None) -> Dataset:
        """The dataset a period is computed from: its collection year's (the year it ends in),
        else the newest when that year's returns are not held."""
        return self.dataset(self._year_for(period))

    def _year_for(self, period: Period | None) -> int | None:
        if period is None:
            return None
        if period.kind == "year" or self.dataset_snapshots(period.collection_year)[0]:
            return period.collection_year
        return None

    def indicators(
        self,
        period: Period,
        breakdown: str | None = None,
        ids: Sequence[str] | None = None,
    ) -> list[Result]:
        """Every (or the named) indicator for the period, optionally broken down."""
        from sightline import indicators

        year = self._year_for(period)
        if not self.snapshot_ids(year):
            self.dataset(year)  # says plainly what is missing
        before_year = (year or period.collection_year) - 1
        before_ids = (
            self.snapshot_ids(before_year) if self.dataset_snapshots(before_year)[0] else ()
        )
        try:
            for i in ids or ():
                indicators.get(i)
            # keyed on the snapshot ids, so a cached figure needs no dataset opened
            return self.cached(
                ("indicators", self.snapshot_ids(year), before_ids, period, breakdown,
                 tuple(ids or ())),
                lambda: self._covered(
                    indicators.run(self.dataset(year), period, breakdown, list(ids) if ids else None),
                    self.dataset(year), self.dataset(before_year) if before_ids else None, period,
                ),
            )  # fmt: skip
        except (indicators.IndicatorError, KeyError) as error:
            raise WorkspaceError(str(error.args[0])) from None

    @staticmethod
    def _covered(
        results: list[Result], now: Dataset, before: Dataset | None, period: Period
    ) -> list[Result]:
        """Each figure, or in its place why it cannot be given where the period begins before
        this year's returns (`indicators.coverage`)."""
        from sightline import indicators
        from sightline.indicators import coverage

        return [
            coverage.given(now, before, indicators.get(r.indicator), period, r) for r in results
        ]

    def children_behind(
        self, indicator_id: str, period: Period, only_numerator: bool = False
    ) -> pa.Table:
        """The rows (children, referrals, episodes) behind one indicator's figure, cached per
        snapshot set like the figure itself (a warm worker opens no dataset to list them)."""
        from sightline import indicators

        year = period.collection_year if period.kind == "year" else None
        try:
            indicators.get(indicator_id)
            if not self.snapshot_ids(year):
                self.dataset(year)  # says plainly what is missing
            return self.cached(
                ("children_behind", self.snapshot_ids(year), indicator_id, period, only_numerator),
                lambda: indicators.children_behind(
                    self.dataset(year), indicator_id, period, only_numerator
                ),
            )
        except (indicators.IndicatorError, KeyError) as error:
            raise WorkspaceError(str(error.args[0])) from None

    def allocated_teams(self, year: int | None = None) -> dict[str, str]:
        """Each child's allocated team in a year's dataset (the scope of a team manager), cached
        per snapshot set: every list of children filters by it."""
        from sightline import timeline

        return self.cached(
            ("allocated_teams", self.snapshot_ids(year)),
            lambda: timeline.allocated_teams(self.dataset(year)),
        )

    # --- compliance ---------------------------------------------------------------------------
    def standards(self, path: Path | None = None) -> Standards:
        from sightline.compliance import Standards, StandardsError

        try:
            return Standards.load(path or self.config.standards)
        except StandardsError as error:
            raise WorkspaceError(str(error)) from None

    def due(self, today: dt.date | None = None, standards: Path | None = None) -> Due:
        """Every open case's due events at a date (default `today()`), from the newest snapshots."""
        from sightline.compliance import due_list

        data = self.dataset()
        day = today or self.today()
        chosen = standards or self.config.standards
        rules = self.standards(chosen)
        table = self.cached(
            ("due", data.all_snapshot_ids, day, str(chosen or "")),
            lambda: due_list(data, day, rules),
        )
        return Due(day, table, tuple(data.snapshot_ids))

    def timeliness(self, period: Period) -> pa.Table:
        """Assessments and ICPCs in DfE's timeliness bands over a period."""
        from sightline.compliance import timeliness

        return timeliness(self.dataset_for(period), period)

    # --- benchmarks ---------------------------------------------------------------------------
    def benchmark_council(self) -> str:
        """The published council benchmarks compare with (a synthetic council names its model)."""
        return self.config.benchmark_council or self.council

    def own_figures(self, indicator_ids: Sequence[str]) -> dict[str, dict[int, float | None]]:
        """indicator id -> {published year: the council's own value} for every year it holds."""
        from sightline.benchmarks.own import own_figures
        from sightline.returns import formats

        years: set[int] = set()
        for snapshot in self.snapshots(council=self.council):
            if not formats.is_case_return(snapshot.return_):  # a census year sits in the year to
                # the next 31 March (the workforce census, figures at 30 September)
                years.update(
                    int(y) + 1
                    for y in snapshot.read_table("csww_council_figures")["year"].to_pylist()
                    if y
                )
            elif snapshot.year:
                years.add(snapshot.year)
        return own_figures(self.dataset_or_none, sorted(years), indicator_ids)

    def benchmarks(
        self, ids: Sequence[str] = (), model: str = "2025", own: bool = True
    ) -> Benchmarks:
        """The council's published figures beside England, its region and its neighbours (and its
        own figures from its snapshots, when it has any)."""
        from sightline import benchmarks

        try:
            this = benchmarks.council(self.council)
            chosen = list(ids) or [i.id for i in benchmarks.available_indicators()]
            figures = self.own_figures(chosen) if own and self.snapshots(council=this.code) else {}
            return Benchmarks(
                this, [benchmarks.compare(this.code, i, figures.get(i), model) for i in chosen]
            )
        except (benchmarks.PublishedError, KeyError) as error:
            raise WorkspaceError(str(error.args[0])) from None

    # --- results cached per snapshot set ------------------------------------------------------
    def cached(self, key: Hashable, compute: Callable[[], T]) -> T:
        """A value computed once per key: kept in memory for the process and on disk for every
        process. The key must name every snapshot the value depends on."""
        return _RESULTS.get(self.home if self.config.result_cache else None, key, compute)

    def clear_cache(self) -> None:
        """Forget in-memory results and close the datasets (the disk cache is keyed on snapshot ids,
        so it never needs clearing)."""
        _RESULTS.clear()
        self.close()


class _Results:
    """Results per key: an in-memory LRU for the process, then pickles under the home's cache."""

    def __init__(self) -> None:
        self._memory: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, home: Path | None, key: Hashable, compute: Callable[[], T]) -> T:
        memory_key = (str(home), key)
        with self._lock:
            if memory_key in self._memory:
                self._memory.move_to_end(memory_key)
                return self._memory[memory_key]  # type: ignore[no-any-return]
        path = _cache_path(home, key) if home is not None else None
        value: Any = _MISSING
        if path is not None and path.exists():
            try:
                value = pickle.loads(path.read_bytes())  # our own file, in our home
            except Exception:  # a damaged cache file is recomputed, never fatal
                value = _MISSING
        if value is _MISSING:
            value = compute()
            if path is not None:
                try:
                    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
                except (pickle.PicklingError, TypeError, AttributeError):
                    data = None  # kept in memory only
                if data is not None:
                    _write_atomically(path, data)
        with self._lock:
            self._memory[memory_key] = value
            while len(self._memory) > RESULTS_KEPT:
                self._memory.popitem(last=False)
        return value  # type: ignore[no-any-return]

    def clear(self) -> None:
        with self._lock:
            self._memory.clear()


_MISSING = object()
_RESULTS = _Results()


def _cache_path(home: Path, key: Hashable) -> Path:
    digest = hashlib.sha256(f"{code_fingerprint()}|{key!r}".encode()).hexdigest()
    return home / "cache" / "results" / digest[:2] / f"{digest}.pickle"


def _write_atomically(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
        tmp.write_bytes(data)
        os.replace(tmp, path)  # readers see the whole file or none
    except OSError:
        pass  # a read-only home still serves: the value is just not kept on disk


_fingerprint: str | None = None


SKIPPED = {"web", "bench", "specs", "published", "__pycache__"}  # not what results are computed by


def code_fingerprint() -> str:
    """A digest of the engine's source (names, sizes, modification times): results computed by
    other code are never reused."""
    global _fingerprint  # computed once per process
    if _fingerprint is None:
        package = Path(__file__).resolve().parent
        digest = hashlib.sha256()
        for folder, subfolders, files in os.walk(package):
            subfolders[:] = sorted(d for d in subfolders if d not in SKIPPED)
            for name in sorted(files):
                if name.endswith((".py", ".sql", ".yaml")):
                    stat = os.stat(os.path.join(folder, name))
                    where = os.path.relpath(os.path.join(folder, name), package)
                    digest.update(f"{where}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
        _fingerprint = digest.hexdigest()[:16]
    return _fingerprint
