"""Time every indicator, two breakdowns and the compliance list over prepared snapshot copies.

Run as a script by `sightline.bench.indicators` with any checkout's interpreter (this one's, or an
earlier checkout's, to compare the code before and after on the same data in the same minutes):
it uses only the engine's public calls. Prints one line of JSON: the figures, and a digest of
every result so two checkouts' outputs can be compared exactly.

    python _indicators_runner.py DATA_FOLDER RESULTS_FILE
"""

from __future__ import annotations

import sys
from pathlib import Path

# run as a script: this folder is not a package root, and nothing here may shadow a module
if sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
    sys.path.pop(0)

import datetime as dt
import hashlib
import json
import resource
import time
from dataclasses import dataclass, field
from typing import Any

TODAY = "2025-03-31"
BREAKDOWNS = ("team", "age_band")


@dataclass
class CopiedSnapshot:
    id: str
    manifest: dict[str, Any]
    folder: Path
    tables: list[str] = field(default_factory=list)

    def table_path(self, name: str) -> Path:
        return self.folder / f"{name}.parquet"


def snapshots(folder: Path, kind: str) -> list[CopiedSnapshot]:
    found = []
    for manifest in sorted((folder / kind).glob("*/manifest.json")):
        found.append(
            CopiedSnapshot(manifest.parent.name, json.loads(manifest.read_text()), manifest.parent)
        )
    return found


def bare_scan(copied: list[CopiedSnapshot]) -> tuple[float, float]:
    """The floor: DuckDB reading every column of every Parquet file the dataset reads, once
    (wall and CPU seconds)."""
    import duckdb

    con = duckdb.connect()
    wall, cpu = time.perf_counter(), time.process_time()
    for snapshot in copied:
        for path in sorted(snapshot.folder.glob("*.parquet")):
            con.execute("SELECT * FROM read_parquet(?)", [str(path)]).fetch_arrow_table()
    return time.perf_counter() - wall, time.process_time() - cpu


def _rows(results: list[Any]) -> list[dict[str, Any]]:
    return [r.as_row() for r in results]


def main(folder: Path, results_file: Path) -> None:
    from sightline import compliance, indicators
    from sightline.dataset import Dataset

    latest, previous = snapshots(folder, "latest"), snapshots(folder, "previous")
    scan_s, scan_cpu = bare_scan([*latest, *previous])
    timed: dict[str, tuple[float, float]] = {}

    def clock(name: str, wall: float, cpu: float) -> None:
        timed[name] = (time.perf_counter() - wall, time.process_time() - cpu)

    wall, cpu = time.perf_counter(), time.process_time()
    dataset = Dataset.from_snapshots(latest, previous)
    clock("open", wall, cpu)
    referrals = dataset.query(
        "SELECT count(*) AS n FROM ssd_cin_episodes "
        "WHERE cine_referral_date BETWEEN DATE '2024-04-01' AND DATE '2025-03-31'"
    )["n"][0].as_py()
    children = dataset.query("SELECT count(DISTINCT pers_person_id) AS n FROM ssd_person")["n"][
        0
    ].as_py()
    period = indicators.Period.year(2025)
    wall, cpu = time.perf_counter(), time.process_time()
    headline = indicators.run(dataset, period)
    clock("indicators", wall, cpu)
    wall, cpu = time.perf_counter(), time.process_time()
    broken = [indicators.run(dataset, period, b) for b in BREAKDOWNS]
    clock("two_breakdowns", wall, cpu)
    wall, cpu = time.perf_counter(), time.process_time()
    due = compliance.due_list(dataset, dt.date.fromisoformat(TODAY))
    clock("compliance", wall, cpu)
    rows = _rows(headline) + [row for results in broken for row in _rows(results)]
    text = json.dumps(rows, sort_keys=True, default=str)
    results_file.write_text(text)
    figures: dict[str, Any] = {
        "referrals_in_year": referrals,
        "children": children,
        "indicators": len(headline),
        "breakdown_rows": sum(len(b) for b in broken),
        "due_rows": due.num_rows,
        "scan_s": round(scan_s, 3),
        "scan_cpu_s": round(scan_cpu, 3),
        "results_sha256": hashlib.sha256(text.encode()).hexdigest(),
        "peak_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }
    for name, (w, c) in timed.items():
        figures[f"{name}_s"] = round(w, 2)
        figures[f"{name}_cpu_s"] = round(c, 2)
    print(json.dumps(figures))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
