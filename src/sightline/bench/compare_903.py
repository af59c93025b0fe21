"""`make compare`, 903 part: Sightline's 903 validation beside the open validator
(csc-validator-be-903) on the same returns: per rule code, the findings (rule, child, table, row)
both give and each alone, the rules each could not run, and the time of each, in process (read,
every rule, report) and as whole processes.

Returns: the shared sample (CSV tables) and synthetic councils with problems injected, two years
each so the rules that compare with last year run (300 and 5,000 children; `COMPARE_SIZES` for
more). The open validator runs in its own virtual environment (`.bench/903-validator`, pinned in
the Makefile) through `compare_903_runner.py`.

Both run with the same reference lists: the council's ONS code, and a postcode reference cut from
the validator's own bundled postcode list to the postcodes the returns write (the runner's
`--postcodes`), so the postcode rules (164, 169, 179, 392a, 392c, 406, 420, 1015) run in both.

Each code whose findings differ is marked "explained in docs/validation.md" when a row of the 903
tables there names it (the first cell: codes, ranges such as 370-374 or 503A-J), else
"UNEXPLAINED".
"""

from __future__ import annotations

import csv
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import pyarrow as pa

from sightline.paths import REPO, samples
from sightline.returns.ssda903.validation import files_of, validate_903_files
from sightline.rules.ssda903 import references

VALIDATOR = REPO / ".bench" / "903-validator" / "bin" / "python"
RUNNER = Path(__file__).with_name("compare_903_runner.py")
COUNCIL = "E08000016"  # the ONS code the open validator places children in or out of
Finding = tuple[str, str, str, int]  # code, child, table, row (0 = the table's first data row)
DOCS = REPO / "docs" / "validation.md"
POSTCODE_FIELDS = ("HOME_POST", "PL_POST")


def postcodes_of(paths: list[Path]) -> set[str]:
    """The postcodes a return writes (home and placement), from its CSV tables or its XML."""
    found: set[str] = set()
    for path in paths:
        text = path.read_text(encoding="utf-8-sig", errors="replace")
        if path.suffix.lower() == ".xml":
            for field in POSTCODE_FIELDS:
                found.update(re.findall(rf"<{field}>\s*([^<]*?)\s*</{field}>", text))
            continue
        for row in csv.DictReader(text.splitlines()):
            found.update(row.get(field) or "" for field in POSTCODE_FIELDS)
    return {p.strip().upper() for p in found if p and p.strip()}


