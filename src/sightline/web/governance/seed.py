"""The demo council's boards and their calendar (idempotent: bodies are found by name)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from sightline.web.core import engine
from sightline.web.governance.models import AgendaItem, Body, Meeting, Member

K = Body.Kind
# name, kind, purpose, cadence, days between meetings, members (name, role, elected?)
DEMO_BODIES = [
    (
        "Children's improvement board",
        K.IMPROVEMENT_BOARD,
        "Holds the improvement plan to account: the seven tests, their leads and the evidence of change.",
        "Monthly",
        28,
        [
            ("Independent chair", "Chair", False),
            ("Director of children's services", "Member", False),
            ("DfE improvement adviser", "Adviser", False),
            ("Lead member for children", "Member", True),
        ],
    ),
    (
        "Corporate parenting panel",
        K.CORPORATE_PARENTING,
        "Elected members as corporate parents of children in care and care leavers.",
        "Every 6 weeks",
        42,
        [
            ("Lead member for children", "Chair", True),
            ("Councillor A", "Member", True),
            ("Head of children in care", "Officer", False),
        ],
    ),
    (
        "Improving Lives select commission",
        K.SCRUTINY,
        "Scrutiny of children's services: evidence of change, challenged constructively.",
        "Every 2 months",
        56,
        [("Scrutiny chair", "Chair", True), ("Councillor B", "Member", True)],
    ),
    (
        "Children and young people's partnership",
        K.PARTNERSHIP,
        "Council, police, health and schools together for children.",
        "Quarterly",
        91,
        [
            ("Director of children's services", "Chair", False),
            ("Police superintendent", "Member", False),
            ("Designated nurse", "Member", False),
        ],
    ),
    (
        "Quality assurance and performance board",
        K.QA_BOARD,
        "Audit findings, learning themes and performance, for officers.",
        "Monthly",
        28,
        [
            ("Head of performance and quality", "Chair", False),
            ("Principal social worker", "Member", False),
        ],
    ),
]
AGENDA = [
    "Minutes and actions of the last meeting",
    "Performance report and board pack",
    "Improvement plan: progress by theme",
    "Recommendations tracker",
]


def _weekday(day: dt.date) -> dt.date:
    """The day itself, or the Monday after when it falls at a weekend."""
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def seed_calendar(today: dt.date | None = None, meetings_each: int = 3) -> None:
    today = today or engine.today()
    for index, (name, kind, purpose, cadence, gap, members) in enumerate(DEMO_BODIES):
        body, created = Body.objects.get_or_create(
            name=name,
            defaults={
                "kind": kind,
                "purpose": purpose,
                "cadence": cadence,
                "chair": next((m for m, role, _ in members if role == "Chair"), ""),
            },
        )
        if not created:
            continue
        for member_name, role, elected in members:
            Member.objects.create(body=body, name=member_name, role=role, is_elected_member=elected)
        for n in range(meetings_each):
            # One past meeting, then coming ones; bodies on different days, mornings and
            # afternoons, as a council's calendar would have them.
            day = _weekday(today + dt.timedelta(days=7 + 2 * index + n * gap - gap))
            hour = 10 if index % 2 == 0 else 14
            when = timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))
            meeting = Meeting.objects.create(body=body, date=when, location="Town hall")
            for order, title in enumerate(AGENDA):
                AgendaItem.objects.create(meeting=meeting, order=order, title=title)
