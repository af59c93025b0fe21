"""The peak memory a capped job reports is the job's own, never its parent's."""

from __future__ import annotations

from sightline.jobs import Limits, run_capped


def test_a_small_job_started_by_a_large_parent_reports_its_own_small_peak():
    # The worker (or a test process) may hold hundreds of MB; the kernel's ru_maxrss of a freshly
    # started process carries its parent's peak over the fork and exec, so it is not the job's.
    held = bytearray(400 * 1024 * 1024)
    for i in range(0, len(held), 4096):
        held[i] = 1
    outcome = run_capped(
        "sightline.jobs.probes:wait", {"seconds": 0.05}, limits=Limits(1024**3, 60)
    )
    assert outcome.ok
    assert 0 < outcome.peak_rss_bytes < 300 * 1024 * 1024
    del held


def test_a_job_that_holds_memory_reports_it():
    outcome = run_capped(
        "sightline.jobs.probes:hold_memory", {"megabytes": 200}, limits=Limits(1024**3, 60)
    )
    assert outcome.ok and outcome.peak_rss_bytes > 200 * 1024 * 1024
