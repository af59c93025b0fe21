"""Synthetic council generation: throughput (children per second) and peak memory, for a council
of 10,000 children and for an England-sized year (about 650,000 referrals)."""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

from sightline.synth.council import Request, generate


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(label: str, request_args: dict[str, int]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        council = generate(Request(out=Path(folder), years=[2025], **request_args))  # type: ignore[arg-type]
        seconds = time.perf_counter() - started
        made = council["generated"]
        in_census = council["cin_children"]["2025"]
        print(
            f"synth {label}: {in_census:,} children in the 2025 CIN census; "
            f"{made['children']:,} children and {made['referrals']:,} referrals simulated "
            f"(with two years of history and children already in care) in {seconds:.1f} s = "
            f"{made['children'] / seconds:,.0f} children simulated/s, "
            f"{in_census / seconds:,.0f} census children/s; peak memory so far {_peak_mib():,.0f} MiB",
            flush=True,
        )


def main() -> None:
    run("10,000 children", {"children": 10_000})
    if "--quick" not in sys.argv:
        run("England (650,000 referrals)", {"referrals": 650_000})


if __name__ == "__main__":
    main()
