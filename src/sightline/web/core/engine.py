"""The one place the web app reaches the engine: this thread's `Workspace` for the configured home.

The workspace is the engine's (`sightline.workspace`), the same object `sightline` commands build,
so the web shows the figures the command line gives for the same store, and chooses the council by
the same rule. A Dataset holds a DuckDB connection, which is not shared between threads, so each
web thread keeps its own workspace (its datasets stay open between requests); the snapshot index
and the results cache (memory, then `<home>/cache/results/` on disk, shared by every worker) are
the process's.
"""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

from django.conf import settings

from sightline.config import Config
from sightline.dataset import Dataset
from sightline.workspace import SnapshotIndex, Workspace

_local = threading.local()
CACHED_BY_DEFAULT = True


def _config() -> Config:
    """The engine's settings as Django holds them (tests override Django's settings). Built again
    only when one of them changes: every page asks for it many times."""
    raw = (
        settings.SIGHTLINE_HOME,
        settings.SIGHTLINE_COUNCIL,
        settings.SIGHTLINE_BENCHMARK_COUNCIL,
        settings.SIGHTLINE_TODAY,
        settings.SIGHTLINE_STANDARDS,
        settings.SIGHTLINE_MAX_UPLOAD_BYTES,
        getattr(settings, "SIGHTLINE_RESULT_CACHE", CACHED_BY_DEFAULT),
    )
    built: tuple[tuple, Config] | None = getattr(_local, "config", None)
    if built is not None and built[0] == raw:
        return built[1]
    home, council_code, benchmark_council, today, standards, max_upload, result_cache = raw
    cfg = Config(
        home=Path(home),
        council=council_code or None,
        benchmark_council=benchmark_council or None,
        today=dt.date.fromisoformat(today) if isinstance(today, str) else today,
        standards=Path(standards) if standards else None,
        max_upload_bytes=max_upload,
        result_cache=result_cache,
    )
    _local.config = (raw, cfg)
    return cfg


def workspace() -> Workspace:
    """This thread's workspace (rebuilt when the settings it was built from change)."""
    cfg = _config()
    current: Workspace | None = getattr(_local, "workspace", None)
    if current is None or current.config != cfg:
        if current is not None:
            current.close()
        current = Workspace(cfg.home, cfg.council, cfg)
        _local.workspace = current
    return current


def store() -> SnapshotIndex:
    """The snapshots of the home, for reading (cheap: re-read only when one is added)."""
    return workspace().index


def council(the_store: SnapshotIndex | None = None) -> str | None:
    """The council the app shows, by the workspace's one rule: SIGHTLINE_COUNCIL, else the only
    council the store holds (None when it holds none, or several and the setting names none)."""
    return workspace().council_or_none()


def council_problem() -> str:
    """Why the app shows no council although returns are imported, and what to do, in words for
    a web reader ("" when it shows one, or nothing is imported yet). The engine's own message
    names the command line's option; here the council is a setting of the deployment."""
    from sightline.web.core.templatetags.sightline import council_name

    work = workspace()
    if work.council_or_none() is not None:
        return ""
    held = sorted({s.council for s in work.snapshots() if s.council})
    if len(held) < 2:
        return ""
    return (
        f"The returns imported are for {len(held)} councils ("
        + ", ".join(council_name(code) for code in held)
        + ") and Sightline has not been set to show one of them, so no figures are shown. "
        "Ask your administrator to set the council this service shows."
    )


def years(the_store: SnapshotIndex, council_code: str) -> list[int]:
    """Collection years with at least one snapshot, oldest first."""
    return sorted({s.year for s in the_store.snapshots(council=council_code) if s.year})


def dataset(year: int | None = None) -> Dataset | None:
    """This thread's dataset over the latest snapshots (of a year), or None with no data."""
    work = workspace()
    if work.council_or_none() is None:
        return None
    return work.dataset_or_none(year)


def cached(key: object, compute):  # type: ignore[no-untyped-def]
    """A value computed once per key (keys must name the snapshot ids), shared by every worker."""
    return workspace().cached(key, compute)  # type: ignore[arg-type]


def clear_cache() -> None:
    workspace().clear_cache()


def today(data: Dataset | None = None) -> dt.date:
    """The date due lists are worked out at: SIGHTLINE_TODAY when set (demos), else today."""
    return workspace().today()
