"""Writes for governance: bodies and their members, meetings and agenda items, decisions, actions,
challenges and answers, and generating board packs.

Every change is recorded in the shared history (common.history: who, when, before, after), under the item types body, member, meeting, agenda item, meeting action, challenge.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from sightline.web.common import history
from sightline.web.governance import packs
from sightline.web.governance.models import (
    AgendaItem,
    BoardPack,
    Body,
    Challenge,
    Decision,
    Meeting,
    MeetingAction,
    Member,
)
from sightline.web.improvement import services as improvement


class GovernanceError(ValueError):
    """A change refused; the message says why in plain words."""


_who = history.who


def _need(text: str, what: str) -> str:
    text = (text or "").strip()
    if not text:
        raise GovernanceError(f"Enter {what}.")
    return text


def _history(item, kind: str, field: str, before, after, user) -> None:
    history.record(item, kind, field, before, after, by=_who(user))


# Bodies and members ------------------------------------------------------------------------------

BODY_FIELDS = ("name", "kind", "purpose", "cadence", "chair")


@transaction.atomic
def body_save(body: Body | None, values: dict, user) -> Body:
    """Create a body (body=None) or change one; each changed field enters the history."""
    name = _need(values.get("name", ""), "the body's name")
    clash = Body.objects.filter(name__iexact=name).exclude(pk=body.pk if body else None)
    if clash.exists():
        raise GovernanceError(f"There is already a body called '{clash.first()}'.")
    if values.get("kind") not in Body.Kind.values:
        raise GovernanceError("Choose what kind of body it is.")
    cleaned = {f: (values.get(f) or "").strip() for f in BODY_FIELDS}
    if body is None:
        body = Body.objects.create(**cleaned)
        _history(body, "body", "created", "", body.name, user)
        return body
    for field in BODY_FIELDS:
        before = getattr(body, field)
        if before != cleaned[field]:
            setattr(body, field, cleaned[field])
            _history(body, "body", field, before, cleaned[field], user)
    body.save()
    return body


def member_add(body: Body, name: str, role: str, organisation: str, elected: bool, user) -> Member:
    """A member with their role; an elected member makes the body's packs aggregate only."""
    member = Member.objects.create(
        body=body,
        name=_need(name, "the member's name"),
        role=_need(role, "the member's role"),
        organisation=(organisation or "").strip(),
        is_elected_member=bool(elected),
    )
    label = f"{member}{' (elected member)' if elected else ''}"
    _history(body, "body", "member added", "", label, user)
    return member


MEMBER_FIELDS = {
    "name": "member's name",
    "role": "member's role",
    "organisation": "member's organisation",
    "is_elected_member": "elected member",
}


@transaction.atomic
def member_change(member: Member, values: dict, user) -> Member:
    """Correct a member's name, role, organisation or elected-member tick; each change enters the
    body's history. The tick decides whether the body's future packs are aggregate only; packs
    already generated stay as they were."""
    cleaned = {
        "name": _need(values.get("name", ""), "the member's name"),
        "role": _need(values.get("role", ""), "the member's role"),
        "organisation": (values.get("organisation") or "").strip(),
        "is_elected_member": bool(values.get("is_elected_member")),
    }
    known_as = member.name  # every change is labelled with the name the member had
    for field, label in MEMBER_FIELDS.items():
        before = getattr(member, field)
        if before != cleaned[field]:
            setattr(member, field, cleaned[field])
            shown = (lambda v: "Yes" if v else "No") if field == "is_elected_member" else str
            _history(
                member.body,
                "body",
                f"{label} ({known_as})",
                shown(before),
                shown(cleaned[field]),
                user,
            )
    member.save()
    return member


def member_remove(member: Member, user) -> None:
    _history(member.body, "body", "member removed", str(member), "", user)
    member.delete()


# Meetings and agenda ----------------------------------------------------------------------------


def meeting_schedule(body: Body, when: dt.datetime, location: str, user) -> Meeting:
    meeting = Meeting.objects.create(body=body, date=when, location=(location or "").strip())
    _history(meeting, "meeting", "scheduled", "", f"{when:%d %B %Y %H:%M}", user)
    return meeting


