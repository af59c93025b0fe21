"""SQLite's write-ahead log is copied back into the database by a thread of each server process,
not by the request that happens to commit when the log passes its size.

SQLite checkpoints on its own (by default when the log passes 1,000 pages) in the connection that
commits: that request then copies the pages and waits for them to reach the disk (`fsync`). A list
of 100 children writes 100 access-log records, whose index pages are spread across the file, so
every eighth or ninth such request paid 10 to 15 ms for it (most requests' commit takes about 1 ms),
and it paid them while the access log's writers wait their turn behind it (accesslog/services.py):
every writer in every process waited on one request's `fsync`.

Here each process that serves requests runs one thread that checkpoints every
`CHECKPOINT_SECONDS` in its own connection. A PASSIVE checkpoint takes no lock a writer or a reader
waits for; pages written many times between two checkpoints are copied once. The request
connections keep SQLite's own checkpoint as a backstop at a size the thread keeps the log well
under (`BACKSTOP_PAGES`), so the log cannot grow without end if the thread stops.

Started on a process's first request (`request_started`), never in gunicorn's master (which forks
its workers: a database connection must not cross a fork), and only for a database in a file.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
from typing import Any

CHECKPOINT_SECONDS = 1.0
BACKSTOP_PAGES = 20_000  # about 80 MB of log at 4 KiB pages: reached only if the thread stops

log = logging.getLogger(__name__)
_started: dict[str, int] = {}  # database file -> the process whose thread checkpoints it
_lock = threading.Lock()


def set_backstop(sender: Any, connection: Any, **kwargs: Any) -> None:
    """`connection_created`: a request connection leaves checkpoints to the thread."""
    if connection.vendor == "sqlite" and _in_a_file(connection):
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA wal_autocheckpoint = {BACKSTOP_PAGES}")


def start_for_this_process(sender: Any = None, **kwargs: Any) -> None:
    """`request_started`: this process's checkpointing thread, once a process and database."""
    from django.db import connections

    settings_dict = connections["default"].settings_dict
    if not settings_dict["ENGINE"].endswith("sqlite3"):
        return
    name = str(settings_dict.get("NAME") or "")
    if os.path.isfile(name):
        start(name)


def start(name: str) -> None:
    """The checkpointing thread of the database file `name` in this process, if not started."""
    if _started.get(name) == os.getpid():
        return
    with _lock:
        if _started.get(name) == os.getpid():
            return
        _started[name] = os.getpid()  # a forked process finds its parent's pid: starts its own
        threading.Thread(
            target=_checkpoint_forever, args=(name,), name="sqlite-checkpoints", daemon=True
        ).start()


def _checkpoint_forever(name: str) -> None:
    connection = sqlite3.connect(name, timeout=1, check_same_thread=False)
    try:
        while True:
            time.sleep(CHECKPOINT_SECONDS)
            try:
                connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
            except sqlite3.Error as error:  # e.g. the file replaced: the backstop still holds
                log.warning("SQLite checkpoint of %s failed: %s", name, error)
    finally:  # pragma: no cover - a daemon thread ends with its process
        connection.close()


def _in_a_file(connection: Any) -> bool:
    name = str(connection.settings_dict.get("NAME") or "")
    return os.path.isfile(name)
