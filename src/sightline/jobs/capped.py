"""Run one job in a child process under a memory cap and a time cap.

The parent (the queue's worker) starts `python -m sightline.jobs.child` with a spec file; the
child lowers its own limits first (`resource.setrlimit`: address space and CPU seconds), asks the
kernel to kill it when its parent dies (`PR_SET_PDEATHSIG`: a worker killed mid-job takes its job
with it, never leaving an orphan writing), then imports and calls the job function. Progress comes
back through a small JSON file the child replaces atomically; the result through another. The
parent polls: it passes progress on, kills the child when the job is cancelled or over its wall
time, and turns every way a child can end into one plain outcome.

A job function takes keyword arguments (JSON values) and a `progress(fraction, stage)` callable,
and returns a JSON-serialisable value. What a job writes must be all or nothing by itself (the
importer's batches are): a kill can come at any instant.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DONE, FAILED, CANCELLED, OVER_MEMORY, OVER_TIME = "done", "failed", "cancelled", "memory", "time"
MEMORY_ENV = "SIGHTLINE_JOB_MEMORY_MB"
SECONDS_ENV = "SIGHTLINE_JOB_SECONDS"


@dataclass(frozen=True)
class Limits:
    # Address space, which Arrow and DuckDB reserve far beyond what they use: validating the 903
    # sample (every rule of the year, 2,675 children) peaks at 3.8 GB of it while its resident
    # memory stays under 350 MB. 6 GB leaves room; a resident cap (cgroups) would be tighter.
    memory_bytes: int = 6 * 1024**3
    seconds: float = 30 * 60  # wall time; CPU time is capped at the same number of seconds

    @classmethod
    def from_environment(cls) -> Limits:
        memory = os.environ.get(MEMORY_ENV, "")
        seconds = os.environ.get(SECONDS_ENV, "")
        return cls(
            memory_bytes=int(memory) * 1024**2 if memory.isdigit() else cls.memory_bytes,
            seconds=float(seconds) if seconds.replace(".", "", 1).isdigit() else cls.seconds,
        )


@dataclass(frozen=True)
class Capped:
    """How a capped job ended: `status` is one of DONE, FAILED, CANCELLED, OVER_MEMORY, OVER_TIME."""

    status: str
    value: Any = None
    message: str = ""  # plain words for the user when it did not finish
    peak_rss_bytes: int = 0  # the child's peak resident memory, as the kernel counted it

    @property
    def ok(self) -> bool:
        return self.status == DONE


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def run_capped(
    target: str,
    kwargs: dict[str, Any],
    *,
    limits: Limits | None = None,
    on_progress: Callable[[float, str], None] | None = None,
    should_cancel: Callable[[], bool] | None = None,
    poll_seconds: float = 0.2,
) -> Capped:
    """Run `target` ("package.module:function") with `kwargs` in a capped child process."""
    limits = limits or Limits.from_environment()
    with tempfile.TemporaryDirectory(prefix="sightline-job-") as folder:
        work = Path(folder)
        spec = {
            "target": target,
            "kwargs": kwargs,
            "memory_bytes": limits.memory_bytes,
            "cpu_seconds": max(1, int(limits.seconds)),
            "parent": os.getpid(),
            "progress": str(work / "progress.json"),
            "result": str(work / "result.json"),
        }
        (work / "spec.json").write_text(json.dumps(spec), encoding="utf-8")
        child = subprocess.Popen(
            [sys.executable, "-m", "sightline.jobs.child", str(work / "spec.json")],
            stdin=subprocess.DEVNULL,
            stderr=open(work / "stderr.txt", "wb"),  # noqa: SIM115 (closed with the folder)
        )
        started = time.monotonic()
        last_progress = None
        ended_by = ""
        while True:
            try:
                child.wait(timeout=poll_seconds)
                break
            except subprocess.TimeoutExpired:
                pass
            progress = _read_json(work / "progress.json")
            if on_progress and progress and progress != last_progress:
                last_progress = progress
                on_progress(float(progress["fraction"]), str(progress["stage"]))
            if should_cancel and should_cancel():
                ended_by = CANCELLED
            elif time.monotonic() - started > limits.seconds:
                ended_by = OVER_TIME
            if ended_by:
                child.kill()
                child.wait()
                break
        result = _read_json(work / "result.json") or {}
        peak = int(result.get("peak_rss_bytes", 0))
        if ended_by == CANCELLED:
            return Capped(CANCELLED, message="The job was cancelled; nothing of it was kept.")
        if ended_by == OVER_TIME or child.returncode == -signal.SIGXCPU:
            return Capped(
                OVER_TIME,
                message=f"The job took longer than its limit of {limits.seconds:,.0f} seconds and "
                "was stopped; nothing of it was kept.",
            )
        if result.get("status") == DONE:
            return Capped(DONE, value=result.get("value"), peak_rss_bytes=peak)
        if result.get("status") == OVER_MEMORY or child.returncode in (
            -signal.SIGKILL,
            -signal.SIGSEGV,
            -signal.SIGABRT,
        ):
            return Capped(
                OVER_MEMORY,
                message=f"The job needed more than its memory limit of "
                f"{limits.memory_bytes // 1024**2:,} MB and was stopped; nothing of it was kept.",
                peak_rss_bytes=peak,
            )
        detail = result.get("message") or (work / "stderr.txt").read_text(errors="replace")[-500:]
        return Capped(
            FAILED,
            message=f"The job stopped unexpectedly ({detail.strip() or child.returncode}).",
            peak_rss_bytes=peak,
        )
