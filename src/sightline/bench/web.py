"""Page response times under load: 50 concurrent users on loopback, one server process against
several, on SQLite (and PostgreSQL when one is reachable).

The demo council (a synthetic Rotherham, `sightline.demo`) is generated and imported once into
`.bench/web/`. The web app is set up (`python -m sightline.web demo --no-serve`) and served by
gunicorn (`python -m sightline.web.serve`) in a subprocess, first with one worker process, then with
one per core, the same threads per process. The server warms its results before forking (read from
the disk cache after the first run). First each page's own cost in one process (CPU a request and
database queries, Django's test client). Then the users sign in through the form (once: their
sessions serve both servers) and, each on its own HTTP/1.1 connection from one asyncio loop (no
thread a user: the load generator must leave the cores to the server; a user asks for keep-alive
as a browser does, and opens a new connection when the server closes it, as it does after every
response, docs/decisions/0025), ask for the performance
scorecard and the compliance work list (overdue, first page) in turn, after one untimed round.
Figures: p50 and p95 per page, requests per second, the server's CPU a request (all its processes)
and the load generator's own, the machine's load average, and the several-process throughput as
a ratio to the one-process throughput measured in the same run.

    python -m sightline.bench.web                 # the whole benchmark (as `make bench` runs it)
    python -m sightline.bench.web --paired main   # each page's CPU a request with main's code and
                                                  # this checkout's in turn, and the pages compared
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import http.cookiejar
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

from sightline import demo
from sightline.paths import REPO
from sightline.web.serve import default_workers

BENCH_DIR = REPO / ".bench" / "web"
USERS = 50
REQUESTS_PER_USER = 20
SERVER_THREADS = 1  # per process: gunicorn's sync worker, as served
SINGLE_USER_REQUESTS = 20
SIGN_INS_AT_ONCE = 4
PAGES = {
    "scorecard": "/performance/",
    "compliance list": "/compliance/work/?status=overdue",
}
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/sightline_bench"
# Each page's own cost, in one process (Django's test client, no server, no load generator):
# CPU time per request (steadier than wall time on a shared machine) and database queries.
IN_PROCESS_PAGES = {
    "home": "/",
    "scorecard": "/performance/",
    "indicator, by team": "/performance/indicators/assessments_45wd/?breakdown=team",
    "children behind it": "/performance/indicators/assessments_45wd/children/",
    "compliance list": "/compliance/work/?status=overdue",
}
IN_PROCESS_REQUESTS = 9


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _postgres_ready() -> bool:
    try:
        import psycopg

        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True,
                             connect_timeout=3) as con:  # fmt: skip
            exists = con.execute(
                "SELECT 1 FROM pg_database WHERE datname = 'sightline_bench'"
            ).fetchone()
            if not exists:
                con.execute("CREATE DATABASE sightline_bench")
        return True
    except Exception as error:  # no server, no rights: the SQLite figures still stand
        print(f"PostgreSQL not available ({type(error).__name__}): SQLite only")
        return False


def _set_up(env: dict[str, str]) -> str:
    """Migrate and create the demo users; returns the performance analyst's password."""
    out = subprocess.run(
        [sys.executable, "-m", "sightline.web", "demo", "--no-serve", "--no-warm-up"],
        env=env, check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    match = re.search(r"^\s*analyst\s+(\S+)", out, re.M)
    if not match:
        raise SystemExit(f"could not read the analyst's password from:\n{out}")
    return match.group(1)


def _percentile(values: list[float], p: int) -> float:
    return (
        statistics.quantiles(values, n=100, method="inclusive")[p - 1]
        if len(values) > 1
        else values[0]
    )


def _cpu_seconds(pid: int) -> float:
    """CPU time (user and system) of a process and every process under it (gunicorn's workers)."""
    total = 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        for task in Path(f"/proc/{pid}/task").iterdir():
            for child in (task / "children").read_text().split():
                total += _cpu_seconds(int(child))
    except (OSError, IndexError, ValueError):  # not Linux, or the process has gone
        pass
    return total


class Browser:
    """One signed-in user's connection, kept open between requests (HTTP/1.1 keep-alive), as a
    browser keeps it: no thread, no urllib, a few tens of microseconds of the machine's CPU a
    request, so the load generator leaves the cores to the server it measures."""

    def __init__(self, port: int, cookies: str) -> None:
        self.port, self.cookies = port, cookies
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> tuple[float, int]:
        started = time.perf_counter()
        for attempt in (1, 2):  # the server may close a kept connection: open another, once
            if self.writer is None:
                self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
            reader = self.reader
            assert reader is not None
            self.writer.write(
                f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n"
                f"Cookie: {self.cookies}\r\nConnection: keep-alive\r\n\r\n".encode()
            )
            try:
                head = await reader.readuntil(b"\r\n\r\n")
            except (asyncio.IncompleteReadError, ConnectionError):
                await self.close()
                if attempt == 2:
                    raise
                started = time.perf_counter()
                continue
            break
        assert reader is not None
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = {
            k.strip().lower(): v.strip() for k, _, v in (x.partition(":") for x in lines[1:])
        }
        if "content-length" in headers:
            await reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding") == "chunked":
            while size := int((await reader.readuntil(b"\r\n")).split(b";")[0], 16):
                await reader.readexactly(size + 2)
            await reader.readuntil(b"\r\n")
        else:  # the body runs to the end of the connection
            await reader.read()
            await self.close()
        if headers.get("connection", "").lower() == "close":
            await self.close()
        return time.perf_counter() - started, status  # a redirect (sign-in) is not this page

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(Exception):
                await self.writer.wait_closed()
        self.reader = self.writer = None


def sign_in(base: str, username: str, password: str) -> str:
    """Sign in through the form (CSRF token and all); returns the session's cookies."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(f"{base}/accounts/sign-in/", timeout=300).read()
    token = next(c.value for c in jar if c.name == "csrftoken")
    form = urllib.parse.urlencode(
        {"username": username, "password": password, "csrfmiddlewaretoken": token}
    ).encode()
    with opener.open(f"{base}/accounts/sign-in/", form, timeout=300) as reply:
        if "/accounts/sign-in/" in reply.geturl():
            raise SystemExit("sign-in failed in the benchmark")
    return "; ".join(f"{c.name}={c.value}" for c in jar)


async def _load(port: int, cookies: list[str], label: str, server: int) -> dict[str, float]:
    """The users at once, each asking for the pages in turn; figures as run_backend returns."""
    browsers = [Browser(port, c) for c in cookies]
    names = list(PAGES)
    for name, path in PAGES.items():
        seconds, status = await browsers[0].get(path)
        print(f"{label}: first {name} request {seconds * 1000:.0f} ms, HTTP {status}")
    for name, path in PAGES.items():  # one user alone: the page's own cost, no queueing
        solo = [(await browsers[0].get(path))[0] for _ in range(SINGLE_USER_REQUESTS)]
        print(f"{label}: {name:<16} one user alone: p50 {_percentile(solo, 50) * 1000:5.0f} ms")

    # every user asks for each page once, not timed: each worker has rendered what it keeps
    async def warm(browser: Browser) -> None:
        for path in PAGES.values():
            await browser.get(path)

    await asyncio.gather(*(warm(b) for b in browsers))
    timings: dict[str, list[float]] = {name: [] for name in PAGES}
    failures: list[int] = []

    async def user(browser: Browser, offset: int) -> None:
        for i in range(REQUESTS_PER_USER):
            name = names[(i + offset) % len(names)]
            try:
                seconds, status = await browser.get(PAGES[name])
            except (OSError, asyncio.IncompleteReadError, ValueError):
                status, seconds = 0, 0.0
            if status == 200:
                timings[name].append(seconds)
            else:
                failures.append(status)

    own_cpu, server_cpu = time.process_time(), _cpu_seconds(server)
    started = time.perf_counter()
    await asyncio.gather(*(user(b, i) for i, b in enumerate(browsers)))
    elapsed = time.perf_counter() - started
    own_cpu, server_cpu = time.process_time() - own_cpu, _cpu_seconds(server) - server_cpu
    for browser in browsers:
        await browser.close()
    done = sum(len(v) for v in timings.values())
    figures = {
        "requests/s": done / elapsed,
        "elapsed": elapsed,
        "done": done,
        "client cpu": own_cpu,
        "server cpu": server_cpu,
        "failed": len(failures),
    }
    for name, values in timings.items():
        if values:
            figures[name] = _percentile(values, 95)
            figures[f"{name} p50"] = _percentile(values, 50)
            figures[f"{name} n"] = len(values)
    return figures


def run_backend(
    label: str, env: dict[str, str], workers: int, password: str, cookies: list[str]
) -> dict[str, float]:
    """One server with `workers` processes under load; returns requests/s and each page's p95 (s).
    The users sign in on the first server run; their sessions (in the database) serve the next."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    label = f"{label}, {workers} process{'es' if workers > 1 else ''}"
    server = subprocess.Popen(
        [sys.executable, "-m", "sightline.web.serve", "--port", str(port), "--workers",
         str(workers), "--threads", str(SERVER_THREADS), "--quiet"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    figures: dict[str, float] = {}
    try:
        for _ in range(600):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        if not cookies:
            started = time.perf_counter()
            # a sign-in hashes a password (slow by design): a few at a time, not all 50 at once
            with concurrent.futures.ThreadPoolExecutor(SIGN_INS_AT_ONCE) as pool:
                cookies += pool.map(lambda _: sign_in(base, "analyst", password), range(USERS))
            print(f"{label}: {USERS} users signed in in {time.perf_counter() - started:.1f} s "
                  "(password hashing dominates)")  # fmt: skip
        loaded = asyncio.run(_load(port, cookies, label, server.pid))
    finally:
        server.terminate()  # gunicorn's master stops its workers on SIGTERM
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)
    done, elapsed = loaded["done"], loaded["elapsed"]
    print(f"{label}: {done:.0f} requests from {USERS} concurrent users in {elapsed:.1f} s = "
          f"{done / elapsed:.1f} requests/s, {loaded['failed']:.0f} failed")  # fmt: skip
    print(f"{label}: server {loaded['server cpu'] / done * 1000:.1f} ms CPU a request (all its "
          f"processes); load generator {loaded['client cpu'] / done * 1000:.2f} ms CPU a request "
          f"({loaded['client cpu'] / elapsed * 100:.0f}% of one core)")  # fmt: skip
    figures["requests/s"] = loaded["requests/s"]
    for name in PAGES:
        if name in loaded:
            figures[name] = loaded[name]
            print(f"{label}: {name:<16} p50 {loaded[f'{name} p50'] * 1000:7.0f} ms   "
                  f"p95 {loaded[name] * 1000:7.0f} ms   ({loaded[f'{name} n']:.0f} requests)")  # fmt: skip
    return figures


def in_process(username: str = "analyst") -> None:
    """Each page's CPU time and database queries per request, warm, in this process (run in a
    child process with the web environment set: `python -m sightline.bench.web --in-process`)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sightline.web.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from sightline.web.accounts.models import User

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    client.force_login(User.objects.get(username=username))
    for name, path in IN_PROCESS_PAGES.items():
        started = time.process_time()
        status = client.get(path).status_code  # the first: results read from the disk cache
        first = time.process_time() - started
        cpu: list[float] = []
        for _ in range(IN_PROCESS_REQUESTS):
            started = time.process_time()
            with CaptureQueriesContext(connection) as queries:
                status = client.get(path).status_code
            cpu.append(time.process_time() - started)
        print(f"in one process: {name:<20} HTTP {status}  first {first * 1000:5.0f} ms CPU, "
              f"then {statistics.median(cpu) * 1000:5.1f} ms CPU a request (median of "
              f"{IN_PROCESS_REQUESTS}), {len(queries)} database queries")  # fmt: skip


def compare(label: str, env: dict[str, str]) -> None:
    """One process, then as served (one per core and one more): the ratio of their throughputs,
    measured in this run."""
    password, cookies = _set_up(env), list[str]()
    one = run_backend(label, env, 1, password, cookies)
    several = run_backend(label, env, default_workers(), password, cookies)
    if one.get("requests/s") and several.get("requests/s"):
        ratio = several["requests/s"] / one["requests/s"]
        print(f"{label}: {default_workers()} processes serve {ratio:.2f} times the requests "
              f"a second of one process (target: at least 1.8); p95 "
              + ", ".join(f"{n} {several.get(n, 0) * 1000:.0f} ms" for n in PAGES)
              + " (target: under 300 ms)")  # fmt: skip


# The pages as four readers see them (every scope and suppression), written to a folder: run with
# either side's code by `paired` (`python -c`), so the same script reads both.
PAGE_READERS = ("analyst", "manager", "councillor", "director")
COMPARED_PAGES = (
    "/",
    "/performance/",
    "/compliance/work/?status=overdue",
    "/compliance/work/?status=overdue&page=2",
    "/compliance/work/?team=Assessment+Team+1",
    "/compliance/",
    "/performance/indicators/assessments_45wd/?breakdown=team",
    "/performance/indicators/assessments_45wd/children/",
)
_DUMP_PAGES = """
import os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sightline.web.settings")
import django
django.setup()
from django.conf import settings
from django.test import Client
from sightline.web.accounts.models import User
settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
out, readers, pages = sys.argv[1], sys.argv[2].split(","), sys.argv[3:]
for reader in readers:
    client = Client()
    client.force_login(User.objects.get(username=reader))
    for i, path in enumerate(pages):
        for time in (1, 2):  # the second from what the first kept
            reply = client.get(path)
            with open(f"{out}/{reader}-{i}-{time}.html", "wb") as f:
                f.write(b"%d\\n" % reply.status_code + reply.content)
"""
# what differs between any two renderings of a page: CSRF tokens and CSP nonces
_TOKENS = re.compile(rb'(nonce=|value=|X-CSRFToken": )"[A-Za-z0-9+/=_-]{20,}"')
_IN_PROCESS_LINE = re.compile(
    r"in one process: (.+?)\s+HTTP \d+\s+first\s+\d+ ms CPU, then\s+([\d.]+) ms CPU a "
    r"request.*?(\d+) database queries"
)


def paired(env: dict[str, str], before: str, rounds: int = 3) -> None:
    """Each page's CPU a request with the code of `before` (a git ref) and with this checkout's,
    in turn, `rounds` times (pairs, so that both sides share the machine's load of the moment);
    then the pages as four readers see them, compared byte for byte (but for tokens)."""
    import tarfile
    import tempfile
    from io import BytesIO

    with tempfile.TemporaryDirectory() as tmp:
        old = Path(tmp, "before")
        archive = subprocess.run(["git", "-C", str(REPO), "archive", before, "src"],
                                 check=True, capture_output=True).stdout  # fmt: skip
        with tarfile.open(fileobj=BytesIO(archive)) as sources:
            sources.extractall(old, filter="data")
        sides = {"before": {**env, "PYTHONPATH": str(old / "src")}, "after": env}
        cpu: dict[str, dict[str, list[float]]] = {side: {} for side in sides}
        queries: dict[str, dict[str, str]] = {side: {} for side in sides}
        for _ in range(rounds):
            for side, side_env in sides.items():
                out = subprocess.run(
                    [sys.executable, "-m", "sightline.bench.web", "--in-process"],
                    env=side_env, check=True, capture_output=True, text=True,
                ).stdout  # fmt: skip
                for name, ms, count in _IN_PROCESS_LINE.findall(out):
                    cpu[side].setdefault(name.strip(), []).append(float(ms))
                    queries[side][name.strip()] = count
        print(f"Paired with {before} ({rounds} rounds, before and after in turn): CPU a request")
        for name, after in cpu["after"].items():
            was = cpu["before"].get(name, [])
            ratios = [a / b for a, b in zip(after, was, strict=False) if b]
            if ratios:
                print(f"  {name:<20} before {statistics.median(was):6.1f} ms, after "
                      f"{statistics.median(after):6.1f} ms: after/before {statistics.median(ratios):.2f} "
                      f"(pairs {min(ratios):.2f} to {max(ratios):.2f}); queries "
                      f"{queries['before'].get(name)} / {queries['after'][name]}")  # fmt: skip
        folders = {side: Path(tmp, f"pages-{side}") for side in sides}
        for side, side_env in sides.items():
            folders[side].mkdir()
            subprocess.run([sys.executable, "-c", _DUMP_PAGES, str(folders[side]),
                            ",".join(PAGE_READERS), *COMPARED_PAGES], env=side_env, check=True)  # fmt: skip
        names = sorted(p.name for p in folders["before"].iterdir())
        differing = [
            n for n in names
            if _TOKENS.sub(rb"\1X", (folders["before"] / n).read_bytes())
            != _TOKENS.sub(rb"\1X", (folders["after"] / n).read_bytes())
        ]  # fmt: skip
        print(f"Pages as {len(PAGE_READERS)} readers see them ({len(COMPARED_PAGES)} pages, each "
              f"twice): {len(names) - len(differing)} of {len(names)} identical before and after"
              + (f"; differing: {', '.join(differing)}" if differing else ""))  # fmt: skip


def _environment() -> dict[str, str]:
    council_dir, home = BENCH_DIR / "council", BENCH_DIR / "home"
    if (home / "snapshots").exists() and not any((home / "snapshots").iterdir()):
        shutil.rmtree(home)
    council = demo.prepare(council_dir, home)
    base_env = {**os.environ, **demo.web_environment(home, council)}
    base_env.pop("DATABASE_URL", None)
    # the analyst would otherwise be sent to set up two-factor sign-in on every page (the pages
    # measured would be that form's): the benchmark measures the pages, signed in by password
    base_env["SIGHTLINE_TWO_FACTOR_ROLES"] = "none"
    return base_env


def main() -> None:
    base_env = _environment()
    council = demo.prepare(BENCH_DIR / "council", BENCH_DIR / "home")
    print(f"Council: {council['name']} ({council['code']}), {council['generated']['children']:,} "
          f"children; {USERS} users x {REQUESTS_PER_USER} requests, gunicorn with "
          f"{SERVER_THREADS} thread(s) a process, as served")  # fmt: skip
    print("Machine: {} cores; load average {:.1f}, {:.1f}, {:.1f} (1, 5, 15 minutes) at the "
          "start".format(len(os.sched_getaffinity(0)), *os.getloadavg()))  # fmt: skip
    _set_up(base_env)
    subprocess.run([sys.executable, "-m", "sightline.bench.web", "--in-process"], env=base_env,
                   check=True)  # fmt: skip
    compare("SQLite", base_env)
    if _postgres_ready():
        compare("PostgreSQL", {**base_env, "DATABASE_URL": POSTGRES_URL})


if __name__ == "__main__":
    if sys.argv[1:] == ["--in-process"]:
        in_process()
    elif sys.argv[1:2] == ["--paired"]:  # --paired REF: this checkout's pages against REF's
        environment = _environment()
        _set_up(environment)
        paired(environment, sys.argv[2] if len(sys.argv) > 2 else "main")
    else:
        main()
