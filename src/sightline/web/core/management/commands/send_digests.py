"""`python -m sightline.web send_digests [--frequency daily|weekly] [--base-url URL]`: email each
user who opted in a digest of their overdue and due-soon work. Run it from cron (daily on working
days; weekly on Mondays). The body holds counts, action titles and links, never a child's ID.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.core.management.base import BaseCommand
from django.utils import timezone

from sightline.web.core import home
from sightline.web.core.models import DigestSubscription


class Command(BaseCommand):
    help = "Email the work digest to the users who asked for it."

    def add_arguments(self, parser):
        parser.add_argument("--frequency", choices=["daily", "weekly"], default="daily")
        parser.add_argument("--base-url", default=settings.SIGHTLINE_BASE_URL)
        parser.add_argument("--dry-run", action="store_true", help="Print, do not send.")

    def handle(self, *args, frequency, base_url, dry_run, **options):
        base_url = base_url.rstrip("/")
        sent = skipped = 0
        wanted = DigestSubscription.objects.filter(frequency=frequency).select_related("user")
        for subscription in wanted:
            user = subscription.user
            if not user.is_active or not user.email:
                skipped += 1
                continue
            lines = home.digest_lines(user, base_url)
            if not lines:
                skipped += 1  # nothing due: no email
                continue
            body = "\n".join(
                [f"Hello {user.get_full_name() or user.get_username()},", "", *lines,
                 f"Change or stop these emails: {base_url}/digest/"]
            )  # fmt: skip
            subject = "Sightline: your work due"
            if dry_run:
                self.stdout.write(f"To {user.email}: {subject}\n{body}\n")
            else:
                send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
                subscription.last_sent_at = timezone.now()
                subscription.save(update_fields=["last_sent_at"])
            sent += 1
        self.stdout.write(f"Digests: {sent} sent, {skipped} with nothing to send or no address.")
