"""Run every benchmark module in its own process and report its peak memory."""

from __future__ import annotations

import os
import pkgutil
import subprocess
import sys
import time

import sightline.bench as bench_package


def _modules(selected: list[str]) -> list[str]:
    names = sorted(
        m.name
        for m in pkgutil.iter_modules(bench_package.__path__)
        # compare*: `make compare`'s, run in the open validator's own environment
        if not m.name.startswith(("_", "compare"))
    )
    return [n for n in names if not selected or n in selected]


def main(argv: list[str]) -> int:
    failed = 0
    for name in _modules(argv):
        print(f"\n== {name} ==", flush=True)
        started = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-m", f"sightline.bench.{name}"])
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        code = os.waitstatus_to_exitcode(status)
        print(
            f"-- {name}: {elapsed:.1f} s wall, peak memory {usage.ru_maxrss / 1024:.0f} MiB, exit {code}"
        )
        failed += code != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