def meeting_change(meeting: Meeting, when: dt.datetime, location: str, user) -> Meeting:
    """Move a meeting or change its place; each change enters the history."""
    location = (location or "").strip()
    if meeting.date != when:
        before = f"{timezone.localtime(meeting.date):%d %B %Y %H:%M}"
        _history(meeting, "meeting", "date", before, f"{when:%d %B %Y %H:%M}", user)
        meeting.date = when
    if meeting.location != location:
        _history(meeting, "meeting", "place", meeting.location, location, user)
        meeting.location = location
    meeting.save()
    return meeting


def _agenda_item_of(meeting: Meeting, item: AgendaItem | None) -> AgendaItem | None:
    if item is not None and item.meeting_id != meeting.id:
        raise GovernanceError("The agenda item must be one of this meeting's.")
    return item


def _item_label(item: AgendaItem | None) -> str:
    return item.title if item is not None else "none"


def agenda_remove(item: AgendaItem, user) -> None:
    _history(item.meeting, "meeting", "agenda item removed", item.title, "", user)
    item.delete()


def agenda_add(meeting: Meeting, values: dict, user) -> AgendaItem:
    """An agenda item at the end of the agenda; it may name the theme, plan action or
    recommendation it concerns, and a pack generated for this meeting."""
    pack = values.get("pack")
    if pack is not None and pack.meeting_id != meeting.id:
        raise GovernanceError("The pack must be one generated for this meeting.")
    last = meeting.agenda.order_by("-order").values_list("order", flat=True).first()
    item = AgendaItem.objects.create(
        meeting=meeting,
        order=(last or 0) + 1,
        title=_need(values.get("title", ""), "the agenda item's title"),
        presenter=(values.get("presenter") or "").strip(),
        theme=values.get("theme"),
        plan_action=values.get("plan_action"),
        recommendation=values.get("recommendation"),
        pack=pack,
    )
    _history(meeting, "meeting", "agenda item added", "", item.title, user)
    return item


@transaction.atomic
def agenda_move(item: AgendaItem, up: bool, user) -> None:
    """Swap an item with its neighbour above (up) or below; the agenda is renumbered 1, 2, 3..."""
    items = list(item.meeting.agenda.all())
    at = next(i for i, found in enumerate(items) if found.pk == item.pk)
    to = at - 1 if up else at + 1
    if not 0 <= to < len(items):
        return
    items[at], items[to] = items[to], items[at]
    for order, found in enumerate(items, start=1):
        if found.order != order:
            AgendaItem.objects.filter(pk=found.pk).update(order=order)
    _history(item.meeting, "meeting", "agenda order", at + 1, to + 1, user)


# Business recorded at a meeting ------------------------------------------------------------------


def decision_record(
    meeting: Meeting, text: str, user, agenda_item: AgendaItem | None = None
) -> Decision:
    """A decision of the meeting, optionally under the agenda item it was taken on."""
    decision = Decision.objects.create(
        meeting=meeting,
        agenda_item=_agenda_item_of(meeting, agenda_item),
        text=_need(text, "the decision"),
        recorded_by=_who(user),
    )
    _history(meeting, "meeting", "decision", "", decision.text[:500], user)
    return decision


@transaction.atomic
def decision_change(decision: Decision, text: str, agenda_item: AgendaItem | None, user) -> None:
    """Correct a decision's wording or the agenda item it was taken on; the meeting's history
    records each change."""
    text = _need(text, "the decision")
    _agenda_item_of(decision.meeting, agenda_item)
    if decision.text != text:
        _history(
            decision.meeting, "meeting", "decision text", decision.text[:500], text[:500], user
        )
        decision.text = text
    if decision.agenda_item_id != (agenda_item.id if agenda_item else None):
        _history(
            decision.meeting,
            "meeting",
            "decision agenda item",
            _item_label(decision.agenda_item),
            _item_label(agenda_item),
            user,
        )
        decision.agenda_item = agenda_item
    decision.save()


@transaction.atomic
def meeting_action_add(
    meeting: Meeting,
    text: str,
    owner: str,
    due: dt.date | None,
    user,
    plan_action=None,
    new_in_priority=None,
) -> MeetingAction:
    """An action the meeting set; `plan_action` is the improvement plan action it concerns, or,
    with `new_in_priority`, a new plan action is created under that priority for it."""
    text = _need(text, "the action")
    owner = _need(owner, "who owns the action")
    if new_in_priority is not None:
        if plan_action is not None:
            raise GovernanceError(
                "Either link an existing plan action or create a new one, not both."
            )
        if due is None:
            raise GovernanceError("A new plan action needs a due date.")
        plan_action = improvement.action_create(new_in_priority, text[:300], owner, due, user)
    action = MeetingAction.objects.create(
        meeting=meeting, text=text, owner=owner, due_date=due, plan_action=plan_action
    )
    _history(action, "meeting action", "created", "", f"{text[:300]} ({owner})", user)
    return action


