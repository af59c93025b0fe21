from django.core.management.base import BaseCommand

from sightline.web.audits.seed import seed_audits


class Command(BaseCommand):
    help = "Seed the demo council's audit rounds, moderation and a calibration exercise (once)."

    def handle(self, *args, **options):
        made = seed_audits()
        self.stdout.write(f"Audits seeded: {made}" if made else "Audits already seeded")
