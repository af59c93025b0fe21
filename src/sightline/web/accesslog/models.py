from __future__ import annotations

from django.conf import settings
from django.db import models


class AccessEntry(models.Model):
    class Outcome(models.TextChoices):
        VIEWED = "viewed", "Viewed"
        DENIED = "denied", "Refused"

    class Kind(models.TextChoices):
        CHILD = "child", "Child's record"
        LIST = "list", "List of children"
        DOWNLOAD = "download", "Download"
        ATTEMPT = "attempt", "Attempt"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
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
