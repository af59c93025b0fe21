"""`python -m sightline.web purge_access_log`: remove records older than the retention period
(SIGHTLINE_ACCESS_LOG_RETENTION_DAYS); the purge is itself a record. Run it daily."""

from django.core.management.base import BaseCommand

from sightline.web.accesslog.services import purge, retention_days


class Command(BaseCommand):
    help = "Remove access log records older than the retention period (the purge is logged)."

    def handle(self, *args, **options):
        count = purge()
        self.stdout.write(f"Removed {count} records older than {retention_days()} days.")
