"""The reference lists a council loads beside its 903 returns, and the validation runs of its
snapshots.

A `ReferenceList` is a snapshot of one list as uploaded (Ofsted's providers, in one or more files;
a postcode reference): its files byte for byte and the table read from them, under
`<home>/references/<id>/`, written once and never changed (a newer upload of the same kind is a new
list, and the one the rules read). Who uploaded it and when are kept with it.

A `ValidationRun` is the DfE's rules run on one snapshot beside what was loaded at the time (last
year's return, the reference lists, the council's code): the job queue's worker runs it in a
capped child process (`tasks.run_validation`); the findings are kept under
`<home>/validation/<id>/`, so the report is read, not recomputed, on every page."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class ReferenceList(models.Model):
    class Kind(models.TextChoices):
        PROVIDERS = "providers", "Ofsted's list of providers"
        POSTCODES = "postcodes", "Postcode reference"

    # The history names a record by an integer id: the folder has the list's own name.
    kind = models.CharField(max_length=20, choices=Kind.choices)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    files = models.JSONField(default=list)  # [{"name", "bytes", "sha256"}]
    folder = models.CharField(max_length=500)  # <home>/references/<id>
    rows = models.PositiveIntegerField(default=0)  # providers (one per URN) or postcodes

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        names = ", ".join(f["name"] for f in self.files)
        return f"{self.get_kind_display()} ({names})"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise ValueError("A reference list is never changed: upload a new one instead.")
        super().save(*args, **kwargs)


class ValidationRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Checking the return"
        DONE = "done", "Checked"
        FAILED = "failed", "Not checked"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # What the run reads: the snapshot, last year's, the lists and the council's code.
    key = models.CharField(max_length=500, db_index=True)
    snapshot_id = models.CharField(max_length=200)
    last_id = models.CharField(max_length=200, blank=True)
    providers = models.ForeignKey(
        ReferenceList, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    postcodes = models.ForeignKey(
        ReferenceList, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    council_code = models.CharField(max_length=20, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    stage = models.CharField(max_length=200, blank=True)
    message = models.TextField(blank=True)
    result_dir = models.CharField(max_length=500, blank=True)
    worker_pid = models.PositiveIntegerField(null=True, blank=True)
    worker_host = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"validation of {self.snapshot_id} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
