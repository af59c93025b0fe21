"""Serve the web app with waitress; optionally stop after a number of requests (benchmarks).

python -m sightline.web.serve --port 8000 [--threads 8] [--max-requests N] [--idle-exit S]
"""

from __future__ import annotations

import argparse
import os
import threading
import time


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument(
        "--max-requests", type=int, default=0, help="stop after this many (0: never)"
    )
    parser.add_argument(
        "--idle-exit", type=float, default=0, help="stop after this many idle seconds"
    )
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sightline.web.settings")
    from waitress.server import create_server

    from sightline.web.wsgi import application

    served = 0
    last = time.monotonic()
    lock = threading.Lock()

    def counting(environ, start_response):
        nonlocal served, last
        try:
            return application(environ, start_response)
        finally:
            with lock:
                served += 1
                last = time.monotonic()
                if args.max_requests and served >= args.max_requests:
                    threading.Timer(0.5, os._exit, args=(0,)).start()  # let the reply go out

    server = create_server(counting, host=args.host, port=args.port, threads=args.threads)
    if args.idle_exit:

        def watch() -> None:
            while True:
                time.sleep(1)
                if time.monotonic() - last > args.idle_exit:
                    os._exit(0)

        threading.Thread(target=watch, daemon=True).start()
    print(f"serving on http://{args.host}:{args.port}/", flush=True)
    server.run()


if __name__ == "__main__":
    main()
