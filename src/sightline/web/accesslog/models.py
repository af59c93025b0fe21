from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class AccessEntry(models.Model):
    class Outcome(models.TextChoices):
        VIEWED = "viewed", "Viewed"
        DENIED = "denied", "Refused"

    class Kind(models.TextChoices):
        CHILD = "child", "Child's record"
        LIST = "list", "List of children"
        DOWNLOAD = "download", "Download"
        EXPORT = "export", "Export"
        ATTEMPT = "attempt", "Attempt"
        SIGN_IN = "sign_in", "Sign-in"
        ACCOUNT = "account", "Account change"
        LOG = "log", "Access log"

    # The chain: each record's hash covers its fields and the previous record's hash, so an edited
    # or removed record breaks it (`sightline verify-log`, accesslog/chain.py).
    seq = models.PositiveBigIntegerField(unique=True, null=True)
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64, blank=True)
    at = models.DateTimeField(db_index=True, default=timezone.now)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    username = models.CharField(max_length=150, db_index=True)  # kept when the user is deleted
    role = models.CharField(max_length=32, blank=True)
    outcome = models.CharField(max_length=8, choices=Outcome.choices)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    what = models.CharField(max_length=200)  # e.g. "child timeline", "overdue list"
    child_id = models.CharField(max_length=100, blank=True, db_index=True)
    children_shown = models.PositiveIntegerField(default=0)
    path = models.CharField(max_length=500)
    method = models.CharField(max_length=8)
    ip = models.GenericIPAddressField(null=True, blank=True)
    snapshot_ids = models.CharField(max_length=500, blank=True)
    detail = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name_plural = "access log entries"

    def __str__(self) -> str:
        return (
            f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.outcome} {self.what} {self.child_id}"
        )


class ChainHead(models.Model):
    """One row: the last record written (its sequence number and hash) and where the chain starts
    after a purge, so removing the newest records or the oldest is found as well as editing."""

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, blank=True)
    first_seq = models.PositiveBigIntegerField(default=1)
    first_prev_hash = models.CharField(max_length=64, blank=True)
