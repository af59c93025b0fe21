"""Writes for governance: decisions, actions, challenges and answers, and generating board packs."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from sightline.web.governance import packs
from sightline.web.governance.models import (
    BoardPack,
    Challenge,
    Decision,
    Meeting,
    MeetingAction,
)


class GovernanceError(ValueError):
    """A change refused; the message says why in plain words."""


def _who(user) -> str:
    return user.get_username() if user is not None else "system"


def _need(text: str, what: str) -> str:
    text = (text or "").strip()
    if not text:
        raise GovernanceError(f"Enter {what}.")
    return text


def decision_record(meeting: Meeting, text: str, user) -> Decision:
    return Decision.objects.create(
        meeting=meeting, text=_need(text, "the decision"), recorded_by=_who(user)
    )


def meeting_action_add(
    meeting: Meeting, text: str, owner: str, due: dt.date | None, user, plan_action=None
) -> MeetingAction:
    """An action the meeting set; `plan_action` is the improvement plan action it concerns."""
    return MeetingAction.objects.create(
        meeting=meeting,
        text=_need(text, "the action"),
        owner=_need(owner, "who owns the action"),
        due_date=due,
        plan_action=plan_action,
    )


def challenge_raise(meeting: Meeting, raised_by: str, question: str, user) -> Challenge:
    return Challenge.objects.create(
        meeting=meeting,
        raised_by=_need(raised_by, "who raised the challenge"),
        question=_need(question, "the question asked"),
        recorded_by=_who(user),
    )


def challenge_answer(challenge: Challenge, answer: str, answered_by: str, user) -> Challenge:
    challenge.answer = _need(answer, "the answer given")
    challenge.answered_by = _need(answered_by, "who answered")
    challenge.answered_at = timezone.now()
    challenge.save(update_fields=["answer", "answered_by", "answered_at"])
    return challenge


def pack_generate(meeting: Meeting, user) -> BoardPack:
    """A new pack from the latest snapshots and the plan; aggregate only when elected members sit."""
    aggregate_only = meeting.body.includes_elected_members
    content = packs.build(meeting, aggregate_only)
    return BoardPack.objects.create(
        meeting=meeting,
        generated_by=_who(user),
        snapshot_ids=",".join(content["snapshot_ids"])[:1000],
        aggregate_only=aggregate_only,
        content=content,
    )
