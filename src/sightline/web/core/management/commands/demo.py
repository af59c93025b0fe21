"""`python -m sightline.web demo`: migrate, create one user per role, and serve (gunicorn, one
worker process per core, `sightline.web.serve`).

Run by `make demo` (through `sightline.demo`, which first generates and imports the council).
Each run gives the demo users new passwords and prints them.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from sightline.web.accounts.models import TeamMembership, User
from sightline.web.accounts.roles import Role
from sightline.web.performance.demo import seed_demo_targets

DEMO_USERNAMES: dict[Role, str] = {
    Role.ADMINISTRATOR: "admin",
    Role.PERFORMANCE_ANALYST: "analyst",
    Role.QA_LEAD: "qalead",
    Role.AUDITOR: "auditor",
    Role.TEAM_MANAGER: "manager",
    Role.SENIOR_LEADER: "director",
    Role.ELECTED_MEMBER: "councillor",
    Role.INSPECTOR: "inspector",
}


def demo_teams() -> list[str]:
    """The team a demo team manager manages: the first team in the data."""
    from sightline import timeline
    from sightline.web.core import engine

    data = engine.dataset()
    return timeline.teams(data)[:1] if data is not None else []


def create_demo_users() -> list[tuple[User, str]]:
    made = []
    teams = demo_teams()
    for role, username in DEMO_USERNAMES.items():
        password = secrets.token_urlsafe(9)
        user, _ = User.objects.get_or_create(username=username)
        user.role = role.value
        user.set_password(password)
        user.save()
        if role is Role.TEAM_MANAGER:
            TeamMembership.objects.filter(user=user).delete()
            for team in teams:
                TeamMembership.objects.create(user=user, team=team)
        made.append((user, password))
    return made


def warm_up() -> None:
    """Compute the cached results every first visitor would otherwise wait for (kept on disk, so
    the next run reads them)."""
    from sightline.web.serve import warm_up as warm

    warm()


class Command(BaseCommand):
    help = "Create one demo user per role (printing their passwords) and serve the app."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--workers", type=int, default=None, help="Processes (default: cores + 1)."
        )
        parser.add_argument(
            "--threads", type=int, default=1, help="Threads per process (1: one request at a time)."
        )
        parser.add_argument("--no-serve", action="store_true", help="Set up only; do not serve.")
        parser.add_argument("--no-warm-up", action="store_true", help="Do not precompute pages.")

    def handle(self, *args, host, port, workers, threads, no_serve, no_warm_up, **options):
        call_command("migrate", interactive=False, verbosity=0)
        call_command("seed_improvement_demo")  # plan, recommendations, board calendar (idempotent)
        seed_demo_targets()  # targets for the scorecard's RAG (a council's own are kept)
        self.stdout.write("\nDemo users (new passwords each run):")
        for user, password in create_demo_users():
            teams = ", ".join(sorted(user.team_names))
            extra = f" (team: {teams})" if teams else ""
            self.stdout.write(f"  {user.username:<11} {password:<14} {user.role_label}{extra}")
        call_command("seed_audits_demo")  # two audit rounds, moderation, calibration (once)
        if not no_warm_up:
            self.stdout.write("\nWorking out the scorecard and due lists once ...")
            warm_up()
        if no_serve:
            return
        import socket

        from sightline.web.serve import serve

        with socket.socket() as probe:  # say so plainly, before the server starts, if taken
            try:
                probe.bind((host, port))
            except OSError as error:
                raise CommandError(
                    f"Cannot serve on {host}:{port} ({error.strerror}): another server is using "
                    "it. Stop it, or choose another port: .venv/bin/python -m sightline.demo "
                    "--port 8001"
                ) from None
        self.stdout.write(f"\nSightline is at http://{host}:{port}/  (Ctrl+C stops it)\n")
        self.stdout.flush()
        # Another `make demo` reads this and leaves this one alone (sightline.demo.running_demo).
        pid_file = Path(settings.SIGHTLINE_HOME) / "demo.pid"
        pid_file.write_text(f"{os.getpid()} {port}\n")
        try:
            serve(host, port, workers, threads, warm=False, quiet=True)
        finally:
            pid_file.unlink(missing_ok=True)
