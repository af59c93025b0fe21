from __future__ import annotations

from django.conf import settings
from django.db import models


class Target(models.Model):
    """The council's target for an indicator (its RAG status is worked out from it)."""

    indicator_id = models.CharField(max_length=100, unique=True)
    value = models.FloatField()
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    set_at = models.DateTimeField(auto_now=True)
    note = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return f"{self.indicator_id}: {self.value}"
