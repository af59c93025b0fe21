"""What every area keeps the same way: the history of changes to its records."""

from __future__ import annotations

from django.db import models


class Change(models.Model):
    """One change to a record: who, when, before, after, why. Never edited.

    `item_type` names the kind of record (theme, action, body, meeting, audit...) and `item_id` its
    key in its own area's table, so any area records here without a foreign key into it.
    """

    item_type = models.CharField(max_length=30)
    item_id = models.PositiveBigIntegerField()
    item_label = models.CharField(max_length=300)
    field = models.CharField(max_length=300)  # "elected member (Cllr ...)": names can be long
    before = models.TextField(blank=True)
    after = models.TextField(blank=True)
    reason = models.TextField(blank=True)
    version = models.PositiveIntegerField(null=True, blank=True)  # the item's version after it
    by = models.CharField(max_length=150)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["item_type", "item_id"])]

    def __str__(self) -> str:
        return f"{self.item_type} {self.item_id}: {self.field}"


class Versioned(models.Model):
    """Optimistic concurrency: a save names the version it began from (see common.versions)."""

    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True
