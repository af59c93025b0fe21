"""An import job: the uploaded files (kept on disk before anything else happens) and what became
of them. The snapshots themselves live in the store; the job only names them.

The job queue's worker runs it (`tasks.run_import`, outside the web process) and keeps `percent`,
`stage` and `heartbeat_at` current; `worker_pid` and `worker_host` say which process has it, so a
page that finds that process gone marks the job failed at once (`services.job_refresh`)."""

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
        CANCELLED = "cancelled", "Cancelled"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    stage = models.CharField(max_length=200, blank=True)  # plain words for the progress page
    files = models.JSONField(default=list)  # [{"name", "bytes"}]
    upload_dir = models.CharField(max_length=500)  # where the uploaded files are kept
    snapshot_ids = models.JSONField(default=list)
    errors = models.PositiveIntegerField(default=0)
    warnings = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    report_path = models.CharField(max_length=500, blank=True)
    percent = models.PositiveSmallIntegerField(default=0)
    cancel_requested = models.BooleanField(default=False)
    worker_pid = models.PositiveIntegerField(null=True, blank=True)
    worker_host = models.CharField(max_length=255, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    peak_memory_bytes = models.BigIntegerField(null=True, blank=True)  # the capped child's peak
    # The collection year chosen on the upload form (2025 = 2024 to 2025); None: the importer
    # works it out from the files and says so in a warning.
    year = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"import {self.id} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED, self.Status.CANCELLED)

    @property
    def progress(self) -> int:
        return 100 if self.finished else max(self.percent, 5 if self.status == "running" else 0)
