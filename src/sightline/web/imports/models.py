"""An import job: the uploaded files (kept on disk before anything else happens) and what became
of them. The snapshots themselves live in the store; the job only names them."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class ImportJob(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Reading and checking the files"
        DONE = "done", "Imported"
        FAILED = "failed", "Not imported"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    stage = models.CharField(max_length=200, blank=True)  # plain words for the progress page
    files = models.JSONField(default=list)  # [{"name", "bytes"}]
    upload_dir = models.CharField(max_length=500)  # where the uploaded files are kept
    snapshot_ids = models.JSONField(default=list)
    errors = models.PositiveIntegerField(default=0)
    warnings = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    report_path = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"import {self.id} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def progress(self) -> int:
        return {"queued": 5, "running": 50, "done": 100, "failed": 100}[self.status]
