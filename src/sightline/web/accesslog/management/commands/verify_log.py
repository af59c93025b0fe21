"""`python -m sightline.web verify_log` (or `sightline verify-log`): check the access log's chain."""

from django.core.management.base import BaseCommand, CommandError

from sightline.web.accesslog.models import AccessEntry
from sightline.web.accesslog.services import verify


class Command(BaseCommand):
    help = "Check that no access log record has been altered or removed (the hash chain)."

    def handle(self, *args, **options):
        breaks = verify()
        if breaks:
            for found in breaks:
                self.stderr.write(str(found))
            raise CommandError(f"The access log has been tampered with: {len(breaks)} break(s).")
        self.stdout.write(f"The access log is intact: {AccessEntry.objects.count()} records.")
