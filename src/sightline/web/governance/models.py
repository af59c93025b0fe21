"""Governance: bodies (boards, panels, scrutiny), their members, meetings, agenda items, decisions,
actions, challenges and their answers, and the board packs generated for a meeting.

A pack is stored as it was generated (its content as JSON, its date, the snapshots it names), so a
figure shown to a board can be reproduced later; a new pack is generated, never an old one changed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

USER = settings.AUTH_USER_MODEL


class Body(models.Model):
    class Kind(models.TextChoices):
        IMPROVEMENT_BOARD = "improvement_board", "Improvement board"
        CORPORATE_PARENTING = "corporate_parenting", "Corporate parenting panel"
        SCRUTINY = "scrutiny", "Scrutiny select commission"
        PARTNERSHIP = "partnership", "Children and young people's partnership"
        QA_BOARD = "qa_board", "Quality assurance and performance board"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    purpose = models.TextField(blank=True)
    cadence = models.CharField(max_length=100, blank=True)  # e.g. "monthly", "every 6 weeks"
    chair = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "bodies"

    def __str__(self) -> str:
        return self.name

    @property
    def includes_elected_members(self) -> bool:
        """Packs for a body with elected members are aggregate only."""
        return any(m.is_elected_member for m in self.members.all())


class Member(models.Model):
    # Offered on the members form; the field stays free text so a council's own titles still fit.
    ROLES = (
        "Chair",
        "Vice-chair",
        "Member",
        "Elected member",
        "Adviser",
        "Commissioner",
        "Officer",
        "Clerk",
    )

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=100)  # chair, vice-chair, member, adviser, clerk...
    organisation = models.CharField(max_length=200, blank=True)
    is_elected_member = models.BooleanField(default=False)
    user = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.role})"


class Meeting(models.Model):
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateTimeField()
    location = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.body.name}, {self.date:%d %B %Y}"


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    order = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=300)
    presenter = models.CharField(max_length=200, blank=True)
    # What the item concerns, where relevant, and the pack laid before the meeting for it.
    theme = models.ForeignKey(
        "improvement.Theme", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    plan_action = models.ForeignKey(
        "improvement.Action", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recommendation = models.ForeignKey(
        "improvement.Recommendation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    pack = models.ForeignKey(
        "BoardPack", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.title


class Decision(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    agenda_item = models.ForeignKey(AgendaItem, null=True, blank=True, on_delete=models.SET_NULL)
    text = models.TextField()
    recorded_by = models.CharField(max_length=150)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]


class MeetingAction(models.Model):
    """An action a meeting set, with its owner; may point at the plan action it became."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        DROPPED = "dropped", "No longer needed"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    text = models.TextField()
    owner = models.CharField(max_length=200)
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    plan_action = models.ForeignKey(
        "improvement.Action", null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text[:100]

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.OPEN, self.Status.IN_PROGRESS)


class Challenge(models.Model):
    """A question put by a member, and the answer given (with who and when)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="challenges")
    agenda_item = models.ForeignKey(AgendaItem, null=True, blank=True, on_delete=models.SET_NULL)
    raised_by = models.CharField(max_length=200)
    directed_to = models.CharField(max_length=200, blank=True)  # whom the question was put to
    question = models.TextField()
    answer = models.TextField(blank=True)
    answered_by = models.CharField(max_length=200, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.CharField(max_length=150)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.raised_by}: {self.question[:80]}"

    @property
    def is_open(self) -> bool:
        return not self.answer


class BoardPack(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="packs")
    generated_at = models.DateTimeField(auto_now_add=True)
    generated_by = models.CharField(max_length=150)
    snapshot_ids = models.CharField(max_length=1000, blank=True)
    aggregate_only = models.BooleanField(default=True)
    content = models.JSONField()

    class Meta:
        ordering = ["-generated_at", "-id"]

    def __str__(self) -> str:
        return f"Pack for {self.meeting}, {self.generated_at:%d %B %Y %H:%M}"
