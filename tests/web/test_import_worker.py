"""The job worker as `make demo` runs it: its own process beside the web server's, sharing the
database. Imports run there; the web keeps answering meanwhile; a cancelled or killed import leaves
nothing, its job says so at once, and the same files then import."""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from sightline.paths import samples
from sightline.store import Store
from sightline.store.snapshots import PAUSE_ENV

pytestmark = [pytest.mark.slow]
WEB = [sys.executable, "-m", "sightline.web"]
SAMPLE = samples() / "cin" / "BAR_cin_2022.xml"

ENQUEUE = """
import os, shutil
from pathlib import Path
from sightline.web.imports.models import ImportJob
from sightline.web.imports.services import uploads_dir
from sightline.web.imports.tasks import run_import
job = ImportJob()
folder = uploads_dir() / str(job.id)
folder.mkdir(parents=True)
shutil.copy(os.environ["IMPORT_FILE"], folder)
job.files = [{"name": Path(os.environ["IMPORT_FILE"]).name, "bytes": 1}]
job.upload_dir = str(folder)
job.save()
run_import.enqueue(str(job.id))
print(job.id)
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Site:
    def __init__(self, home: Path, pause: float) -> None:
        self.home = home
        self.env = {
            **os.environ,
            "SIGHTLINE_HOME": str(home),
            "SIGHTLINE_PLAIN_HTTP": "1",
            "DJANGO_SETTINGS_MODULE": "sightline.web.settings",
            PAUSE_ENV: str(pause),
        }
        self.env.pop("DATABASE_URL", None)
        subprocess.run([*WEB, "migrate", "--verbosity", "0"], env=self.env, check=True)
        self.port = _free_port()
        self.server = subprocess.Popen(
            [sys.executable, "-m", "sightline.web.serve", "--port", str(self.port)],
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.worker = self.start_worker()

    def start_worker(self) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [*WEB, "db_worker", "--no-reload", "--interval", "0.2", "--no-startup-delay"],
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def enqueue(self, path: Path) -> str:
        out = subprocess.run(
            [*WEB, "shell", "-c", ENQUEUE],
            env={**self.env, "IMPORT_FILE": str(path)},
            check=True,
            capture_output=True,
            text=True,
        )
        return out.stdout.strip().splitlines()[-1].replace("-", "")

    def job(self, job_id: str) -> dict:
        with sqlite3.connect(self.home / "sightline.sqlite3", timeout=20) as db:
            db.row_factory = sqlite3.Row
            row = db.execute("SELECT * FROM imports_importjob WHERE id = ?", (job_id,)).fetchone()
            return dict(row)

    def update(self, job_id: str, sql: str) -> None:
        with sqlite3.connect(self.home / "sightline.sqlite3", timeout=20) as db:
            db.execute(f"UPDATE imports_importjob SET {sql} WHERE id = ?", (job_id,))

    def get(self, path: str) -> int:
        url = f"http://127.0.0.1:{self.port}{path}"
        with urllib.request.urlopen(url, timeout=10) as response:
            return int(response.status)

    def wait_for(self, job_id: str, test, seconds: float = 60) -> dict:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            job = self.job(job_id)
            if test(job):
                return job
            time.sleep(0.1)
        raise AssertionError(f"the job never got there: {job}")

    def stop(self) -> None:
        for process in (self.server, self.worker):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    running = Site(tmp_path_factory.mktemp("worker") / "home", pause=4)
    try:
        for _ in range(300):
            try:
                running.get("/accounts/sign-in/")
                break
            except OSError:
                time.sleep(0.1)
        yield running
    finally:
        running.stop()


def _copy(site: Site, name: str) -> Path:
    """A file of its own for each test (the store refuses a file it already holds)."""
    path = site.home.parent / name
    path.write_bytes(
        SAMPLE.read_bytes().replace(b"</Message>", f"<!-- {name} --></Message>".encode())
    )
    return path


def test_the_web_answers_while_the_worker_imports(site):
    job_id = site.enqueue(_copy(site, "first.xml"))
    site.wait_for(job_id, lambda j: j["status"] == "running")
    answered = 0
    while site.job(job_id)["status"] == "running":
        assert site.get("/accounts/sign-in/") == 200
        answered += 1
    job = site.job(job_id)
    assert job["status"] == "done", job["message"]
    assert answered >= 5  # the server answered throughout the import
    assert [s.id for s in Store(site.home).snapshots()] == json.loads(job["snapshot_ids"])


def test_a_worker_killed_mid_import_leaves_nothing_and_the_job_failed(site):
    before = [s.id for s in Store(site.home).snapshots()]
    sample = _copy(site, "second.xml")
    job_id = site.enqueue(sample)
    site.wait_for(
        job_id,
        lambda j: j["status"] == "running" and list((site.home / "batches").glob("*.pending")),
    )
    site.worker.send_signal(signal.SIGKILL)
    site.worker.wait()
    # the next page that shows the job finds its worker gone (no waiting for a time-out)
    from sightline.web.imports.services import _worker_gone

    class Row:  # the fields _worker_gone reads, as the page would have them
        def __init__(self, job: dict) -> None:
            self.worker_pid = job["worker_pid"]
            self.worker_host = job["worker_host"]

    assert _worker_gone(Row(site.job(job_id)))  # type: ignore[arg-type]
    assert [s.id for s in Store(site.home).snapshots()] == before
    site.worker = site.start_worker()
    again = site.enqueue(sample)  # the same file imports: it was never "already imported"
    job = site.wait_for(again, lambda j: j["status"] in ("done", "failed"))
    assert job["status"] == "done", job["message"]


def test_a_running_import_cancelled_leaves_nothing(site):
    before = [s.id for s in Store(site.home).snapshots()]
    job_id = site.enqueue(_copy(site, "third.xml"))
    site.wait_for(job_id, lambda j: j["status"] == "running")
    site.update(job_id, "cancel_requested = 1")
    job = site.wait_for(job_id, lambda j: j["status"] != "running")
    assert job["status"] == "cancelled"
    assert [s.id for s in Store(site.home).snapshots()] == before
