"""Fifty sign-ins at once against gunicorn on PostgreSQL, on a database just made (the access log
empty, its chain not yet begun): every answer is a sign-in or a refusal, never a server error, and
`verify-log` finds the chain whole afterwards (each record follows the one before, though the
records were written by many requests at once). Skipped without a PostgreSQL server at
127.0.0.1:5432 (user postgres, trust)."""

from __future__ import annotations

import os
import re
import secrets
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
import requests

SERVER = "postgresql://postgres@127.0.0.1:5432"
USERS = 10
AT_ONCE = 50
PASSWORD = "concurrent-password-1"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def database():
    psycopg = pytest.importorskip("psycopg")
    name = f"sightline_supp_{uuid.uuid4().hex[:8]}"
    try:
        admin = psycopg.connect(f"{SERVER}/postgres", autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as error:
        pytest.skip(f"PostgreSQL is not reachable at 127.0.0.1:5432: {error}")
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{SERVER}/{name}"
    finally:
        with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _sign_in(base: str, username: str, password: str, answers: list, start: threading.Event):
    browser = requests.Session()
    browser.get(f"{base}/accounts/sign-in/", timeout=120)
    token = browser.cookies["csrftoken"]
    start.wait()
    try:
        answer = browser.post(
            f"{base}/accounts/sign-in/",
            data={"username": username, "password": password, "csrfmiddlewaretoken": token},
            headers={"Referer": f"{base}/accounts/sign-in/"},
            allow_redirects=False, timeout=300,
        )  # fmt: skip
        answers.append((username, password == PASSWORD, answer.status_code))
    except requests.RequestException as error:
        answers.append((username, password == PASSWORD, repr(error)))


@pytest.mark.slow
def test_fifty_sign_ins_at_once_on_postgresql(database, tmp_path: Path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SIGHTLINE_", "DATABASE_URL"))}
    env |= {
        "SIGHTLINE_SHARED": os.environ.get("SIGHTLINE_SHARED", ""),
        "SIGHTLINE_HOME": str(tmp_path / "home"),
        "SIGHTLINE_SECRET_KEY": secrets.token_urlsafe(50),
        "SIGHTLINE_ALLOWED_HOSTS": "127.0.0.1",
        "SIGHTLINE_PLAIN_HTTP": "1",  # no TLS on loopback: cookies not marked Secure
        "DATABASE_URL": database,
        "DJANGO_SETTINGS_MODULE": "sightline.web.settings",
    }
    env = {k: v for k, v in env.items() if v}
    web = [sys.executable, "-m", "sightline.web"]
    subprocess.run([*web, "migrate", "--noinput", "-v", "0"], env=env, check=True, timeout=300)
    subprocess.run(
        [*web, "shell", "-c",
         "from sightline.web.accounts.models import User\n"
         f"for i in range({USERS}):\n"
         f"    User.objects.create_user(f'member{{i}}', password={PASSWORD!r}, "
         "role='elected_member')"],
        env=env, check=True, timeout=300,
    )  # fmt: skip
    port = _free_port()
    log = tmp_path / "gunicorn.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [*web[:2], "sightline.web.serve", "--port", str(port), "--workers", "2",
             "--threads", "8", "--no-warm-up", "--quiet"],
            env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            assert server.poll() is None, log.read_text()[-3000:]
            try:
                requests.get(f"{base}/healthz", timeout=2)
                break
            except requests.RequestException:
                assert time.monotonic() < deadline, log.read_text()[-3000:]
                time.sleep(0.3)
        answers: list = []
        start = threading.Event()
        # each user signs in four times at once, and once with a wrong password
        attempts = [(f"member{i % USERS}", PASSWORD if i < 4 * USERS else "wrong-password")
                    for i in range(AT_ONCE)]  # fmt: skip
        threads = [threading.Thread(target=_sign_in, args=(base, u, p, answers, start))
                   for u, p in attempts]  # fmt: skip
        for thread in threads:
            thread.start()
        time.sleep(1)
        start.set()
        for thread in threads:
            thread.join(timeout=600)
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert len(answers) == AT_ONCE
    errors = [a for a in answers if a[2] not in (200, 302)]
    assert not errors, f"{errors[:5]}\n{log.read_text()[-4000:]}"
    assert all(code == 302 for _, right, code in answers if right)  # signed in
    assert all(code == 200 for _, right, code in answers if not right)  # the form again
    checked = subprocess.run(
        [*web, "verify_log"], env=env, capture_output=True, text=True, timeout=300
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert re.search(r"\b\d+ records?\b", checked.stdout), checked.stdout