def postcode_reference(paths: list[Path], folder: Path) -> Path:
    """The validator's bundled postcodes for those in `paths`, as a postcode reference file."""
    wanted, out = folder / "postcodes.txt", folder / "postcodes.csv"
    wanted.write_text("\n".join(sorted(postcodes_of(paths))) + "\n", encoding="utf-8")
    done = subprocess.run(
        [str(VALIDATOR), str(RUNNER), "--postcodes", str(wanted), str(out)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(
            f"the open validator's postcodes could not be read: {done.stderr[-2000:]}"
        )
    return out


def expand(cell: str) -> set[str]:
    """The rule codes a docs table's first cell names: "370-374", "503A-J", "SW11aSTG2, 1012",
    "146 (2024/25, 2025/26)"."""
    codes: set[str] = set()
    for part in re.sub(r"\([^)]*\)", "", cell).split(","):
        part = part.strip().strip("`")
        if not part:
            continue
        numbers = re.fullmatch(r"(\d+)-(\d+)", part)
        letters = re.fullmatch(r"(\d+)([A-Z])-([A-Z])", part)
        if numbers:
            codes.update(str(n) for n in range(int(numbers[1]), int(numbers[2]) + 1))
        elif letters:
            codes.update(
                f"{letters[1]}{chr(c)}" for c in range(ord(letters[2]), ord(letters[3]) + 1)
            )
        else:
            codes.add(part)
    return codes


def explained(docs: Path = DOCS) -> set[str]:
    """The 903 codes a row of docs/validation.md's 903 difference tables (headed "Rule") names."""
    codes: set[str] = set()
    inside = table = False
    for line in docs.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            inside = "903" in line
        table = inside and line.startswith("|") and (table or line.startswith("| Rule "))
        if table and not line.startswith(("| Rule ", "| ---")):
            codes |= expand(line.split("|")[1])
    return codes


def ruleset(year: int) -> str:
    return f"lac{year - 1}_{year % 100:02d}"


def _children_cpu() -> float:
    """CPU seconds (user and system) of the finished child processes so far."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def ours(
    paths: list[Path], year: int, last: list[Path] | None, lists: dict[str, pa.Table] | None = None
) -> tuple[set[Finding], float, int, float]:
    cpu = time.process_time()
    result = validate_903_files(paths, year, last, lists)
    cpu = time.process_time() - cpu
    found = set()
    for row in result.findings.to_pylist():
        line = row["line"]
        found.add((row["code"], row["child_id"] or "", row["module"], (line or 1) - 2))
    return found, result.seconds, result.children, cpu


def theirs(
    paths: list[Path], year: int, last: list[Path] | None
) -> tuple[set[Finding], float, float, dict, float]:
    out = Path(tempfile.mkdtemp()) / "validator.json"
    cpu = _children_cpu()
    started = time.perf_counter()
    done = subprocess.run(
        [
            str(VALIDATOR), str(RUNNER), ",".join(map(str, paths)),
            ",".join(map(str, last or [])), ruleset(year), COUNCIL, str(out),
        ],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    whole = time.perf_counter() - started
    cpu = _children_cpu() - cpu
    if done.returncode != 0:
        raise RuntimeError(f"the open validator failed: {done.stderr[-2000:]}")
    data = json.loads(out.read_text(encoding="utf-8"))
    out.unlink()
    out.parent.rmdir()
    found = {(code, child, table, row) for code, table, row, child in data["findings"]}
    return found, data["seconds"], whole, data, cpu


def compiled() -> None:
    """Sightline's own modules compiled to bytecode, as an installed package has them (pip and
    `uv sync --compile-bytecode` compile at install; an editable checkout run with
    PYTHONDONTWRITEBYTECODE would otherwise compile every module at each start)."""
    import compileall

    from sightline.paths import PACKAGE

    compileall.compile_dir(PACKAGE, quiet=1)


def our_whole_process(
    paths: list[Path], year: int, last: list[Path] | None, postcodes: Path
) -> tuple[float, float]:
    command = [
        sys.executable, "-m", "sightline.cli", "validate", *map(str, paths), "--year", str(year),
        "--postcodes", str(postcodes), "--council", COUNCIL,
    ]  # fmt: skip
    for path in last or []:
        command += ["--last", str(path)]
    cpu = _children_cpu()
    started = time.perf_counter()
    subprocess.run(command, capture_output=True, check=False)
    return time.perf_counter() - started, _children_cpu() - cpu


def _order(code: str) -> tuple[int, str]:
    return int("".join(ch for ch in code if ch.isdigit()) or 0), code


def compare(name: str, paths: list[Path], year: int, last: list[Path] | None) -> str:
    with tempfile.TemporaryDirectory() as folder:
        postcodes = postcode_reference(paths + (last or []), Path(folder))
        lists = {
            "postcodes": references.read_postcodes(postcodes),
            "council": references.council(COUNCIL),
        }
        found, our_seconds, children, our_cpu = ours(paths, year, last, lists)
        other, their_seconds, their_whole, data, their_whole_cpu = theirs(paths, year, last)
        our_whole, our_whole_cpu = our_whole_process(paths, year, last, postcodes)
    by_code: dict[str, dict[str, set[Finding]]] = defaultdict(lambda: defaultdict(set))
    for finding in found:
        by_code[finding[0]]["ours"].add(finding)
    for finding in other:
        by_code[finding[0]]["theirs"].add(finding)
    lines = [
        f"\n{name}: {children:,} children, rule set {ruleset(year)}"
        + (" with last year's return" if last else ""),
        f"{'Rule':<10} {'both':>6} {'Sightline only':>15} {'validator only':>15}",
    ]
    for code in sorted(by_code, key=_order):
        a, b = by_code[code]["ours"], by_code[code]["theirs"]
        mark = "" if a == b else "  <- differs"
        lines.append(f"{code:<10} {len(a & b):>6} {len(a - b):>15} {len(b - a):>15}{mark}")
    same = sum(1 for c in by_code.values() if c["ours"] == c["theirs"])
    lines.append(
        f"{same} of {len(by_code)} rule codes with findings agree finding for finding "
        "(rule, child, table, row)."
    )
    known = explained()
    differing = [
        c for c in sorted(by_code, key=_order) if by_code[c]["ours"] != by_code[c]["theirs"]
    ]
    unexplained = [c for c in differing if c not in known]
    lines.append(
        f"Differing: {len(differing)} codes, {len(differing) - len(unexplained)} explained in "
        f"docs/validation.md, {len(unexplained)} UNEXPLAINED."
    )
    for code in differing:
        lines.append(
            f"  {code:<10} "
            + ("explained in docs/validation.md" if code in known else "UNEXPLAINED")
        )
    if data["failed"]:
        lines.append(
            f"The open validator crashed on {len(data['failed'])} rules: {', '.join(data['failed'][:20])}"
        )
    lines.append(
        f"Time in process (read, every rule, report): Sightline {our_seconds:.2f} s, open "
        f"validator {their_seconds:.2f} s: {their_seconds / max(our_seconds, 1e-9):.1f} times faster."
    )
    lines.append(
        f"Time as whole processes: Sightline {our_whole:.2f} s, open validator {their_whole:.2f} s: "
        f"{their_whole / max(our_whole, 1e-9):.1f} times faster."
    )
    their_cpu = data.get("cpu_seconds", 0.0)
    lines.append(
        f"CPU time in process: Sightline {our_cpu:.2f} s, open validator {their_cpu:.2f} s: "
        f"{their_cpu / max(our_cpu, 1e-9):.1f} times less; as whole processes: Sightline "
        f"{our_whole_cpu:.2f} s, open validator {their_whole_cpu:.2f} s: "
        f"{their_whole_cpu / max(our_whole_cpu, 1e-9):.1f} times less."
    )
    return "\n".join(lines)


def synthetic(folder: Path, children: int, seed: int) -> tuple[list[Path], list[Path]]:
    from sightline.synth.council import Request, generate

    out = folder / f"council-{children}"
    generate(
        Request(out=out, seed=seed, years=[2024, 2025], children=children, inject_problems=0.02)
    )
    return files_of([out / "ssda903" / "2025"]), files_of([out / "ssda903" / "2024"])


def main(sizes: list[int]) -> None:
    if not VALIDATOR.exists():
        sys.exit("The open 903 validator is not installed: run `make compare`.")
    compiled()
    print("Load average (1, 5, 15 minutes): " + ", ".join(f"{n:.1f}" for n in os.getloadavg()))
    sample = samples() / "ssda903"
    if sample.exists():
        csvs = sorted(sample.glob("*.csv"))
        print(compare("shared 903 sample", csvs, 2023, None), flush=True)
    with tempfile.TemporaryDirectory() as folder:
        for n, size in enumerate(sizes):
            this_year, last_year = synthetic(Path(folder), size, seed=21 + n)
            print(
                compare(f"synthetic council ({size:,} children)", this_year, 2025, last_year),
                flush=True,
            )
