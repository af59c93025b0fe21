"""`make demo`: generate a synthetic council into .demo/, import it, and serve the product.

1. generate a synthetic council like Rotherham (no personal data) into `.demo/`;
2. import its returns, return by return and year by year, into the demo home `.demo/home/`
   (snapshots, as a council would load them);
3. start the job worker (`python -m sightline.web db_worker`: uploads are imported there, each in
   a capped child process, never in the web server) and the web app (`python -m sightline.web
   demo`), each its own process so this module stays free of Django: migrate, one user per role
   printed with their password, serve with gunicorn at http://127.0.0.1:8000. Stopping the server
   stops the worker.

Running it again reuses what is there (delete `.demo/` for a fresh council).
`python -m sightline.demo --describe` only generates and describes the council.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

from sightline.paths import REPO
from sightline.synth.council import Request, generate

DEMO_DIR = REPO / ".demo"
DEMO_HOME = DEMO_DIR / "home"
DEMO_YEARS = range(2021, 2026)


def generate_demo_council(out_dir: Path) -> Path:
    """A synthetic council like Rotherham (372), five years to 2025, in `out_dir`; returns the folder.

    Five collection years give every scorecard trend and board-pack chart a real history."""
    generate(Request(out=out_dir, seed=1, years=list(DEMO_YEARS), like="372", la_code="372"))
    return out_dir


def describe(folder: Path) -> str:
    council = json.loads((folder / "council.json").read_text())
    year = str(council["years"][-1])
    rates = council["rates_asked_for"][year]
    made = council["generated"]
    per10k = lambda n: 10_000 * n / rates["population"]  # noqa: E731
    return "\n".join([
        f"{council['name']} ({council['code']}), collection years {council['years']}, seed {council['seed']}",
        f"  children generated: {made['children']:,}; referrals: {made['referrals']:,}; "
        f"periods of care: {made['periods_of_care']:,}",
        f"  children in the {year} CIN census: {council['cin_children'][year]:,}",
        f"  asked for {year}: referrals {rates['referrals']:,.0f} ({per10k(rates['referrals']):.0f} per 10,000), "
        f"re-referrals {rates['rereferral_pct']:.1f}%, CP plans started {rates['cpp_starts']:,.0f} "
        f"({rates['cpp_subsequent_pct']:.1f}% subsequent), looked after at 31 March "
        f"{rates['cla_at31']:,.0f} ({per10k(rates['cla_at31']):.0f} per 10,000)",
        f"  workforce: {len(council['workforce']['teams'])} teams, {council['workforce']['workers']} workers",
        f"  files in {folder}",
    ])  # fmt: skip


def return_batches(council_dir: Path, years: list[int]) -> list[list[Path]]:
    """The council's returns as a council loads them: one batch per return and year."""
    batches: list[list[Path]] = []
    for year in years:
        batches.append(sorted((council_dir / "cin").glob(f"CIN_*_{year}.xml")))
        folder = council_dir / "ssda903" / str(year)
        batches.append([folder] if folder.is_dir() else [])
        batches.append(sorted((council_dir / "csww").glob(f"csww_*_{year}.csv")))
    batches.append(sorted((council_dir / "annex_a").glob("*.xlsx")))
    return [b for b in batches if b]


def import_demo_council(home: Path, council_dir: Path) -> int:
    """Import every batch; returns the number of snapshots made. Problems are reported, not fatal."""
    from sightline.returns.importer import import_files
    from sightline.store import Store

    store = Store(home)
    years = [int(y) for y in json.loads((council_dir / "council.json").read_text())["years"]]
    made = 0
    for batch in return_batches(council_dir, years):
        result = import_files(store, batch, created_by="demo")
        names = ", ".join(f"SSDA903 {p.name}/" if p.is_dir() else p.name for p in batch)
        errors = sum(1 for p in result.problems if p.severity == "error")
        if result.snapshots:
            made += len(result.snapshots)
            print(f"  imported {names}: {len(result.snapshots)} snapshot(s), {errors} error(s)")
        else:
            print(f"  NOT imported {names}: see {result.report_path}")
    return made


def prepare(council_dir: Path = DEMO_DIR, home: Path = DEMO_HOME) -> dict[str, Any]:
    """Generate and import the demo council unless they are there already."""
    from sightline.store import Store

    if not (council_dir / "council.json").exists():
        print(f"Generating a synthetic council into {council_dir} ...")
        generate_demo_council(council_dir)
        print(describe(council_dir))
    if not Store(home).snapshots():
        print(f"Importing its returns into {home} ...")
        import_demo_council(home, council_dir)
    council: dict[str, Any] = json.loads((council_dir / "council.json").read_text())
    return council