@transaction.atomic
def meeting_action_change(
    action: MeetingAction, text: str, owner: str, due: dt.date | None, user
) -> None:
    """Correct an action's text, owner or due date; each change enters its history. The plan
    action it is linked to (if any) is left as it is: it is changed on the plan."""
    cleaned = {
        "text": _need(text, "the action"),
        "owner": _need(owner, "who owns the action"),
        "due_date": due,
    }
    for field, value in cleaned.items():
        before = getattr(action, field)
        if before != value:
            label = "due date" if field == "due_date" else field
            _history(action, "meeting action", label, before or "", value or "", user)
            setattr(action, field, value)
    action.save()


def meeting_action_status(action: MeetingAction, status: str, user) -> None:
    if status not in MeetingAction.Status.values:
        raise GovernanceError("Choose the action's status.")
    before = action.get_status_display()
    if action.status == status:
        return
    action.status = status
    action.save(update_fields=["status"])
    _history(action, "meeting action", "status", before, action.get_status_display(), user)


def challenge_raise(
    meeting: Meeting,
    raised_by: str,
    question: str,
    user,
    directed_to: str = "",
    agenda_item: AgendaItem | None = None,
) -> Challenge:
    challenge = Challenge.objects.create(
        meeting=meeting,
        agenda_item=_agenda_item_of(meeting, agenda_item),
        raised_by=_need(raised_by, "who raised the challenge"),
        directed_to=(directed_to or "").strip(),
        question=_need(question, "the question asked"),
        recorded_by=_who(user),
    )
    _history(challenge, "challenge", "raised", "", challenge.question[:500], user)
    return challenge


CHALLENGE_FIELDS = {"raised_by": "raised by", "directed_to": "put to", "question": "question"}


@transaction.atomic
def challenge_change(challenge: Challenge, values: dict, user) -> None:
    """Correct who raised a challenge, whom it was put to, its wording or its agenda item, while it
    awaits an answer (an answered challenge stands as it was answered)."""
    if not challenge.is_open:
        raise GovernanceError("The challenge has been answered, so it can no longer be changed.")
    agenda_item = _agenda_item_of(challenge.meeting, values.get("agenda_item"))
    cleaned = {
        "raised_by": _need(values.get("raised_by", ""), "who raised the challenge"),
        "directed_to": (values.get("directed_to") or "").strip(),
        "question": _need(values.get("question", ""), "the question asked"),
    }
    for field, label in CHALLENGE_FIELDS.items():
        before = getattr(challenge, field)
        if before != cleaned[field]:
            _history(challenge, "challenge", label, before[:500], cleaned[field][:500], user)
            setattr(challenge, field, cleaned[field])
    if challenge.agenda_item_id != (agenda_item.id if agenda_item else None):
        before_label = _item_label(challenge.agenda_item)
        _history(
            challenge, "challenge", "agenda item", before_label, _item_label(agenda_item), user
        )
        challenge.agenda_item = agenda_item
    challenge.save()


def challenge_answer(
    challenge: Challenge, answer: str, answered_by: str, user, on: dt.date | None = None
) -> Challenge:
    """Record the answer; `on` is the day it was given (today when not said)."""
    answer = _need(answer, "the answer given")
    answered_by = _need(answered_by, "who answered")
    now = timezone.localtime()
    if on is not None and on > now.date():
        raise GovernanceError("The date of the answer cannot be in the future.")
    if on is not None and on < timezone.localtime(challenge.meeting.date).date():
        raise GovernanceError("The answer cannot be dated before the meeting it was raised at.")
    before = challenge.answer
    challenge.answer, challenge.answered_by = answer, answered_by
    challenge.answered_at = (
        now
        if on is None or on == now.date()
        else timezone.make_aware(dt.datetime.combine(on, dt.time(12)))
    )
    challenge.save(update_fields=["answer", "answered_by", "answered_at"])
    _history(
        challenge,
        "challenge",
        "answer",
        before,
        f"{challenge.answered_by}: {challenge.answer[:400]}",
        user,
    )
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
