"""How fast the readers are, each figure beside its peer or floor measured in the same run.

The files come from the synthetic generator (`sightline synth`): a council of 5,000 children
referred in the year; its first 5,000 children are the 5,000-child file. Bigger files repeat those
children with new IDs (generating 650,000 referrals from scratch takes far longer than reading
them, and the reader's work per child is the same). Each size is read in its own process so its
peak memory is its own.

Whole processes, as a user runs them, at 5,000 and 50,000 children:
- `sightline import FILE` into a fresh home (start-up, read, every rule, Parquet, manifest);
- `sightline validate FILE` (start-up, read, every DfE rule of the year, the summary by rule);
- the floor: a bare lxml `iterparse` of the same file in a fresh Python process (nothing can read
  the XML faster than parsing it), so "times the floor" is what all our work costs beyond parsing;
- the open validator (csc-validator-be-cin, in `make compare`'s own virtual environment, when it
  is there) reading and validating the same file, so "times faster" is measured, not quoted.
Every whole process is given as wall time and as its own CPU time (user and system, from
`wait4`): on a shared machine the wall time is mostly waiting for a core, the CPU time what the
process itself cost. Our processes run with their bytecode compiled, as an installed product does
(pip compiles it on install, as it did the open validator's); the bench keeps it in a cache of its
own, warmed by one run of each command on a small file, and prints `sightline --help` alone: the
start-up every command pays.
At England's size `sightline validate` runs as a whole process too, stopped if it takes over ten
minutes (it once hung for good inside DuckDB).
The in-process read alone (the importer's reader, which builds the rules' module tables in the
same pass) is shown for every size up to England's to show it stays linear, and
the in-process validation (read and every rule, as `make compare` times it) up to 50,000 children.
The open validator is not run at 50,000: its time grows faster than the census (measured here on
1, 1,000 and 5,000 children), so the line gives its growth and what it would take.
"""

from __future__ import annotations

import json
import math
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ENGLAND_REFERRALS = 650_000
CHILD = re.compile(rb"<Child>.*?</Child>", re.S)
CHILD_ID = re.compile(rb"<LAchildID>([^<]*)</LAchildID>")


def _synthetic_council(folder: Path) -> Path:
    from sightline.synth.council import Request, generate

    generate(Request(out=folder, seed=1, years=[2025], children=5_000))
    return folder


def _split(council: Path) -> tuple[bytes, list[bytes], bytes]:
    source = next((council / "cin").glob("*.xml")).read_bytes()
    head = source[: source.index(b"<Child>")]
    tail = source[source.rindex(b"</Child>") + len(b"</Child>") :]
    return head, CHILD.findall(source), tail


def _small_file(council: Path, folder: Path, children: int = 500) -> Path:
    """The first `children` children of the council's census (warming the rules, and the open
    validator's growth)."""
    head, all_children, tail = _split(council)
    path = folder / f"cin_{children}.xml"
    path.write_bytes(head + b"".join(all_children[:children]) + tail)
    return path


def _cin_files(council: Path, folder: Path) -> list[tuple[Path, int]]:
    """The 5,000-child file and copies scaled up to an England-sized one: (path, copies)."""
    head, children, tail = _split(council)
    children = children[:5_000]
    referrals = sum(c.count(b"<CINdetails>") for c in children)
    england = max(1, round(ENGLAND_REFERRALS / referrals))
    files = []
    for copies in sorted({1, 10, england}):
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


def measure_validate(path: str, warm: str) -> None:
    """Run in a child process: validate one file (read and every rule) once the rules and code
    lists are loaded (on `warm`, a small file), print its figures as JSON."""
    from sightline.rules.validate import validate_cin

    validate_cin(Path(warm))
    result = validate_cin(Path(path))
    print(
        json.dumps(
            {
                "seconds": result.seconds,
                "children": result.children,
                "findings": result.findings.num_rows,
                "peak_mib": peak_mib(),
            }
        )
    )