def web_environment(home: Path, council: dict[str, Any]) -> dict[str, str]:
    """What the web app needs to show the demo council: its home, model council and date."""
    last_year = max(int(y) for y in council["years"])
    return {
        "SIGHTLINE_HOME": str(home),
        # the council shown stays the demo's even after someone uploads another council's sample
        "SIGHTLINE_COUNCIL": str(council["code"]),
        "SIGHTLINE_BENCHMARK_COUNCIL": str(council.get("like") or council["code"]),
        "SIGHTLINE_TODAY": f"{last_year}-03-31",  # the data's end: due lists as at census day
        "SIGHTLINE_PLAIN_HTTP": "1",  # served on loopback, without TLS
    }


PID_FILE = "demo.pid"  # in the demo home while a demo serves it: "pid port"


def _option(args: list[str], name: str, default: str) -> str:
    for i, arg in enumerate(args):
        if arg == name and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith(name + "="):
            return arg.split("=", 1)[1]
    return default


def running_demo(home: Path = DEMO_HOME) -> tuple[int, str] | None:
    """(pid, port) of a demo serving this home now, or None (a stale pid file is ignored)."""
    try:
        pid_text, port = (home / PID_FILE).read_text().split()[:2]
        pid = int(pid_text)
        os.kill(pid, 0)
    except (OSError, ValueError):
        return None
    return pid, port


def port_in_use(host: str, port: int) -> bool:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return True
    return False


def refuse_if_busy(args: list[str], home: Path = DEMO_HOME) -> str | None:
    """Why a demo cannot start, checked before anything is changed (users, passwords), or None."""
    found = running_demo(home)
    if found:
        return (
            f"A demo is already running on port {found[1]} (process {found[0]}) and serving "
            f"{home}: stop it (Ctrl+C in its terminal) before starting another."
        )
    host, port = _option(args, "--host", "127.0.0.1"), _option(args, "--port", "8000")
    try:
        number = int(port)
    except ValueError:
        return f"The port must be a number, not {port!r}."
    if port_in_use(host, number):
        return (
            f"Port {number} on {host} is in use by another program. Stop it, or choose "
            f"another port: make demo PORT={number + 1}"
        )
    return None


def two_factor_note(environ: dict[str, str] | os._Environ[str]) -> str:
    """What a person trying the demo needs to know about two-factor sign-in, which is on as it
    is for a council (SIGHTLINE_TWO_FACTOR_ROLES, read by the web app's settings)."""
    roles = environ.get("SIGHTLINE_TWO_FACTOR_ROLES", "").strip()
    if roles.lower() == "none":
        return "Two-factor sign-in is off (SIGHTLINE_TWO_FACTOR_ROLES=none): passwords alone."
    who = (
        f"Demo users whose roles are {roles} set up an"
        if roles
        else "Every demo user listed below but councillor (the roles that see children's records)"
        " sets up an"
    )
    return "\n".join(
        [
            "Signing in: two-factor sign-in is on, as it is for a council.",
            who,
            "authenticator app at the first sign-in: scan the QR code Sightline shows with the app",
            "(Microsoft Authenticator, Google Authenticator, 1Password...), or type in the key shown",
            'under "I cannot scan the code" (on a computer: oathtool --totp -b KEY, the key without',
            "its spaces), then enter the 6-digit code. Each later sign-in asks for a code.",
            "To try the demo with passwords alone: SIGHTLINE_TWO_FACTOR_ROLES=none make demo",
        ]
    )


def main() -> None:
    if "--describe" in sys.argv[1:]:
        print(describe(generate_demo_council(DEMO_DIR)))
        return
    why = refuse_if_busy(sys.argv[1:])
    if why:
        print(f"Error: {why}", file=sys.stderr)
        sys.exit(1)
    council = prepare()
    env = {**os.environ, **web_environment(DEMO_HOME, council)}
    print("\n" + two_factor_note(env), flush=True)
    sys.exit(serve_with_worker(env, sys.argv[1:]))


def serve_with_worker(env: dict[str, str], arguments: list[str]) -> int:
    """Migrate, start the job worker, serve; the worker stops with the server."""
    web = [sys.executable, "-m", "sightline.web"]
    # a TERM (from a supervisor, or `timeout`) stops the server and the worker, as Ctrl+C does
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    subprocess.run([*web, "migrate", "--verbosity", "0"], env=env, check=True)
    worker = subprocess.Popen([*web, "db_worker", "--no-reload", "--interval", "0.5"], env=env)
    try:
        return subprocess.call([*web, "demo", *arguments], env=env)
    except KeyboardInterrupt:
        return 130
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()


if __name__ == "__main__":
    main()
