"""Show that the 903 validation gives the same findings with two versions of the code (by default:
the commit this branch started from on main, before; the working tree, after).

    .venv/bin/python scripts/same_903_findings.py                  # merge-base with main, worktree
    .venv/bin/python scripts/same_903_findings.py --before main    # any git ref as "before"
    .venv/bin/python scripts/same_903_findings.py --record out/    # keep each side's findings

Every rule of every year's set (2022/23 to 2026/27) runs on:
- the shared 903 sample, its CSV tables (each year's set) and its XML form (2022/23);
- a synthetic council of two years (2023/24 and 2024/25) with problems injected, generated once
  and given to both sides, with last year's return (each year's set) and without it (2024/25).

Each side gets its own copy of the source (`git archive` of the ref, or the working tree) and runs
`sightline.returns.ssda903.validation.validate_903_files` in its own process. Every column of every
finding (rule, child, table, field, line, location, value, severity, message) and the rules not run
are compared as multisets. Exit status 0: identical; 1: a difference (the first ones are printed).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

from same_outputs import source_of  # this folder is on the path when a script here runs

REPO = Path(__file__).resolve().parent.parent
YEARS = (2023, 2024, 2025, 2026, 2027)
SYNTHETIC_CHILDREN = 1_000


def cases(sample: Path, council: Path) -> dict[str, tuple[list[str], int, list[str] | None]]:
    """name -> (files, rule set year, last year's files or None)."""
    csvs = [str(p) for p in sorted(sample.glob("*.csv"))]
    now = [str(p) for p in sorted((council / "ssda903" / "2025").glob("*.csv"))]
    before = [str(p) for p in sorted((council / "ssda903" / "2024").glob("*.csv"))]
    found: dict[str, tuple[list[str], int, list[str] | None]] = {}
    for year in YEARS:
        found[f"sample-csv-{year}"] = (csvs, year, None)
    found["sample-xml-2023"] = ([str(sample / "fake_903.xml")], 2023, None)
    for year in YEARS:
        found[f"synthetic-{year}-with-last"] = (now, year, before)
    found["synthetic-2025-alone"] = (now, 2025, None)
    return found


def dump(spec: Path, out: Path) -> None:
    """In a side's own process: every case's findings and rules not run, as JSON."""
    from sightline.returns.ssda903.validation import validate_903_files

    result = {}
    for name, (files, year, last) in json.loads(spec.read_text()).items():
        done = validate_903_files(
            [Path(p) for p in files], year, [Path(p) for p in last] if last else None
        )
        rows = [json.dumps(row, sort_keys=True, default=str) for row in done.findings.to_pylist()]
        result[name] = {
            "findings": sorted(rows),
            "not_run": sorted(f"{c}: {', '.join(n)}" for c, n in done.not_run.items()),
            "rules": done.rules,
            "unreadable": done.unreadable,
        }
    out.write_text(json.dumps(result))


def side(label: str, src: Path, spec: Path, out: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(src)}
    done = subprocess.run(
        [sys.executable, __file__, "--dump", str(spec), str(out)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        sys.exit(f"{label}: validating failed:\n{done.stderr[-3000:]}")
    return json.loads(out.read_text())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", help="git ref (default: the merge-base of HEAD and main)")
    parser.add_argument("--after", default="worktree", help="git ref (default: the working tree)")
    parser.add_argument("--record", type=Path, help="also write each side's findings here")
    parser.add_argument("--dump", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.dump:
        dump(*args.dump)
        return 0
    before = (
        args.before
        or subprocess.run(
            ["git", "-C", str(REPO), "merge-base", "HEAD", "main"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    sys.path.insert(0, str(REPO / "src"))
    from sightline.paths import samples
    from sightline.synth.council import Request, generate

    sample = samples() / "ssda903"
    if not (sample / "header.csv").exists():
        sys.exit(f"The shared 903 sample is not at {sample}: set SIGHTLINE_SHARED.")
    with tempfile.TemporaryDirectory(prefix="same-903-") as tmp:
        council = Path(tmp) / "council"
        generate(
            Request(
                out=council,
                seed=21,
                years=[2024, 2025],
                children=SYNTHETIC_CHILDREN,
                inject_problems=0.02,
            )
        )
        spec = Path(tmp) / "cases.json"
        spec.write_text(json.dumps(cases(sample, council)))
        sides = {}
        for label, ref in (("before", before), ("after", args.after)):
            src = source_of(ref, Path(tmp) / label)
            sides[label] = side(f"{label} ({ref})", src, spec, Path(tmp) / f"{label}.json")
            print(f"{label} ({ref}): done", flush=True)
    if args.record:
        args.record.mkdir(parents=True, exist_ok=True)
        for label, found in sides.items():
            (args.record / f"{label}.json").write_text(json.dumps(found, indent=1))
    differing = 0
    for name, was in sides["before"].items():
        now = sides["after"].get(name, {})
        if was == now:
            print(f"same       {name}: {len(was['findings']):,} findings, {was['rules']} rules")
            continue
        differing += 1
        print(f"DIFFERENT  {name}")
        for key in ("rules", "unreadable"):
            if was.get(key) != now.get(key):
                print(f"    {key}: {was.get(key)!r} before, {now.get(key)!r} after")
        for key in ("not_run", "findings"):
            a, b = Counter(was.get(key, [])), Counter(now.get(key, []))
            for row in list((a - b).elements())[:10]:
                print(f"    only before: {row[:300]}")
            for row in list((b - a).elements())[:10]:
                print(f"    only after:  {row[:300]}")
    print(f"{len(sides['before']) - differing} of {len(sides['before'])} cases identical")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
