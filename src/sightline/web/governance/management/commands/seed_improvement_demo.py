"""Seed the demo council's improvement plan, recommendations and board calendar (idempotent)."""

from django.core.management.base import BaseCommand

from sightline.web.governance.seed import seed_calendar
from sightline.web.improvement.seed import seed_plan


class Command(BaseCommand):
    help = "Seed the demo plan (seven tests), a recommendation set and a board calendar; safe to re-run."

    def handle(self, *args, **options):
        framework = seed_plan()
        seed_calendar()
        self.stdout.write(
            f"Improvement plan '{framework.name}', recommendations and board calendar ready."
        )
