"""SQLite's log is copied back into the database by each serving process's own thread, not by the
request whose commit passes SQLite's checkpoint size (that request waited on the disk while every
other access-log writer waited on it)."""

import sqlite3
import threading
import time

import pytest
from django.db import connection

from sightline.web.core import sqlite_checkpoints


def _pages_in_the_database(path) -> int:
    """Pages copied back into the database file so far (the log is not counted): asked of the
    file's size, since any checkpoint pragma would itself copy pages back."""
    return path.stat().st_size // PAGE_SIZE


PAGE_SIZE = 4096


def _write_pages(db, pages: int) -> None:
    for i in range(pages):
        db.execute("INSERT INTO t VALUES (?)", (f"{i:08d}" * 500,))
        db.commit()


@pytest.fixture
def database(tmp_path):
    path = tmp_path / "web.sqlite3"
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA page_size = {PAGE_SIZE}")
    db.execute("PRAGMA journal_mode=WAL")
    db.execute(f"PRAGMA wal_autocheckpoint = {sqlite_checkpoints.BACKSTOP_PAGES}")
    db.execute("CREATE TABLE t (v TEXT)")
    db.commit()
    yield path, db
    db.close()


def test_a_commit_leaves_the_log_to_the_thread_which_copies_it_back(database, monkeypatch):
    path, db = database
    _write_pages(db, 1500)  # past SQLite's own checkpoint size (1,000 pages)
    assert _pages_in_the_database(path) <= 2  # no commit copied its pages back

    monkeypatch.setattr(sqlite_checkpoints, "CHECKPOINT_SECONDS", 0.05)
    monkeypatch.setattr(sqlite_checkpoints, "_started", {})
    sqlite_checkpoints.start(str(path))
    sqlite_checkpoints.start(str(path))  # once a process: a second call starts nothing
    assert sum(t.name == "sqlite-checkpoints" for t in threading.enumerate()) == 1
    deadline = time.monotonic() + 10
    while _pages_in_the_database(path) < 1500 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _pages_in_the_database(path) >= 1500  # the thread copied them
    assert db.execute("SELECT count(*) FROM t").fetchone() == (1500,)


def test_the_thread_starts_once_a_process_and_database(tmp_path, monkeypatch):
    started = []
    monkeypatch.setattr(sqlite_checkpoints, "_started", {})
    monkeypatch.setattr(
        sqlite_checkpoints.threading, "Thread", lambda **kw: started.append(kw) or _NoThread()
    )
    path = tmp_path / "a.sqlite3"
    path.touch()
    for _ in range(3):
        sqlite_checkpoints.start(str(path))
    assert len(started) == 1
    monkeypatch.setattr(sqlite_checkpoints.os, "getpid", lambda: -1)  # as in a forked worker
    sqlite_checkpoints.start(str(path))
    assert len(started) == 2


class _NoThread:
    def start(self) -> None:
        pass


@pytest.mark.django_db
def test_a_database_in_memory_gets_no_thread(monkeypatch):
    monkeypatch.setattr(sqlite_checkpoints, "_started", {})
    sqlite_checkpoints.start_for_this_process()
    assert sqlite_checkpoints._started == {} or connection.vendor != "sqlite"
