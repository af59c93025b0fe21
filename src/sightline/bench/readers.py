"""How fast the readers are, against the best-known open validator's reader.

That reader appends child by child and takes about 33 s to read a CIN file of 5,000 children.
Ours must be at least 100 times faster (under 0.33 s) and stay linear up to an England-sized file
(about 650,000 referrals a year).

The files come from the synthetic generator (`sightline synth`): a council of 5,000 children
referred in the year; its first 5,000 children are the 5,000-child file. Bigger files repeat those
children with new IDs (generating 650,000 referrals from scratch takes far longer than reading
them, and the reader's work per child is the same). Each size is read in its own process so its
peak memory is its own. The 903 sample and a synthetic 903 folder are timed too.
"""

from __future__ import annotations

import json
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

VALIDATOR_SECONDS_FOR_5000 = 33.0
ENGLAND_REFERRALS = 650_000
CHILD = re.compile(rb"<Child>.*?</Child>", re.S)
CHILD_ID = re.compile(rb"<LAchildID>([^<]*)</LAchildID>")


def _synthetic_council(folder: Path) -> Path:
    from sightline.synth.council import Request, generate

    generate(Request(out=folder, seed=1, years=[2025], children=5_000))
    return folder


def _cin_files(council: Path, folder: Path) -> list[tuple[Path, int]]:
    """The 5,000-child file and copies scaled up to an England-sized one: (path, copies)."""
    source = next((council / "cin").glob("*.xml")).read_bytes()
    children = CHILD.findall(source)[:5_000]
    head = source[: source.index(b"<Child>")]
    tail = source[source.rindex(b"</Child>") + len(b"</Child>") :]
    referrals = sum(c.count(b"<CINdetails>") for c in children)
    england = max(1, round(ENGLAND_REFERRALS / referrals))
    files = []
    for copies in sorted({1, 4, 16, england}):
        path = folder / f"cin_{copies}x.xml"
        with path.open("wb") as out:
            out.write(head)
            for n in range(copies):
                suffix = b"" if n == 0 else b"-%d" % n
                for child in children:
                    out.write(CHILD_ID.sub(rb"<LAchildID>\1" + suffix + rb"</LAchildID>", child))
            out.write(tail)
        files.append((path, copies))
    return files


def peak_mib() -> float:
    """This process's own peak resident memory (VmHWM: ru_maxrss would include the parent's)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_cin(path: str) -> None:
    """Run in a child process: read one file, print its figures as JSON."""
    from sightline.returns.cin.read import read_cin

    started, cpu_started = time.perf_counter(), time.process_time()
    result = read_cin(Path(path))
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    peak = peak_mib()
    print(
        json.dumps(
            {
                "seconds": elapsed,
                "cpu": cpu,
                "children": result.tables["ssd_person"].num_rows,
                "referrals": result.tables["ssd_cin_episodes"].num_rows,
                "problems": len(result.problems),
                "peak_mib": peak,
            }
        )
    )


def _in_child_process(function: str, path: Path) -> dict[str, float]:
    output = subprocess.run(
        [sys.executable, "-m", "sightline.bench.readers", function, str(path)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    figures: dict[str, float] = json.loads(output.strip().splitlines()[-1])
    return figures


def measure_903(path: str) -> None:
    from sightline.returns.ssda903.read import read_903_csvs

    folder = Path(path)
    started = time.perf_counter()
    read_903_csvs(sorted(folder.glob("*.csv")))
    first = time.perf_counter() - started  # includes loading the year's specification
    started = time.perf_counter()
    result = read_903_csvs(sorted(folder.glob("*.csv")))
    elapsed = time.perf_counter() - started
    print(
        json.dumps(
            {
                "first": first,
                "seconds": elapsed,
                "episodes": result.tables["ssd_cla_episodes"].num_rows,
                "children": result.tables["ssd_person"].num_rows,
                "peak_mib": peak_mib(),
            }
        )
    )


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="sightline-bench-") as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        council = _synthetic_council(folder / "council")
        print(f"synthetic council generated in {time.perf_counter() - started:.1f} s")
        print("CIN census reader (each size in its own process):")
        print(f"{'children':>9} {'referrals':>9} {'MiB file':>9} {'seconds':>8} {'cpu s':>7} "
              f"{'children/s':>11} {'s per 1k ref':>12} {'peak MiB':>9}")  # fmt: skip
        base_per_referral = None
        for path, _copies in _cin_files(council, folder):
            figures = _in_child_process("cin", path)
            per_referral = figures["seconds"] / figures["referrals"]
            base_per_referral = base_per_referral or per_referral
            print(
                f"{figures['children']:>9,.0f} {figures['referrals']:>9,.0f} "
                f"{path.stat().st_size / 2**20:>9.0f} {figures['seconds']:>8.3f} {figures['cpu']:>7.3f} "
                f"{figures['children'] / figures['seconds']:>11,.0f} "
                f"{per_referral * 1000:>12.4f} {figures['peak_mib']:>9.0f}"
            )
            if figures["children"] == 5_000:
                ratio = VALIDATOR_SECONDS_FOR_5000 / figures["seconds"]
                print(
                    f"  5,000 children: {figures['seconds']:.3f} s; 33 s / ours = {ratio:,.0f} "
                    f"times faster (target at least 100, i.e. under 0.33 s); on CPU time "
                    f"{VALIDATOR_SECONDS_FOR_5000 / figures['cpu']:,.0f} times (steadier when "
                    "the machine is shared)"
                )
            path.unlink()
        print("  linear: seconds per 1,000 referrals stays flat as the file grows (see column)")
        print("SSDA903 CSV reader:")
        folders: list[tuple[str, Path | None]] = [
            ("synthetic 903 folder", next((council / "ssda903").iterdir())),
            ("sample 903 folder", _sample_903()),
        ]
        for name, folder_903 in folders:
            if folder_903 is None:
                continue
            figures = _in_child_process("903", folder_903)
            print(
                f"  {name}: {figures['episodes']:,.0f} episodes, {figures['children']:,.0f} "
                f"children in {figures['seconds']:.3f} s ({figures['first']:.3f} s the first time "
                f"in a process, loading the specification), peak {figures['peak_mib']:.0f} MiB"
            )


def _sample_903() -> Path | None:
    from sightline.paths import samples

    folder = samples() / "ssda903"
    return folder if folder.exists() else None


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "cin":
        measure_cin(sys.argv[2])
    elif len(sys.argv) == 3 and sys.argv[1] == "903":
        measure_903(sys.argv[2])
    else:
        main()
