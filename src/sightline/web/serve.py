"""Serve the web app with gunicorn: a few worker processes, each taking one request at a time.

python -m sightline.web.serve [--host 127.0.0.1] [--port 8000] [--workers N] [--threads 1]

One Python process serves on one core at a time (the GIL), so production and `make demo` run one
worker process per core and one more (`--workers`, default: the cores this process may use plus
one, so that a long request, a first England-sized scorecard or a large download, leaves every core
serving). Each worker is gunicorn's sync worker: it accepts a connection only when it is free, so
the kernel's queue hands the next request to whichever worker is free first. A gthread worker
(`--threads` above 1) accepts every connection it is offered into its own queue, and under load
one worker's queue grew longer than the other's: the p95 was twice the p50 (decision 0032).

A sync worker is held by a slow client for as long as the client takes, so in production it is
served behind a proxy that buffers requests and responses (nginx does by default,
docs/deploying.md); `make demo` serves loopback only.

The app is loaded once in the master and the workers are forked from it (`preload_app`), so a
worker starts with the master's warm results in memory; the master opens no database or DuckDB
connection the workers would share. Each worker keeps its database connection (CONN_MAX_AGE) and
its datasets open between requests. Results computed by any worker are kept on disk
(`sightline.workspace`), so the other workers and every restart read them instead of computing
them again.
"""

from __future__ import annotations

import argparse
import os
from typing import Any


def default_workers() -> int:
    """One worker per core this process may run on, and one more (at least three): a long request
    holds one worker, not a core's share of the others' work."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return max(3, cores + 1)


def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    workers: int | None = None,
    threads: int = 1,
    warm: bool = True,
    quiet: bool = False,
) -> None:
    """Serve until stopped (Ctrl+C or SIGTERM). With `warm`, the master works out (or reads from
    the disk cache) the scorecard and the due list before forking, so no worker's first visitor
    waits for them."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sightline.web.settings")
    from gunicorn.app.base import BaseApplication

    options: dict[str, Any] = {
        "bind": f"{host}:{port}",
        "workers": workers or default_workers(),
        # one request at a time a process (threads 1: the sync worker); with more threads, gthread
        "worker_class": "sync" if threads <= 1 else "gthread",
        "threads": max(1, threads),
        "preload_app": True,
        # Each response closes its connection. A kept-alive connection is served by the worker that
        # accepted it, and a gthread worker accepts every connection it is offered: 50 users'
        # connections split 2 to 1 between two workers, and the one with more was the bottleneck
        # (docs/decisions/0025). Behind the reverse proxy of production every request is a new
        # upstream connection anyway (nginx's default), and on loopback a connect costs microseconds.
        "keepalive": 0,
        # a request still running after this stops, its worker replaced: an England-sized first
        # scorecard takes seconds, not minutes
        "timeout": 120,
        "graceful_timeout": 10,
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "warning" if quiet else "info",
    }

    class Application(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            from django.db import connections
            from django.urls import get_resolver

            from sightline.web.core import engine
            from sightline.web.wsgi import application

            get_resolver().url_patterns  # noqa: B018 - import every view once, in the master
            if warm:
                warm_up()
            # nothing the workers would share: each opens its own connections after the fork
            engine.workspace().close()
            connections.close_all()
            return application

    Application().run()


def warm_up() -> None:
    """Compute (or read from the disk cache) what every first visitor would otherwise wait for."""
    from sightline.web.compliance.selectors import due_data
    from sightline.web.performance.selectors import scorecard

    scorecard()
    due_data()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--workers", type=int, default=None, help="processes (default: cores + 1)")
    parser.add_argument(
        "--threads", type=int, default=1, help="threads per process (1: gunicorn's sync worker)"
    )
    parser.add_argument("--no-warm-up", action="store_true", help="do not precompute pages")
    parser.add_argument("--quiet", action="store_true", help="log warnings only")
    args = parser.parse_args(argv)
    serve(args.host, args.port, args.workers, args.threads, not args.no_warm_up, args.quiet)


if __name__ == "__main__":
    main()
