"""How fast every indicator and the compliance lists are, for a council and for England.

A council of 10,000 children referred in the year comes from the synthetic generator (two
collection years, so re-referrals and repeat plans have their history), imported into a store as
a council would import its returns. England-sized data (about 650,000 referrals a year) repeats
that council's snapshot tables with new child, worker and record IDs, written to Parquet as real
snapshots are. Each size runs in its own process so its peak memory is its own.
"""

from __future__ import annotations

import json
import math
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ENGLAND_REFERRALS = 650_000
COUNCIL_CHILDREN = 10_000
TODAY = "2025-03-31"


@dataclass
class _CopiedSnapshot:
    id: str
    manifest: dict[str, Any]
    folder: Path
    tables: list[str] = field(default_factory=list)

    def table_path(self, name: str) -> Path:
        return self.folder / f"{name}.parquet"


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
    return home


def _is_id(name: str) -> bool:
    return name.endswith("_id") or name == "person_id"


def _copies(
    home: Path, copies: int, folder: Path
) -> tuple[list[_CopiedSnapshot], list[_CopiedSnapshot]]:
    """The council's snapshots repeated `copies` times with new IDs, as Parquet."""
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
    made: dict[str, list[_CopiedSnapshot]] = {"latest": [], "previous": []}
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
            made[kind].append(_CopiedSnapshot(snap.id, snap.manifest, target))
    return made["latest"], made["previous"]


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _bare_scan(snapshots: list[_CopiedSnapshot]) -> float:
    """The floor: DuckDB reading every column of every Parquet file the dataset reads, once."""
    import duckdb

    con = duckdb.connect()
    started = time.perf_counter()
    for snapshot in snapshots:
        for path in sorted(snapshot.folder.glob("*.parquet")):
            con.execute("SELECT * FROM read_parquet(?)", [str(path)]).fetch_arrow_table()
    return time.perf_counter() - started


def _run(home: Path, copies: int) -> dict[str, float]:
    import datetime as dt

    from sightline import compliance, indicators
    from sightline.dataset import Dataset

    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        latest, previous = _copies(home, copies, Path(tmp))
        prepared = time.perf_counter() - started
        started = time.perf_counter()
        dataset = Dataset.from_snapshots(latest, previous)
        open_seconds = time.perf_counter() - started
        referrals = dataset.query(
            "SELECT count(*) AS n FROM ssd_cin_episodes "
            "WHERE cine_referral_date BETWEEN DATE '2024-04-01' AND DATE '2025-03-31'"
        )["n"][0].as_py()
        children = dataset.query("SELECT count(*) AS n FROM ssd_person")["n"][0].as_py()
        started = time.perf_counter()
        results = indicators.run(dataset, indicators.Period.year(2025))
        indicator_seconds = time.perf_counter() - started
        started = time.perf_counter()
        for breakdown in ("team", "age_band"):
            indicators.run(dataset, indicators.Period.year(2025), breakdown)
        breakdown_seconds = time.perf_counter() - started
        started = time.perf_counter()
        due = compliance.due_list(dataset, dt.date.fromisoformat(TODAY))
        compliance_seconds = time.perf_counter() - started
        scan_seconds = _bare_scan([*latest, *previous])
    return {
        "copies": copies,
        "referrals_in_year": referrals,
        "children": children,
        "indicators": len(results),
        "due_rows": due.num_rows,
        "prepare_s": round(prepared, 2),
        "open_s": round(open_seconds, 2),
        "indicators_s": round(indicator_seconds, 2),
        "two_breakdowns_s": round(breakdown_seconds, 2),
        "compliance_s": round(compliance_seconds, 2),
        "scan_s": round(scan_seconds, 3),
        "peak_mib": round(_peak_mib()),
    }


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--run":
        print(json.dumps(_run(Path(sys.argv[2]), int(sys.argv[3]))))
        return
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        home = _council(Path(tmp))
        print(
            f"synthetic council of {COUNCIL_CHILDREN:,} children generated and imported in "
            f"{time.perf_counter() - started:.1f} s"
        )
        council = _measure(home, 1)
        copies = max(1, math.ceil(ENGLAND_REFERRALS / max(council["referrals_in_year"], 1)))
        england = _measure(home, copies)
        print(
            f"England-sized: {england['indicators']} indicators in {england['indicators_s']} s "
            f"(target under 5 s), two breakdowns in {england['two_breakdowns_s']} s (target "
            "under 4 s)"
        )
        work = england["open_s"] + england["indicators_s"] + england["compliance_s"]
        print(
            f"England-sized: opening the snapshots, all indicators and compliance in {work:.1f} s "
            f"({'under' if work < 60 else 'OVER'} a minute), "
            f"{work / max(council['open_s'] + council['indicators_s'] + council['compliance_s'], 1e-9):.0f}x the council "
            f"for {copies}x the data"
        )


def _measure(home: Path, copies: int) -> dict[str, Any]:
    output = subprocess.run(
        [sys.executable, "-m", "sightline.bench.indicators", "--run", str(home), str(copies)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    figures: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    label = "council" if copies == 1 else f"England-sized ({copies} copies)"
    print(
        f"{label}: {figures['referrals_in_year']:,} referrals in the year, "
        f"{figures['children']:,} children; snapshots opened in {figures['open_s']} s, "
        f"{figures['indicators']} indicators in "
        f"{figures['indicators_s']} s, two breakdowns in {figures['two_breakdowns_s']} s, "
        f"compliance ({figures['due_rows']:,} due events) in {figures['compliance_s']} s; "
        f"a bare DuckDB scan of the same Parquet in {figures['scan_s']} s (the floor: indicators "
        f"{figures['indicators_s'] / max(figures['scan_s'], 1e-9):.0f} times it, breakdowns "
        f"{figures['two_breakdowns_s'] / max(figures['scan_s'], 1e-9):.0f} times); "
        f"peak memory {figures['peak_mib']} MiB (data preparation {figures['prepare_s']} s, not counted)"
    )
    return figures


if __name__ == "__main__":
    main()
