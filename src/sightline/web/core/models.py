"""Core's own state: who asked for the email digest of their work."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class DigestSubscription(models.Model):
    """A user's opt-in to the digest email (nobody gets one without asking)."""

    class Frequency(models.TextChoices):
        DAILY = "daily", "Every working day"
        WEEKLY = "weekly", "Every Monday"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest"
    )
    frequency = models.CharField(max_length=10, choices=Frequency.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.user} ({self.frequency})"
