"""Parts of pages kept rendered in the process: the scorecard's tables, a page of the work list.

A fragment is keyed on everything it shows: the snapshot set its figures come from, the reader's
scope and suppression, and the rows themselves (the rows a reader may see, as plain values). Two
readers share a rendering only when the key is the same, that is when the part would be the same
for both; a reader whose scope is narrower gets other rows, so another key. Rendering a template
is most of what these pages cost once their figures are cached (a `{% url %}` and a few filters a
row), so a page shown again renders only what is around the fragment.

Kept per process, newest used last, at most `KEPT` of them (each tens of kilobytes, a page of
children a hundred or two): a worker's memory stays bounded (tens of megabytes at worst) whatever
the number of readers and filters.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

T = TypeVar("T")
KEPT = 256

_kept: OrderedDict[Hashable, object] = OrderedDict()
_lock = threading.Lock()
_counts = {"rendered": 0, "reused": 0}


def kept(key: Hashable, render: Callable[[], T]) -> T:
    """The value for `key`, rendered once (two threads may both render it the first time: the
    same key gives the same value, so either is kept)."""
    try:
        hash(key)
    except TypeError:  # a value that cannot be a key (a list in a row): rendered each time
        return render()
    with _lock:
        if key in _kept:
            _kept.move_to_end(key)
            _counts["reused"] += 1
            return _kept[key]  # type: ignore[return-value]
    value = render()
    with _lock:
        _counts["rendered"] += 1
        _kept[key] = value
        while len(_kept) > KEPT:
            _kept.popitem(last=False)
    return value


def counts() -> dict[str, int]:
    """How many fragments were rendered and how many reused (tests count them)."""
    with _lock:
        return dict(_counts)


def clear() -> None:
    with _lock:
        _kept.clear()
