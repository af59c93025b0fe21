"""The improvement plan: a framework of themes, their priorities, actions, milestones and measures,
the evidence behind them and the recommendations they answer. The history of every change is kept
in the shared layer (sightline.web.common.models.Change).

Nothing here is child-level: evidence may *link* to a snapshot figure, never copy children's rows.
RAG is computed (see rag.py), not stored; only an owner's override is stored, with its reason.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

USER = settings.AUTH_USER_MODEL


class Framework(models.Model):
    """A council's improvement framework; exactly one is active (the plan shown)."""

    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    active = models.BooleanField(default=True)
    source = models.CharField(max_length=300, blank=True)  # the file it was loaded from
    loaded_at = models.DateTimeField(auto_now_add=True)
    loaded_by = models.CharField(max_length=150, blank=True)

    def __str__(self) -> str:
        return self.name


class Overridable(models.Model):
    """An owner's judgement over the computed RAG: kept with its reason, who and when."""

    rag_override = models.CharField(max_length=10, blank=True)  # red | amber | green | ""
    override_reason = models.TextField(blank=True)
    override_by = models.CharField(max_length=150, blank=True)
    override_at = models.DateTimeField(null=True, blank=True)
    # The RAG last computed, so a computed change (new snapshot, date passing) enters the history.
    last_rag = models.CharField(max_length=20, blank=True)

    class Meta:
        abstract = True


class Theme(Overridable):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="themes")
    code = models.SlugField(max_length=50)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    order = models.PositiveIntegerField(default=0)
    lead_title = models.CharField(max_length=200, blank=True)  # e.g. "Chief executive"
    lead = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="theme_code_per_framework")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def lead_name(self) -> str:
        if self.lead:
            return self.lead.get_full_name() or self.lead.get_username()
        return ""


class Priority(models.Model):
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="priorities")
    title = models.CharField(max_length=300)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name_plural = "priorities"

    def __str__(self) -> str:
        return self.title


class Measure(models.Model):
    """A live indicator with a target and a trajectory (expected value per collection year)."""

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="measures")
    indicator_id = models.CharField(max_length=100)
    target = models.FloatField(null=True, blank=True)
    # How far behind the trajectory still counts as amber, in the indicator's own unit.
    tolerance = models.FloatField(default=0.0)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.indicator_id


class TrajectoryPoint(models.Model):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="trajectory")
    year = models.PositiveIntegerField()  # collection year (year to 31 March)
    value = models.FloatField()

    class Meta:
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "year"], name="one_point_per_year")
        ]


class Action(Overridable):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        BLOCKED = "blocked", "Blocked"
        COMPLETE = "complete", "Complete"

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    owner = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL)
    owner_title = models.CharField(max_length=200, blank=True)
    due_date = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    measure = models.ForeignKey(
        Measure, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    # Optimistic concurrency: a save names the version it was based on; a stale one is refused.
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_date", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def theme(self) -> Theme:
        return self.priority.theme

    @property
    def owner_name(self) -> str:
        if self.owner:
            return self.owner.get_full_name() or self.owner.get_username()
        return self.owner_title


class Milestone(models.Model):
    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=300)
    due_date = models.DateField()
    achieved_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_date", "id"]

    def __str__(self) -> str:
        return self.title


class Recommendation(models.Model):
    class Source(models.TextChoices):
        INSPECTION = "inspection", "Ofsted inspection"
        MONITORING_VISIT = "monitoring_visit", "Ofsted monitoring visit"
        PEER_REVIEW = "peer_review", "Peer review"
        SCRUTINY = "scrutiny", "Scrutiny"
        COMMISSIONER = "commissioner", "Commissioners"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    source = models.CharField(max_length=30, choices=Source.choices)
    source_title = models.CharField(max_length=300)  # e.g. "ILACS inspection, March 2025"
    source_date = models.DateField()
    reference = models.CharField(max_length=50, blank=True)
    text = models.TextField()
    actions = models.ManyToManyField(Action, blank=True, related_name="recommendations")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.CharField(max_length=150, blank=True)
    closure_note = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["source_date", "reference", "id"]

    def __str__(self) -> str:
        return f"{self.reference or self.id}: {self.text[:60]}"


class Evidence(models.Model):
    """A file (kept under the instance folder), a link, or an indicator value captured at a date."""

    class Kind(models.TextChoices):
        FILE = "file", "File"
        LINK = "link", "Link"
        INDICATOR = "indicator", "Indicator value"

    action = models.ForeignKey(
        Action, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence"
    )
    recommendation = models.ForeignKey(
        Recommendation, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    title = models.CharField(max_length=300)
    url = models.URLField(max_length=500, blank=True)
    file_path = models.CharField(max_length=500, blank=True)  # relative to SIGHTLINE_HOME
    file_name = models.CharField(max_length=255, blank=True)
    file_bytes = models.PositiveBigIntegerField(null=True, blank=True)
    indicator_id = models.CharField(max_length=100, blank=True)
    indicator_value = models.FloatField(null=True, blank=True)
    indicator_year = models.PositiveIntegerField(null=True, blank=True)
    # Whether the captured value rested on 1 to 4 children (then elected members see "c"); None
    # for values captured before this was recorded, which are treated as small to be safe.
    indicator_small = models.BooleanField(null=True, blank=True)
    captured_on = models.DateField(null=True, blank=True)
    snapshot_ids = models.CharField(max_length=500, blank=True)
    added_by = models.CharField(max_length=150)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "id"]
        verbose_name_plural = "evidence"

    def __str__(self) -> str:
        return self.title

    @property
    def value_rests_on_few(self) -> bool:
        """A captured indicator value that aggregate-only readers see as "c"."""
        return self.kind == self.Kind.INDICATOR and self.indicator_small is not False


class ActionUpdate(models.Model):
    """A progress note from the owner (what was done), optionally with evidence alongside."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    text = models.TextField()
    author = models.CharField(max_length=150)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
