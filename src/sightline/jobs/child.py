"""The capped child of `capped.run_capped`: limits first, then the job (see that module)."""

from __future__ import annotations

import ctypes
import importlib
import json
import os
import resource
import signal
import sys
import traceback
from pathlib import Path
from typing import Any

PR_SET_PDEATHSIG = 1


def _die_with_parent(parent: int) -> None:
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except OSError:  # not Linux: the parent's poll still kills us on cancel or time-out
        return
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _write_atomic(path: Path, value: Any) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(value, default=str), encoding="utf-8")
    os.replace(tmp, path)


def _peak_rss() -> int:
    """This process's own peak resident memory, in bytes.

    Not `getrusage(RUSAGE_SELF).ru_maxrss`: Linux keeps that across fork and exec, so a child
    started by a worker (or a test process) holding 500 MB reports 500 MB however little it used.
    `VmHWM` is the high-water mark of this process's own address space, new at exec."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024  # kB
    except (OSError, ValueError, IndexError):
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # not Linux: the best known


def main(spec_path: str) -> None:
    spec = json.loads(Path(spec_path).read_text(encoding="utf-8"))
    _die_with_parent(int(spec["parent"]))
    memory = int(spec["memory_bytes"])
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    cpu = int(spec["cpu_seconds"])
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
    result_path, progress_path = Path(spec["result"]), Path(spec["progress"])

    def progress(fraction: float, stage: str) -> None:
        _write_atomic(progress_path, {"fraction": round(fraction, 3), "stage": stage})

    try:
        module, _, name = spec["target"].partition(":")
        function = getattr(importlib.import_module(module), name)
        value = function(**spec["kwargs"], progress=progress)
    except MemoryError:
        _write_atomic(result_path, {"status": "memory", "peak_rss_bytes": _peak_rss()})
        os._exit(3)
    except BaseException as error:  # reported to the parent, which says it plainly
        traceback.print_exc()
        _write_atomic(
            result_path,
            {
                "status": "failed",
                "message": f"{type(error).__name__}: {error}",
                "peak_rss_bytes": _peak_rss(),
            },
        )
        os._exit(2)
    _write_atomic(result_path, {"status": "done", "value": value, "peak_rss_bytes": _peak_rss()})


if __name__ == "__main__":
    main(sys.argv[1])
