"""Audits made directly (no draw, no form filling): a round and its graded cases, for the tests of
the figures, the work list and the packs built from them."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from sightline.web.audits.models import Audit, AuditAction, Moderation, Round
from sightline.web.audits.services import form_ensure_default


def make_round(title: str, end: dt.date, cases: list[tuple[str, str, str, str]]) -> Round:
    """A round ending on `end` with submitted audits: (child, team, service, overall grade)."""
    form = form_ensure_default()
    made = Round.objects.create(
        title=title, kind="monthly", period_start=end - dt.timedelta(days=30), period_end=end,
        form=form, seed=1,
    )  # fmt: skip
    for child, team, service, grade in cases:
        Audit.objects.create(
            round=made, form=form, child_id=child, team=team, service=service, overall=grade,
            status=Audit.Status.SUBMITTED, submitted_at=timezone.now(),
            picture={"compliant": True}, grades={"assessment": grade},
        )  # fmt: skip
    return made


def moderate(audit: Audit, overall: str) -> None:
    Moderation.objects.create(audit=audit, required_because="sampled", overall=overall,
                              grades={}, reasons="Read again", done_at=timezone.now())  # fmt: skip
    Audit.objects.filter(pk=audit.pk).update(status=Audit.Status.MODERATED)


def action(audit: Audit, text: str, due: dt.date, owner: str = "W1") -> AuditAction:
    return AuditAction.objects.create(audit=audit, text=text, owner=owner, due_date=due,
                                      created_by="tm")  # fmt: skip
