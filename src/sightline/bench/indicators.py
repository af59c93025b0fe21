"""How fast every indicator, two breakdowns and the compliance list are, for a council and England.

A council of 10,000 children referred in the year comes from the synthetic generator (two
collection years, so re-referrals and repeat plans have their history), imported into a store as
a council would import its returns. England-sized data (about 650,000 referrals a year) repeats
that council's snapshot tables with new child, worker and record IDs, written to Parquet as real
snapshots are. Both are made once and kept under `.bench/indicators/` (delete it to make them
again). Each size runs in its own process (`_indicators_runner.py`) so its peak memory is its own.

Every figure is shown beside the floor measured in the same process: a bare DuckDB scan of every
column of every Parquet file the dataset reads. With `BASELINE=/path/to/checkout` (a checkout with
its own `.venv`), that checkout's code runs over the same data in the same minutes, alternating
with this one's, and the two checkouts' results are compared exactly.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from sightline.paths import REPO

ENGLAND_REFERRALS = 650_000
COUNCIL_CHILDREN = 10_000
DATA = REPO / ".bench" / "indicators"
VERSION = "1"  # change to make the data again
RUNNER = Path(__file__).with_name("_indicators_runner.py")


def _council(folder: Path) -> Path:
    """Generate and import the 10,000-child council; returns the store's home."""
    from sightline.returns.importer import import_files
    from sightline.store import Store
    from sightline.synth.council import Request, generate

    out, home = folder / "synth", folder / "home"
    generate(Request(out=out, seed=1, years=[2024, 2025], children=COUNCIL_CHILDREN, la_code="999"))
    result = import_files(Store(home), [out])
    if not result.ok:
        raise SystemExit(f"the synthetic council did not import: {result.problems[:3]}")
    shutil.rmtree(out)
    return home


def _is_id(name: str) -> bool:
    return name.endswith("_id") or name == "person_id"


def _copies(home: Path, copies: int, folder: Path) -> None:
    """The council's snapshots repeated `copies` times with new IDs, as Parquet, each beside its
    manifest (`folder/latest/<id>/`, `folder/previous/<id>/`)."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    from sightline.store import Store

    store = Store(home)
    latest = [
        s
        for r in ("cin", "ssda903", "annex_a", "csww")
        if (s := store.latest(r, "999", 2025 if r != "csww" else None))
    ]
    previous = [s for r in ("cin", "ssda903") if (s := store.latest(r, "999", 2024))]
    for kind, snapshots in (("latest", latest), ("previous", previous)):
        for snap in snapshots:
            target = folder / kind / snap.id
            target.mkdir(parents=True)
            for name in snap.manifest.get("tables", {}):
                table = snap.read_table(name)
                if snap.manifest["return"] == "csww":
                    pq.write_table(table, target / f"{name}.parquet")
                    continue
                parts = []
                for i in range(copies):
                    columns = [
                        pc.binary_join_element_wise(pa.scalar(f"{i}-"), col, "")
                        if _is_id(n) and pa.types.is_string(col.type)
                        else col
                        for n, col in zip(table.column_names, table.columns, strict=True)
                    ]
                    parts.append(pa.Table.from_arrays(columns, schema=table.schema))
                pq.write_table(pa.concat_tables(parts), target / f"{name}.parquet")
            (target / "manifest.json").write_text(json.dumps(snap.manifest, default=str))


def _prepare() -> tuple[Path, Path, int, float]:
    """The council's and England's data folders (made once), England's copies, seconds taken."""
    root = DATA / f"v{VERSION}"
    council, england = root / "council", root / "england"
    started = time.perf_counter()
    if not (root / "done").exists():
        shutil.rmtree(root, ignore_errors=True)
        root.mkdir(parents=True)
        home = _council(root)
        _copies(home, 1, council)
        referrals = _referrals(council)
        copies = max(1, math.ceil(ENGLAND_REFERRALS / max(referrals, 1)))
        _copies(home, copies, england)
        (root / "done").write_text(json.dumps({"copies": copies}))
    copies = int(json.loads((root / "done").read_text())["copies"])
    return council, england, copies, time.perf_counter() - started


