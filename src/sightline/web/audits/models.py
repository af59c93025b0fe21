"""Case audits: forms (versioned configuration), rounds with their recorded draw, the audits of
each drawn case, moderation, the worker's and manager's responses and actions, and calibration.

Audits are child-level data: every page showing one names a child and is logged; lists are scoped
to the reader's teams; elected members see aggregates only. The child's records themselves stay in
the snapshots: an audit holds the child's ID, the compliance picture the form was filled from, and
the auditor's judgement.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from sightline.audits.grades import GRADES, LABELS
from sightline.web.common.models import Versioned

USER = settings.AUTH_USER_MODEL
GRADE_CHOICES = [(g, LABELS[g]) for g in GRADES]


class AuditForm(models.Model):
    """One version of an audit form (audits/forms/*.yaml); never changed once loaded."""

    key = models.SlugField(max_length=60)
    version = models.PositiveIntegerField()
    name = models.CharField(max_length=200)
    definition = models.JSONField()
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "version"], name="form_version")]
        ordering = ["key", "-version"]

    def __str__(self) -> str:
        return f"{self.name} (version {self.version})"


class Round(Versioned):
    class Kind(models.TextChoices):
        MONTHLY = "monthly", "Monthly audit"
        THEMED = "themed", "Themed deep dive"
        DIP = "dip", "Dip sample"
        PRACTICE_WEEK = "practice_week", "Practice week"

    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    period_start = models.DateField()
    period_end = models.DateField()
    scope = models.TextField(blank=True)  # in words: teams, theme, questions of the deep dive
    form = models.ForeignKey(AuditForm, on_delete=models.PROTECT)
    plan = models.JSONField(default=dict)  # sampling.SamplePlan.as_dict()
    seed = models.PositiveBigIntegerField()
    moderation_percent = models.PositiveIntegerField(default=20)
    as_of = models.DateField(null=True, blank=True)  # the snapshot date the draw used
    snapshot_ids = models.JSONField(default=list)
    population = models.PositiveIntegerField(null=True, blank=True)
    drawn_at = models.DateTimeField(null=True, blank=True)
    drawn_by = models.CharField(max_length=150, blank=True)
    excluded = models.JSONField(default=list)  # [(child, reason)]
    # The draw runs as a job: when it was asked for, and why it failed if it did.
    draw_requested_at = models.DateTimeField(null=True, blank=True)
    draw_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-period_start", "-id"]

    def __str__(self) -> str:
        return self.title


class Audit(Versioned):
    class Status(models.TextChoices):
        ALLOCATED = "allocated", "Allocated"
        IN_PROGRESS = "in_progress", "In progress"
        SUBMITTED = "submitted", "Submitted"
        MODERATED = "moderated", "Moderated"

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="audits", null=True)
    exercise = models.ForeignKey(
        "CalibrationExercise",
        on_delete=models.CASCADE,
        related_name="audits",
        null=True,
        blank=True,
    )
    form = models.ForeignKey(AuditForm, on_delete=models.PROTECT)
    child_id = models.CharField(max_length=64, db_index=True)
    team = models.CharField(max_length=200, blank=True)
    worker = models.CharField(max_length=200, blank=True)
    service = models.CharField(max_length=10, blank=True)
    reason = models.CharField(max_length=300, blank=True)  # why the case was drawn
    auditor = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ALLOCATED)
    picture = models.JSONField(default=dict)  # compliance picture from the snapshot
    compliance = models.JSONField(default=dict)  # item -> True/False as the auditor confirmed
    grades = models.JSONField(default=dict)  # section -> grade
    evidence = models.JSONField(default=dict)  # section -> what the auditor saw
    overall = models.CharField(max_length=30, choices=GRADE_CHOICES, blank=True)
    scaling = models.PositiveSmallIntegerField(null=True, blank=True)  # Signs of Safety 0-10
    findings = models.TextField(blank=True)
    themes = models.JSONField(default=list)
    submitted_at = models.DateTimeField(null=True, blank=True)
    due_by = models.DateField(null=True, blank=True)
    reaudit_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL)
    worker_response = models.TextField(blank=True)
    manager_response = models.TextField(blank=True)

    class Meta:
        ordering = ["round_id", "child_id", "id"]

    def __str__(self) -> str:
        return f"Audit of {self.child_id}"

    @property
    def counted_grade(self) -> str:
        """The grade that counts: the moderator's where moderated."""
        moderation = getattr(self, "moderation", None)
        if moderation is not None and moderation.overall:
            return moderation.overall
        return self.overall


class Moderation(models.Model):
    audit = models.OneToOneField(Audit, on_delete=models.CASCADE, related_name="moderation")
    moderator = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL)
    required_because = models.CharField(max_length=100)  # "inadequate" | "sampled"
    grades = models.JSONField(default=dict)
    overall = models.CharField(max_length=30, choices=GRADE_CHOICES, blank=True)
    reasons = models.TextField(blank=True)
    done_at = models.DateTimeField(null=True, blank=True)


class AuditAction(models.Model):
    """An action from an audit for the worker or team manager, with an owner and a due date."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="actions")
    text = models.CharField(max_length=500)
    owner = models.CharField(max_length=200)
    due_date = models.DateField()
    done_on = models.DateField(null=True, blank=True)
    created_by = models.CharField(max_length=150)

    class Meta:
        ordering = ["due_date", "id"]

    def __str__(self) -> str:
        return self.text


class CalibrationExercise(models.Model):
    """Several auditors audit the same case apart; their grades show how far they agree."""

    title = models.CharField(max_length=200)
    child_id = models.CharField(max_length=64)
    form = models.ForeignKey(AuditForm, on_delete=models.PROTECT)
    held_on = models.DateField()
    round = models.ForeignKey(Round, null=True, blank=True, on_delete=models.SET_NULL)

    def __str__(self) -> str:
        return self.title
