"""Small jobs that show the worker's caps work (the tests run them; an operator can too)."""

from __future__ import annotations

import time
from collections.abc import Callable


def hold_memory(megabytes: int, progress: Callable[[float, str], None]) -> int:
    """Allocate and touch this much memory (a stand-in for a file that explodes when read)."""
    blocks = []
    for n in range(megabytes):
        blocks.append(bytearray(1024 * 1024))
        if n % 64 == 0:
            progress(n / megabytes, f"{n} MB held")
    return len(blocks)


def wait(seconds: float, progress: Callable[[float, str], None]) -> str:
    """Report progress for this long, then finish."""
    start = time.monotonic()
    while (elapsed := time.monotonic() - start) < seconds:
        progress(min(elapsed / seconds, 1.0), "waiting")
        time.sleep(0.05)
    return "finished"
