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
from typing import Any

from django.conf import settings

from sightline.dataset import RETURNS, Dataset
from sightline.store import Snapshot, Store

_local = threading.local()
_cache: OrderedDict[Hashable, Any] = OrderedDict()
_cache_lock = threading.Lock()
CACHE_SIZE = 256
DATASETS_PER_THREAD = 8  # one per collection year the scorecard's trend reads


def store() -> Store:
    return Store(settings.SIGHTLINE_HOME)


def council(the_store: Store | None = None) -> str | None:
    """The council the app shows: the setting, else the council of the newest snapshot."""
    if settings.SIGHTLINE_COUNCIL:
        return str(settings.SIGHTLINE_COUNCIL)
    snapshots = (the_store or store()).snapshots()
    return snapshots[0].council if snapshots else None


def latest_snapshots(
    the_store: Store, council_code: str, year: int | None = None
) -> list[Snapshot]:
    """The latest snapshot of each return (of one collection year when given)."""
    found = []
    for return_ in RETURNS:
        snapshot = the_store.latest(return_, council_code, year=year)
        if snapshot is not None:
            found.append(snapshot)
    return found


def years(the_store: Store, council_code: str) -> list[int]:
    """Collection years with at least one snapshot, oldest first."""
    return sorted({s.year for s in the_store.snapshots(council=council_code) if s.year})


def dataset(year: int | None = None) -> Dataset | None:
    """This thread's dataset over the latest snapshots (of a year), or None with no data."""
    the_store = store()
    code = council(the_store)
    if code is None:
        return None
    snapshots = latest_snapshots(the_store, code, year)
    if not snapshots:
        return None
    key = (str(settings.SIGHTLINE_HOME), code, tuple(s.id for s in snapshots))
    datasets: OrderedDict = getattr(_local, "datasets", None) or OrderedDict()
    if key in datasets:
        datasets.move_to_end(key)
    else:
        datasets[key] = Dataset.from_snapshots(snapshots)
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
