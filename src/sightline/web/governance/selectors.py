"""Reads for governance: bodies with members and meetings, the calendar, a meeting with its
business, open actions and challenges, packs, and the history of changes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, Q
from django.utils import timezone

from sightline.web.common import history as common_history
from sightline.web.core import engine
from sightline.web.governance.models import (
    AgendaItem,
    BoardPack,
    Body,
    Challenge,
    Meeting,
    MeetingAction,
)


def bodies() -> list[Body]:
    return list(Body.objects.prefetch_related("members", "meetings"))


def body(body_id: int) -> Body:
    return Body.objects.prefetch_related("members", "meetings").get(pk=body_id)


@dataclass
class Calendar:
    today: dt.date
    upcoming: list[Meeting]
    past: list[Meeting]


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def calendar(body_id: int | None = None) -> Calendar:
    """Meetings across bodies (or one body's), split at the start of today (the council's today,
    SIGHTLINE_TODAY in the demo): upcoming soonest first, past latest first."""
    today = engine.today()
    found = Meeting.objects.select_related("body")
    if body_id is not None:
        found = found.filter(body_id=body_id)
    start = _start_of(today)
    return Calendar(
        today=today,
        upcoming=list(found.filter(date__gte=start).order_by("date", "id")),
        past=list(found.filter(date__lt=start).order_by("-date", "-id")),
    )


def open_actions(body_id: int) -> list[MeetingAction]:
    return list(
        MeetingAction.objects.filter(
            meeting__body_id=body_id,
            status__in=[MeetingAction.Status.OPEN, MeetingAction.Status.IN_PROGRESS],
        )
        .select_related("meeting", "plan_action")
        .order_by("due_date", "id")
    )


def open_challenges(body_id: int, before: dt.datetime | None = None) -> list[Challenge]:
    """Unanswered challenges put at the body's meetings (those before `before`, when given)."""
    found = (
        Challenge.objects.filter(meeting__body_id=body_id)
        .filter(Q(answer=""))
        .select_related("meeting")
    )
    if before is not None:
        found = found.filter(meeting__date__lt=before)
    return list(found.order_by("meeting__date", "id"))


def history(item_type: str, item_id: int, limit: int = 100):
    return common_history.history(item_type, item_id, limit)


def meeting(meeting_id: int) -> Meeting:
    return (
        Meeting.objects.select_related("body")
        .prefetch_related(
            "body__members",
            Prefetch(
                "agenda",
                queryset=AgendaItem.objects.select_related(
                    "theme", "plan_action", "recommendation", "pack"
                ),
            ),
            "decisions",
            Prefetch("actions", queryset=MeetingAction.objects.select_related("plan_action")),
            "challenges",
            Prefetch(
                "packs",
                queryset=BoardPack.objects.only(
                    "id",
                    "meeting_id",
                    "generated_at",
                    "generated_by",
                    "aggregate_only",
                    "snapshot_ids",
                ),
            ),
        )
        .get(pk=meeting_id)
    )


def pack(pack_id: int) -> BoardPack:
    return BoardPack.objects.select_related("meeting__body").get(pk=pack_id)
