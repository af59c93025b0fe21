"""How fast the 903 validation is, each figure beside its peer or floor in the same run.

A synthetic council's 903 return (two years, so the rules that compare with last year run),
scaled to about 5,000 and 50,000 children looked after (its rows repeated with new CHILD IDs: the rules'
work per child is the same). For each size:
- in process, as a running server does it: read the tables as written, every rule of the year,
  the findings table;
- as a whole process: `sightline validate <folder> --last <last year>`;
- the floor: pyarrow reading the same CSV files as strings (nothing can check them faster than
  reading them);
- the open validator (csc-validator-be-903, in `make compare`'s own environment, when installed),
  whole process, at 5,000 children (at 50,000 it takes longer than this benchmark should).
"""

from __future__ import annotations

import csv
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SIZES = (5_000, 50_000)


def _council(folder: Path) -> tuple[Path, Path]:
    from sightline.synth.council import Request, generate

    generate(Request(out=folder, seed=3, years=[2024, 2025], children=5_000))
    return folder / "ssda903" / "2025", folder / "ssda903" / "2024"


def _scaled(source: Path, target: Path, copies: int) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for path in source.glob("*.csv"):
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        header, body = rows[0], rows[1:]
        child = header.index("CHILD") if "CHILD" in header else None
        with (target / path.name).open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(header)
            for n in range(copies):
                for row in body:
                    if child is not None and n:
                        row = [*row[:child], f"{row[child]}-{n}", *row[child + 1 :]]
                    writer.writerow(row)
    return target


def _floor(folder: Path) -> float:
    import pyarrow as pa
    import pyarrow.csv as pacsv

    started = time.perf_counter()
    for path in folder.glob("*.csv"):
        with path.open(encoding="utf-8") as handle:
            names = handle.readline().strip().split(",")
        pacsv.read_csv(
            path,
            convert_options=pacsv.ConvertOptions(column_types=dict.fromkeys(names, pa.string())),
        )
    return time.perf_counter() - started


def _whole(command: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds (user and system) of a whole process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, capture_output=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def main() -> None:
    from sightline.bench.compare_903 import COUNCIL, RUNNER, VALIDATOR, compiled, ruleset
    from sightline.returns.ssda903.validation import files_of, validate_903_files

    compiled()
    with tempfile.TemporaryDirectory() as tmp:
        this_year, last_year = _council(Path(tmp) / "council")
        print("Load average (1, 5, 15 minutes): " + ", ".join(f"{n:.1f}" for n in os.getloadavg()))
        print(
            f"{'Children':>9} {'in process (CPU)':>18} {'whole (CPU)':>16} {'floor':>8} "
            f"{'open validator, whole (CPU)':>30}  rules run"
        )
        with (this_year / "header.csv").open(encoding="utf-8") as handle:
            looked_after = sum(1 for _ in handle) - 1  # the 903 holds the children looked after
        for size in SIZES:
            copies = max(1, round(size / looked_after))
            now = _scaled(this_year, Path(tmp) / f"{size}" / "2025", copies)
            before = _scaled(last_year, Path(tmp) / f"{size}" / "2024", copies)
            started, cpu = time.perf_counter(), time.process_time()
            result = validate_903_files([now], 2025, [before])
            inside, inside_cpu = time.perf_counter() - started, time.process_time() - cpu
            whole, whole_cpu = _whole([
                sys.executable, "-m", "sightline.cli", "validate", str(now), "--year", "2025",
                "--last", str(before),
            ])  # fmt: skip
            floor = _floor(now)
            theirs = "not run"
            if VALIDATOR.exists() and size <= 5_000:
                seconds, seconds_cpu = _whole([
                    str(VALIDATOR), str(RUNNER), ",".join(map(str, files_of([now]))),
                    ",".join(map(str, files_of([before]))), ruleset(2025), COUNCIL,
                    str(Path(tmp) / "v.json"),
                ])  # fmt: skip
                theirs = (
                    f"{seconds:.1f} s ({seconds_cpu:.1f} s), {seconds / whole:.1f}x "
                    f"({seconds_cpu / whole_cpu:.1f}x)"
                )
            print(
                f"{result.children:>9,} {inside:>7.2f} s ({inside_cpu:.2f} s) "
                f"{whole:>6.2f} s ({whole_cpu:.2f} s) {floor:>6.2f} s "
                f"{theirs:>30}  {result.rules - len(result.not_run)} of {result.rules}",
                flush=True,
            )


if __name__ == "__main__":
    main()