def _in_child_process(function: str, path: Path, *more: Path) -> dict[str, float]:
    output = subprocess.run(
        [sys.executable, "-m", "sightline.bench.readers", function, str(path), *map(str, more)],
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
        _validator_growth(folder, council)
        small = _small_file(council, folder)
        warm_up(small)
        for path, copies in _cin_files(council, folder):
            figures = _in_child_process("cin", path)
            per_referral = figures["seconds"] / figures["referrals"]
            base_per_referral = base_per_referral or per_referral
            print(
                f"{figures['children']:>9,.0f} {figures['referrals']:>9,.0f} "
                f"{path.stat().st_size / 2**20:>9.0f} {figures['seconds']:>8.3f} {figures['cpu']:>7.3f} "
                f"{figures['children'] / figures['seconds']:>11,.0f} "
                f"{per_referral * 1000:>12.4f} {figures['peak_mib']:>9.0f}"
            )
            if copies in WHOLE_PROCESS_COPIES:
                checked = _in_child_process("validate", path, small)
                print(
                    f"  {checked['children']:,.0f} children, in process: read and every DfE rule "
                    f"{checked['seconds']:.2f} s ({checked['findings']:,.0f} findings, peak "
                    f"{checked['peak_mib']:.0f} MiB)",
                    flush=True,
                )
                _whole_processes(path, figures["children"])
            elif copies > max(WHOLE_PROCESS_COPIES):
                _england_validated(path, figures["children"])
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


WHOLE_PROCESS_COPIES = (1, 10)  # 5,000 and 50,000 children
ENGLAND_VALIDATE_LIMIT = 600  # seconds: it once hung for good in DuckDB (docs/performance.md)


def _england_validated(path: Path, children: float) -> None:
    """`sightline validate` of the England-sized file as a whole process, stopped if it has not
    finished in ENGLAND_VALIDATE_LIMIT seconds (so a hang is reported, not waited on)."""
    command = [sys.executable, "-m", "sightline.cli", "validate", str(path)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    try:
        subprocess.run(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            env=_compiled_env(), timeout=ENGLAND_VALIDATE_LIMIT, check=True,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        print(f"  {children:,.0f} children: sightline validate did not finish in "
              f"{ENGLAND_VALIDATE_LIMIT} s (stopped)", flush=True)  # fmt: skip
        return
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    print(f"  {children:,.0f} children, whole process: sightline validate "
          f"{time.perf_counter() - started:.1f} s ({cpu:.1f} s CPU)", flush=True)  # fmt: skip


VALIDATOR_UP_TO = 5_000  # it grows worse than linearly: 50,000 children take it many minutes


@dataclass(frozen=True)
class Run:
    """One whole process: its wall time and the CPU time it used (user and system)."""

    wall: float
    cpu: float


def _run(command: list[str], ours: bool = True) -> Run:
    """One whole process (ours: in the bytecode cache; the open validator's is compiled in its
    own environment)."""
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        env = _compiled_env() if ours else None
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors, env=env)
        _, status, usage = os.wait4(process.pid, 0)  # its own CPU time, not the machine's
        wall = time.perf_counter() - started
        process.returncode = code = os.waitstatus_to_exitcode(status)
        if code:
            errors.seek(0)
            raise subprocess.CalledProcessError(code, command, stderr=errors.read())
    return Run(wall, usage.ru_utime + usage.ru_stime)


def _compiled_env() -> dict[str, str]:
    """Every process as an installed product runs: its modules' bytecode compiled once (pip
    compiles it on install, as it did the open validator's; here it goes to the bench's own
    cache, warmed by a first run, since this machine may be told not to write bytecode)."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "sightline-bench-pycache")
    return env


LXML_FLOOR = (
    "import sys\n"
    "from lxml import etree\n"
    "for _, element in etree.iterparse(sys.argv[1], events=('end',)):\n"
    "    element.clear()\n"
)


def _validator_run(path: Path) -> Run | None:
    """The open validator's whole process on the file (None when it is not installed); its own
    in-process time (its rules loaded, the file read, every rule; no Python start-up) goes into
    VALIDATOR_RUNS."""
    validator = compare_validator()
    if validator is None:
        return None
    run = _run([str(path) if part == "{path}" else part for part in validator], ours=False)
    result = Path(validator[-1])
    inside = json.loads(result.read_text(encoding="utf-8"))["seconds"]
    result.unlink()
    VALIDATOR_RUNS.append((float(path.read_bytes().count(b"<Child>")), inside))
    return run


# The open validator's in-process time as measured in this run: (children, seconds).
VALIDATOR_RUNS: list[tuple[float, float]] = []


def _validator_growth(folder: Path, council: Path) -> None:
    """The open validator on a 1-child file (its fixed cost: loading and registering its rules)
    and a 1,000-child one, the first points of its growth."""
    for children in (1, 1_000):
        path = _small_file(council, folder, children)
        _validator_run(path)
        path.unlink()


def _growth() -> str:
    """How the open validator's time in process, above its fixed cost, grew between its runs
    here, and what ten times the largest census would take it if that growth held."""
    (_, fixed), (n0, t0), (n1, t1) = VALIDATOR_RUNS[0], VALIDATOR_RUNS[1], VALIDATOR_RUNS[-1]
    exponent = math.log(max(t1 - fixed, 1e-3) / max(t0 - fixed, 1e-3)) / math.log(n1 / n0)
    later = fixed + (t1 - fixed) * 10**exponent
    return (
        f"in process {fixed:.1f} s for 1 child (its fixed cost), {t0:.1f} s at {n0:,.0f} children, "
        f"{t1:.1f} s at {n1:,.0f}: beyond the fixed cost its time grows as children^"
        f"{exponent:.2f}, so 10 times the children would take it about {later / 60:,.0f} minutes"
    )


def _ours(command: str, path: Path) -> Run:
    if command == "import":
        with tempfile.TemporaryDirectory(prefix="sightline-bench-home-") as home:
            return _run(
                [sys.executable, "-m", "sightline.cli", "import", str(path), "--home", home]
            )
    if command == "validate":
        return _run([sys.executable, "-m", "sightline.cli", "validate", str(path)])
    if command == "help":
        return _run([sys.executable, "-m", "sightline.cli", "--help"])
    return _run([sys.executable, "-c", LXML_FLOOR, str(path)])


def warm_up(small: Path) -> None:
    """Each of our whole processes once on a small file (compiles their bytecode into the cache),
    then `sightline --help` alone: the start-up every command pays."""
    for command in ("import", "validate", "floor"):
        _ours(command, small)
    start = _ours("help", small)
    print(f"  start-up: sightline --help {start.wall:.2f} s ({start.cpu:.2f} s CPU)", flush=True)


def _times(run: Run) -> str:
    return f"{run.wall:.2f} s ({run.cpu:.2f} s CPU)"


def _whole_processes(path: Path, children: float) -> None:
    """`sightline import` and `sightline validate` of the file against a bare lxml parse and the
    open validator (run up to 5,000 children; beyond, its growth measured in this run), as wall
    time and as each process's own CPU time (the machine may be shared: CPU time is what the
    process itself cost)."""
    ours = _ours("import", path)
    checked = _ours("validate", path)
    floor = _ours("floor", path)
    line = (
        f"  {children:,.0f} children, whole processes: sightline import {_times(ours)}, "
        f"sightline validate {_times(checked)}; bare lxml parse {_times(floor)}: import "
        f"{ours.wall / floor.wall:.1f} times the floor ({ours.cpu / floor.cpu:.1f} in CPU), "
        f"validate {checked.wall / floor.wall:.1f} ({checked.cpu / floor.cpu:.1f} in CPU)"
    )
    if children > VALIDATOR_UP_TO:
        if len(VALIDATOR_RUNS) > 2:
            line += f"\n  open validator not run at this size (too slow here): {_growth()}"
        print(line, flush=True)
        return
    theirs = _validator_run(path)
    if theirs is None:
        line += "; open validator not installed (run `make compare` once to measure it)"
    else:
        line += (
            f"\n  open validator {_times(theirs)}: sightline validate "
            f"{theirs.wall / checked.wall:,.0f} times faster ({theirs.cpu / checked.cpu:,.0f} in "
            f"CPU), sightline import {theirs.wall / ours.wall:,.0f} times faster "
            f"({theirs.cpu / ours.cpu:,.0f} in CPU)"
        )
    print(line, flush=True)


def compare_validator() -> list[str] | None:
    """The open validator's whole process reading and validating a 2024/25 CIN census, from the
    virtual environment `make compare` builds (`sightline.bench.compare`), or None without it.
    The file's path goes last."""
    from sightline.bench.compare import RUNNER, VALIDATOR, ruleset

    if not VALIDATOR.exists():
        return None
    out = Path(tempfile.gettempdir()) / f"sightline-bench-validator-{os.getpid()}.json"
    return [str(VALIDATOR), str(RUNNER), "{path}", ruleset(2025), str(out)]


def _sample_903() -> Path | None:
    from sightline.paths import samples

    folder = samples() / "ssda903"
    return folder if folder.exists() else None


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "cin":
        measure_cin(sys.argv[2])
    elif len(sys.argv) == 4 and sys.argv[1] == "validate":
        measure_validate(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 3 and sys.argv[1] == "903":
        measure_903(sys.argv[2])
    else:
        main()
