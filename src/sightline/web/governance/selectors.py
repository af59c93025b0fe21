"""Reads for governance: bodies with members and meetings, a meeting with its business, packs."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils import timezone

from sightline.web.governance.models import BoardPack, Body, Meeting


def bodies() -> list[Body]:
    return list(Body.objects.prefetch_related("members", "meetings"))


def body(body_id: int) -> Body:
    return Body.objects.prefetch_related("members", "meetings").get(pk=body_id)


def upcoming_meetings(limit: int = 10) -> list[Meeting]:
    return list(Meeting.objects.select_related("body").filter(date__gte=timezone.now())[:limit])


def meeting(meeting_id: int) -> Meeting:
    return (
        Meeting.objects.select_related("body")
        .prefetch_related(
            "body__members",
            "agenda",
            "decisions",
            "actions",
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


def pack_children_ids(pack: BoardPack) -> list[str]:
    return [i for group in pack.content.get("children", []) for i in group["child_ids"]]
