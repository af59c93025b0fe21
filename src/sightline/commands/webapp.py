"""CLI commands that act on the web app's database. The engine does not import Django, so these
run the web app's management command in its own process (`python -m sightline.web ...`)."""

from __future__ import annotations

import subprocess
import sys

import click


@click.command("verify-log")
def verify_log() -> None:
    """Check that no access log record has been altered or removed (exit 1 if one has)."""
    done = subprocess.run([sys.executable, "-m", "sightline.web", "verify_log"], check=False)
    sys.exit(done.returncode)


COMMANDS = [verify_log]
