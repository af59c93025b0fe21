"""The one place the web app reaches the engine's data: the store, the council, its datasets.

A Dataset holds a DuckDB connection, which is not shared between threads: each web thread keeps
its own, rebuilt when a new snapshot arrives. Results that are costly and depend only on the
snapshots (the scorecard, due lists) are cached per process, keyed by the snapshot ids, so a new
import is picked up on the next request and an old figure is never shown for new data.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any

from django.conf import settings

from sightline.dataset import RETURNS, Dataset, store_snapshots
from sightline.store import Snapshot, Store, StoreError

_local = threading.local()
_cache: OrderedDict[Hashable, Any] = OrderedDict()
_cache_lock = threading.Lock()
CACHE_SIZE = 256
DATASETS_PER_THREAD = 8  # one per collection year the scorecard's trend reads


class SnapshotIndex:
    """The store's snapshots, read once and kept until a snapshot is added (the folder changes).

    It answers the store's read questions (`snapshots`, `latest`, `get`) without reading every
    manifest again on each request. Imports write through a real `Store` (`writable_store`).
    """

    def __init__(self, home: Path, snapshots: list[Snapshot]) -> None:
        self.home = home
        self._all = snapshots
        self._by_id = {s.id: s for s in snapshots}

    def snapshots(self, return_: str | None = None, council: str | None = None) -> list[Snapshot]:
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
        if snapshot_id not in self._by_id:
            raise StoreError(f"There is no snapshot {snapshot_id!r}.")
        return self._by_id[snapshot_id]


_index_lock = threading.Lock()
_index: dict[Path, tuple[tuple[int, int] | None, SnapshotIndex]] = {}


def store() -> SnapshotIndex:
    """The snapshots of the home, for reading (cheap: re-read only when one is added)."""
    home = Path(settings.SIGHTLINE_HOME)
    stamp = Store.version_at(home)  # a batch's commit changes it too, not only a new folder
    with _index_lock:
        known = _index.get(home)
        if known is not None and known[0] == stamp:
            return known[1]
    snapshots = Store(home).snapshots() if stamp is not None else []
    for snapshot in snapshots:
        snapshot.manifest  # noqa: B018 - read once, here, not on every request
    index = SnapshotIndex(home, snapshots)
    with _index_lock:
        _index[home] = (stamp, index)
    return index


def writable_store() -> Store:
    return Store(settings.SIGHTLINE_HOME)


def council(the_store: SnapshotIndex | None = None) -> str | None:
    """The council the app shows: the setting, else the council of the newest snapshot."""
    if settings.SIGHTLINE_COUNCIL:
        return str(settings.SIGHTLINE_COUNCIL)
    snapshots = (the_store or store()).snapshots()
    return snapshots[0].council if snapshots else None


def latest_snapshots(
    the_store: SnapshotIndex, council_code: str, year: int | None = None
) -> list[Snapshot]:
    """The latest snapshot of each return (of one collection year when given)."""
    found = []
    for return_ in RETURNS:
        snapshot = the_store.latest(return_, council_code, year=year)
        if snapshot is not None:
            found.append(snapshot)
    return found


def years(the_store: SnapshotIndex, council_code: str) -> list[int]:
    """Collection years with at least one snapshot, oldest first."""
    return sorted({s.year for s in the_store.snapshots(council=council_code) if s.year})


def dataset(year: int | None = None) -> Dataset | None:
    """This thread's dataset over the latest snapshots (of a year), or None with no data.

    Built as `sightline indicators` builds it (`Dataset.from_store`): the year's snapshots plus
    the year before's CIN census and 903 for history (re-referrals, repeat plans, periods of care,
    reviews), so the web shows the figures the command line gives for the same store.
    """
    the_store = store()
    code = council(the_store)
    if code is None:
        return None
    snapshots, previous = store_snapshots(the_store, code, year)
    if not snapshots:
        return None
    key = (
        str(settings.SIGHTLINE_HOME),
        code,
        tuple(s.id for s in snapshots),
        tuple(s.id for s in previous),
    )
    datasets: OrderedDict = getattr(_local, "datasets", None) or OrderedDict()
    if key in datasets:
        datasets.move_to_end(key)
    else:
        datasets[key] = Dataset.from_snapshots(snapshots, previous)
        while len(datasets) > DATASETS_PER_THREAD:
            datasets.popitem(last=False)[1].close()
        _local.datasets = datasets
    return datasets[key]


def cached(key: Hashable, compute: Callable[[], Any]) -> Any:
    """A value computed once per key per process (keys must include the snapshot ids)."""
    with _cache_lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    value = compute()
    with _cache_lock:
        _cache[key] = value
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return value


def clear_cache() -> None:
    with _cache_lock:
        _cache.clear()
    for old in (getattr(_local, "datasets", None) or {}).values():
        old.close()
    _local.datasets = OrderedDict()


def today(data: Dataset | None = None) -> dt.date:
    """The date due lists are worked out at: SIGHTLINE_TODAY when set (demos), else today."""
    if settings.SIGHTLINE_TODAY:
        return dt.date.fromisoformat(settings.SIGHTLINE_TODAY)
    return dt.date.today()