def _referrals(folder: Path) -> int:
    import duckdb

    (path,) = [
        p.with_name("ssd_cin_episodes.parquet")
        for p in (folder / "latest").glob("*/manifest.json")
        if json.loads(p.read_text()).get("return") == "cin"
    ]
    found = duckdb.sql(
        "SELECT count(*) FROM read_parquet(?) "
        "WHERE cine_referral_date BETWEEN DATE '2024-04-01' AND DATE '2025-03-31'",
        params=[str(path)],
    ).fetchone()
    return int(found[0]) if found else 0


def _measure(python: Path, folder: Path, results: Path) -> dict[str, Any]:
    output = subprocess.run(
        [str(python), str(RUNNER), str(folder), str(results)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    figures: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    return figures


def _ratio(figures: dict[str, Any], name: str) -> str:
    return f"{figures[f'{name}_s'] / max(figures['scan_s'], 1e-9):.1f}x"


def _line(label: str, f: dict[str, Any]) -> str:
    return (
        f"{label}: {f['indicators']} indicators {f['indicators_s']} s ({_ratio(f, 'indicators')} "
        f"the scan; CPU {f['indicators_cpu_s']} s), two breakdowns {f['two_breakdowns_s']} s "
        f"({_ratio(f, 'two_breakdowns')}; CPU {f['two_breakdowns_cpu_s']} s), compliance "
        f"({f['due_rows']:,} due events) {f['compliance_s']} s ({_ratio(f, 'compliance')}), "
        f"snapshots opened {f['open_s']} s; bare DuckDB scan of the same Parquet {f['scan_s']} s "
        f"(CPU {f['scan_cpu_s']} s); peak memory {f['peak_mib']} MiB"
    )


def main() -> None:
    council, england, copies, prepared = _prepare()
    print(f"data ready in {prepared:.1f} s (made once, kept under {DATA.relative_to(REPO)})")
    results = DATA / "results"
    results.mkdir(exist_ok=True)
    figures = _measure(Path(sys.executable), council, results / "council.json")
    print(
        f"council ({figures['referrals_in_year']:,} referrals in the year, "
        f"{figures['children']:,} children)"
    )
    print(_line("  this code", figures))
    baseline = os.environ.get("BASELINE")
    rounds = int(os.environ.get("ROUNDS", "2" if baseline else "1"))
    runs: dict[str, list[dict[str, Any]]] = {"this code": [], "baseline": []}
    for _ in range(rounds):  # alternate, so both see the same load
        if baseline:
            python = Path(baseline) / ".venv" / "bin" / "python"
            runs["baseline"].append(_measure(python, england, results / "england-baseline.json"))
        runs["this code"].append(_measure(Path(sys.executable), england, results / "england.json"))
    first = runs["this code"][0]
    print(
        f"England-sized, {copies} copies ({first['referrals_in_year']:,} referrals in the year, "
        f"{first['children']:,} children)"
    )
    for label, measured in runs.items():
        for i, f in enumerate(measured, 1):
            print(_line(f"  {label} (run {i})", f))
    mine = runs["this code"]
    indicators = statistics.median(f["indicators_s"] for f in mine)
    breakdowns = statistics.median(f["two_breakdowns_s"] for f in mine)
    print(
        f"England-sized: indicators {indicators:.2f} s (target under 5 s), two breakdowns "
        f"{breakdowns:.2f} s (target under 4 s)"
    )
    if baseline:
        base = runs["baseline"]
        for name in ("indicators", "two_breakdowns"):
            ratio = statistics.median(
                b[f"{name}_s"] / m[f"{name}_s"] for b, m in zip(base, mine, strict=True)
            )
            print(
                f"  {name.replace('_', ' ')}: the baseline takes {ratio:.1f} times as long "
                "(paired runs, median)"
            )
        same = {f["results_sha256"] for f in base} == {f["results_sha256"] for f in mine}
        digests = {f["results_sha256"] for f in (*base, *mine)}
        print(
            "  results: identical to the baseline's (every indicator, both breakdowns)"
            if same and len(digests) == 1
            else f"  results: DIFFER from the baseline's (compare {results}/england*.json)"
        )


if __name__ == "__main__":
    main()
