"""A job runs in a child process with a memory and a time cap, reports progress, can be cancelled,
and dies with its worker."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from sightline.jobs import Limits, run_capped
from sightline.jobs.capped import CANCELLED, DONE, OVER_MEMORY, OVER_TIME

GIB = 1024**3


def test_a_job_that_finishes_returns_its_value_and_reports_progress():
    seen = []
    result = run_capped(
        "sightline.jobs.probes:wait",
        {"seconds": 0.6},
        on_progress=lambda f, s: seen.append(f),
        limits=Limits(memory_bytes=2 * GIB, seconds=60),
    )
    assert result.status == DONE and result.value == "finished"
    assert seen and all(0 <= f <= 1 for f in seen)


def test_a_job_over_its_memory_cap_is_stopped_with_a_plain_message():
    result = run_capped(
        "sightline.jobs.probes:hold_memory",
        {"megabytes": 1500},
        limits=Limits(memory_bytes=800 * 1024**2, seconds=60),
    )
    assert result.status == OVER_MEMORY
    assert "memory limit of 800 MB" in result.message
    assert 0 < result.peak_rss_bytes < 800 * 1024**2


def test_a_job_over_its_time_is_stopped():
    result = run_capped(
        "sightline.jobs.probes:wait",
        {"seconds": 30},
        limits=Limits(memory_bytes=2 * GIB, seconds=1),
    )
    assert result.status == OVER_TIME and "longer than its limit" in result.message


def test_a_cancelled_job_is_stopped():
    asked = time.monotonic()
    result = run_capped(
        "sightline.jobs.probes:wait",
        {"seconds": 30},
        should_cancel=lambda: time.monotonic() - asked > 0.5,
        limits=Limits(memory_bytes=2 * GIB, seconds=60),
    )
    assert result.status == CANCELLED


def _children(pid: int) -> list[int]:
    found = []
    for task in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{task}/children") as handle:
            found += [int(p) for p in handle.read().split()]
    return found


def test_a_worker_killed_mid_job_takes_its_child_with_it():
    script = (
        "from sightline.jobs import Limits, run_capped\n"
        "run_capped('sightline.jobs.probes:wait', {'seconds': 60}, limits=Limits(seconds=120))\n"
    )
    worker = subprocess.Popen([sys.executable, "-c", script])
    for _ in range(200):
        children = _children(worker.pid)
        if children:
            break
        time.sleep(0.05)
    [child] = children
    time.sleep(0.5)  # let the child set its death signal
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait()
    for _ in range(100):
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            break
        time.sleep(0.05)
    else:
        raise AssertionError("the job's child outlived its worker")
