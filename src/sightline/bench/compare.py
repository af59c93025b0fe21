"""`make compare`: Sightline's validation beside the open validators on the same files: the CIN
census beside csc-validator-be-cin (here), the 903 beside csc-validator-be-903 (`compare_903`):
per rule code, what both find, each alone, and the time of each tool.

Files: the shared samples and synthetic councils with problems injected (300 and 5,000 children;
`COMPARE_SIZES=300,5000,50000` for more). The open validator runs in its own virtual environment
(`.bench/cin-validator`, pinned in the Makefile) through `compare_cin_runner.py`. A council-level
finding (no child) counts as the child "(council)". Differences are explained in docs/validation.md.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from sightline.paths import REPO, samples
from sightline.rules.validate import validate_cin

VALIDATOR = REPO / ".bench" / "cin-validator" / "bin" / "python"
RUNNER = Path(__file__).with_name("compare_cin_runner.py")
COUNCIL = "(council)"


def ruleset(year: int) -> str:
    return f"cin{year - 1}_{year % 100:02d}"


def ours(path: Path) -> tuple[set[tuple[str, str]], float, int, int]:
    result = validate_cin(path)
    found = {
        (row["code"], row["child_id"] or COUNCIL)
        for row in result.findings.select(["code", "child_id"]).to_pylist()
    }
    return found, result.seconds, result.year, result.children


def theirs(path: Path, year: int) -> tuple[set[tuple[str, str]], float]:
    result = Path(tempfile.mkdtemp()) / "validator.json"  # never beside the (shared) file
    done = subprocess.run(
        [str(VALIDATOR), str(RUNNER), str(path), ruleset(year), str(result)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"the open validator failed on {path.name}: {done.stderr[-2000:]}")
    out = json.loads(result.read_text(encoding="utf-8"))
    result.unlink()
    result.parent.rmdir()
    for line in out["crashed"]:
        print(f"  open validator: {line}")
    return {(code, child or COUNCIL) for code, child in out["findings"]}, out["seconds"]


def compare(path: Path) -> str:
    found, our_seconds, year, children = ours(path)
    other, their_seconds = theirs(path, year)
    by_code: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for code, child in found:
        by_code[code]["ours"].add(child)
    for code, child in other:
        by_code[code]["theirs"].add(child)
    lines = [
        f"\n{path.name}: {children:,} children, rule set {ruleset(year)}",
        f"{'Rule':<7} {'both':>6} {'Sightline only':>15} {'validator only':>15}",
    ]
    for code in sorted(
        by_code, key=lambda c: (int("".join(ch for ch in c if ch.isdigit()) or 0), c)
    ):
        a, b = by_code[code]["ours"], by_code[code]["theirs"]
        mark = "" if a == b else "  <- differs"
        lines.append(f"{code:<7} {len(a & b):>6} {len(a - b):>15} {len(b - a):>15}{mark}")
    same = sum(1 for c in by_code.values() if c["ours"] == c["theirs"])
    lines.append(f"{same} of {len(by_code)} rule codes with findings agree child for child.")
    ratio = their_seconds / our_seconds if our_seconds else float("inf")
    lines.append(
        f"Time (read and all rules): Sightline {our_seconds:.2f} s, open validator "
        f"{their_seconds:.2f} s: {ratio:.0f} times faster."
    )
    return "\n".join(lines)


def synthetic(folder: Path, children: int, seed: int) -> Path:
    from sightline.synth.council import Request, generate

    out = folder / f"council-{children}"
    generate(Request(out=out, seed=seed, years=[2025], children=children, inject_problems=0.02))
    [path] = (out / "cin").glob("*.xml")
    return path


def main() -> None:
    """The CIN census, then the 903 (`COMPARE_RETURNS=cin` or `=ssda903` for one of them)."""
    sizes = [int(s) for s in os.environ.get("COMPARE_SIZES", "300,5000").split(",") if s]
    returns = os.environ.get("COMPARE_RETURNS", "cin,ssda903").split(",")
    if "cin" in returns:
        main_cin(sizes)
    if "ssda903" in returns:
        from sightline.bench import compare_903

        print("\n== SSDA903 ==", flush=True)
        compare_903.main(sizes)


def main_cin(sizes: list[int]) -> None:
    if not VALIDATOR.exists():
        sys.exit("The open validator is not installed: run `make compare`.")
    print("== CIN census ==", flush=True)
    validate_cin(samples() / "cin" / "BAR_cin_2022.xml")  # load the rules and code lists once
    files = [samples() / "cin" / "fake_CIN_data.xml", samples() / "cin" / "BAR_cin_2022.xml"]
    with tempfile.TemporaryDirectory() as folder:
        for n, size in enumerate(sizes):
            files.append(synthetic(Path(folder), size, seed=11 + n))
        for path in files:
            if not path.exists():
                print(f"\n{path}: not found (set SIGHTLINE_SHARED to the shared folder)")
                continue
            print(compare(path), flush=True)


if __name__ == "__main__":
    main()
