"""Writes for case audits. Each is one call with keyword arguments; a refusal raises FieldError
naming the form field it concerns. Every change enters the shared history (common.history)."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from sightline.audits import form_file, picture, sampling
from sightline.audits.grades import GRADES, INADEQUATE, label
from sightline.web.audits.models import (
    Audit,
    AuditAction,
    AuditForm,
    CalibrationExercise,
    Moderation,
    Round,
)
from sightline.web.common import history
from sightline.web.common.errors import FieldError
from sightline.web.common.versions import check_version
from sightline.web.core import engine

AUDITOR_ROLES = ("auditor", "qa_lead")
REAUDIT_DAYS = 90  # an inadequate case is audited again within this many days


def form_load(data: dict) -> AuditForm:
    """A checked form definition (form_file.parse); the same key and version is loaded once."""
    found, _ = AuditForm.objects.get_or_create(
        key=data["key"],
        version=data["version"],
        defaults={"name": data["name"], "definition": data},
    )
    return found


def form_ensure_default() -> AuditForm:
    return form_load(form_file.read(form_file.DEFAULT))


def round_create(
    *,
    title: str,
    kind: str,
    period_start: dt.date,
    period_end: dt.date,
    scope: str,
    plan: sampling.SamplePlan,
    seed: int,
    moderation_percent: int,
    user,
    form: AuditForm | None = None,
) -> Round:
    if not title.strip():
        raise FieldError("Enter the round's title", "title")
    if period_end < period_start:
        raise FieldError("The end of the period must be on or after its start", "period_end")
    if not 0 <= moderation_percent <= 100:
        raise FieldError("The share moderated must be between 0 and 100", "moderation_percent")
    try:
        plan.check()
    except sampling.SampleError as error:
        raise FieldError(str(error), "per_stratum") from None
    created = Round.objects.create(
        title=title.strip(),
        kind=kind,
        period_start=period_start,
        period_end=period_end,
        scope=scope.strip(),
        form=form or form_ensure_default(),
        plan=plan.as_dict(),
        seed=seed,
        moderation_percent=moderation_percent,
    )
    history.record(created, "audit round", "created", "", created.title, by=history.who(user))
    return created


def _auditors() -> dict[str, frozenset[str]]:
    users = get_user_model().objects.filter(role__in=AUDITOR_ROLES, is_active=True)
    return {u.get_username(): frozenset(u.team_names) for u in users}


def round_draw_request(*, round_id: int, user) -> Round:
    """Ask for the round's sample: queued for the job worker, or drawn at once where jobs run
    inline (SIGHTLINE_IMPORT_MODE=inline, the tests). A round is drawn once."""
    found = Round.objects.get(pk=round_id)
    if found.drawn_at is not None:
        raise FieldError("This round's sample has already been drawn.")
    if found.draw_requested_at is not None and not found.draw_error:
        raise FieldError("This round's sample is being drawn.")
    Round.objects.filter(pk=round_id).update(draw_requested_at=timezone.now(), draw_error="")
    if settings.SIGHTLINE_IMPORT_MODE == "inline":
        round_draw_run(round_id=round_id, username=history.who(user))
    else:
        from sightline.web.audits.tasks import draw_round

        draw_round.enqueue(round_id, history.who(user))
    return Round.objects.get(pk=round_id)


def round_draw_run(*, round_id: int, username: str) -> int:
    """The job: draw, or record in plain words why it could not be drawn. Returns cases drawn."""
    user = get_user_model().objects.filter(username=username).first()
    try:
        return round_draw(round_id=round_id, user=user).audits.count()
    except FieldError as error:
        Round.objects.filter(pk=round_id).update(draw_error=str(error))
        return 0


@transaction.atomic
def round_draw(*, round_id: int, user) -> Round:
    """Draw the round's sample from the latest snapshot, record the draw (seed, snapshot, date,
    exclusions) and allocate each case to an auditor outside its team with its compliance picture.
    A round is drawn once: the same seed and snapshot would give the same sample again."""
    found = Round.objects.select_for_update().get(pk=round_id)
    if found.drawn_at is not None:
        raise FieldError("This round's sample has already been drawn.")
    data = engine.dataset()
    if data is None:
        raise FieldError("There is no snapshot to draw from yet: import the returns first.")
    as_of = min(data.reference_date() or engine.today(), found.period_end)
    last: dict[str, dt.date] = {}
    for child, when in Audit.objects.filter(submitted_at__isnull=False).values_list(
        "child_id", "submitted_at"
    ):
        last[child] = max(last.get(child, when.date()), when.date())
    plan = sampling.SamplePlan.from_dict(found.plan)
    sample = sampling.draw(sampling.population(data, as_of), plan, found.seed, as_of, last)
    allocation = sampling.allocate(sample.cases, _auditors(), found.seed)
    users = {u.get_username(): u for u in get_user_model().objects.filter(role__in=AUDITOR_ROLES)}
    for case in sample.cases:
        auditor = allocation.get(case.child_id)
        shown = picture.picture(data, case.child_id, as_of, case.service)
        Audit.objects.create(
            round=found,
            form=found.form,
            child_id=case.child_id,
            team=case.team,
            worker=case.worker or "",
            service=case.service,
            reason=case.reason,
            auditor=users.get(auditor) if auditor else None,
            picture=shown,
            compliance=dict(shown["items"]),
        )
    found.as_of = as_of
    found.snapshot_ids = list(data.snapshot_ids)
    found.population = sample.population
    found.excluded = [list(pair) for pair in sample.excluded]
    found.drawn_at = timezone.now()
    found.drawn_by = history.who(user)
    found.version += 1
    found.save()
    history.record(
        found,
        "audit round",
        "sample drawn",
        "",
        f"{len(sample.cases)} of {sample.population} open cases (seed {found.seed})",
        by=history.who(user),
        version=found.version,
    )
    return found


def _needs_moderation(audit: Audit) -> str:
    if audit.overall == INADEQUATE or INADEQUATE in audit.grades.values():
        return "inadequate"
    percent = audit.round.moderation_percent if audit.round else 0
    digest = hashlib.sha256(f"{audit.round.seed if audit.round else 0}:{audit.pk}".encode())
    return "sampled" if int(digest.hexdigest()[:8], 16) % 100 < percent else ""


@transaction.atomic
def audit_save(
    *,
    audit_id: int,
    based_on: int,
    compliance: dict,
    grades: dict,
    evidence: dict,
    overall: str,
    scaling: int | None,
    findings: str,
    themes: list[str],
    submit: bool,
    user,
) -> Audit:
    """Save the auditor's work (resume later) or submit it. Only the allocated auditor, and only
    before it is submitted. A submitted audit graded inadequate anywhere is always moderated;
    others as the round's share says."""
    audit = Audit.objects.select_for_update().get(pk=audit_id)
    check_version(audit, based_on, "audit")
    if audit.auditor_id != user.pk:
        raise FieldError("Only the auditor allocated this case can change the audit.")
    if audit.status in (Audit.Status.SUBMITTED, Audit.Status.MODERATED):
        raise FieldError("This audit has been submitted and can no longer be changed.")
    sections = [s["code"] for s in audit.form.definition["sections"]]
    bad = [g for g in [*grades.values(), overall] if g and g not in GRADES]
    if bad:
        raise FieldError("Choose a grade from the scale.", "overall")
    if scaling is not None and not 0 <= scaling <= 10:
        raise FieldError("The scaling must be from 0 to 10", "scaling")
    if submit:
        for code in sections:
            if not grades.get(code):
                raise FieldError("Grade every section before submitting", f"grade_{code}")
        if not overall:
            raise FieldError("Give the overall grade before submitting", "overall")
        if not findings.strip():
            raise FieldError("Write the findings before submitting", "findings")
    audit.compliance = compliance
    audit.grades = {k: v for k, v in grades.items() if v}
    audit.evidence = {k: v for k, v in evidence.items() if v}
    audit.overall, audit.scaling, audit.findings = overall, scaling, findings.strip()
    audit.themes = themes
    audit.version += 1
    by = history.who(user)
    if submit:
        audit.status = Audit.Status.SUBMITTED
        audit.submitted_at = timezone.now()
        audit.save()
        history.record(
            audit, "audit", "submitted", "", label(overall), by=by, version=audit.version
        )
        because = _needs_moderation(audit)
        if because:
            Moderation.objects.create(audit=audit, required_because=because)
    else:
        audit.status = Audit.Status.IN_PROGRESS
        audit.save()
        history.record(audit, "audit", "saved", "", "", by=by, version=audit.version)
    return audit


@transaction.atomic
def moderation_save(*, audit_id: int, grades: dict, overall: str, reasons: str, user) -> Moderation:
    """The moderator's second reading: a changed grade needs its reason; the moderated grade is
    the one that counts from now on."""
    audit = Audit.objects.select_for_update().get(pk=audit_id)
    moderation, _ = Moderation.objects.get_or_create(
        audit=audit, defaults={"required_because": "chosen"}
    )
    if audit.status != Audit.Status.SUBMITTED:
        raise FieldError("Only a submitted audit can be moderated.")
    if audit.auditor_id == user.pk:
        raise FieldError("A moderator cannot moderate their own audit.")
    if overall not in GRADES:
        raise FieldError("Give the moderated overall grade", "overall")
    changed = [k for k, v in grades.items() if v and v != audit.grades.get(k)]
    if (changed or overall != audit.overall) and not reasons.strip():
        raise FieldError("Give the reason for changing the grade", "reasons")
    moderation.grades = {k: v for k, v in grades.items() if v}
    moderation.overall, moderation.reasons = overall, reasons.strip()
    moderation.moderator, moderation.done_at = user, timezone.now()
    moderation.save()
    by = history.who(user)
    for code in changed:
        history.record(
            audit,
            "audit",
            f"moderated grade: {code}",
            label(audit.grades.get(code)),
            label(grades[code]),
            by=by,
            reason=reasons.strip(),
        )
    if overall != audit.overall:
        history.record(
            audit,
            "audit",
            "moderated overall grade",
            label(audit.overall),
            label(overall),
            by=by,
            reason=reasons.strip(),
        )
    audit.status = Audit.Status.MODERATED
    audit.version += 1
    audit.save(update_fields=["status", "version"])
    return moderation


def respond(*, audit: Audit, worker_response: str, manager_response: str, user) -> Audit:
    """The worker's and the team manager's response to the findings (recorded by the manager)."""
    if audit.status not in (Audit.Status.SUBMITTED, Audit.Status.MODERATED):
        raise FieldError("The audit has not been submitted yet.")
    by = history.who(user)
    for field, value in (
        ("worker_response", worker_response),
        ("manager_response", manager_response),
    ):
        value = value.strip()
        if value != getattr(audit, field):
            history.record(
                audit, "audit", field.replace("_", " "), getattr(audit, field), value, by=by
            )
            setattr(audit, field, value)
    audit.save(update_fields=["worker_response", "manager_response"])
    return audit


def action_add(
    *, audit: Audit, text: str, owner: str, due_date: dt.date | None, user
) -> AuditAction:
    if not text.strip():
        raise FieldError("Enter the action", "text")
    if not owner.strip():
        raise FieldError("Enter who owns the action", "owner")
    if due_date is None:
        raise FieldError("Enter the due date", "due_date")
    action = AuditAction.objects.create(
        audit=audit,
        text=text.strip(),
        owner=owner.strip(),
        due_date=due_date,
        created_by=history.who(user),
    )
    history.record(
        audit,
        "audit",
        "action added",
        "",
        f"{action.text} ({action.owner}, due {due_date:%d %B %Y})",
        by=history.who(user),
    )
    return action


def action_done(*, action: AuditAction, on: dt.date, user) -> AuditAction:
    action.done_on = on
    action.save(update_fields=["done_on"])
    history.record(action.audit, "audit", "action done", "", action.text, by=history.who(user))
    return action


@transaction.atomic
def exercise_create(
    *, title: str, child_id: str, held_on: dt.date, auditors: list, user
) -> CalibrationExercise:
    """Several auditors audit the same case apart, each on their own copy of the form."""
    if not title.strip():
        raise FieldError("Enter the exercise's title", "title")
    if len(auditors) < 2:
        raise FieldError("Choose at least two auditors", "auditors")
    data = engine.dataset()
    form = form_ensure_default()
    exercise = CalibrationExercise.objects.create(
        title=title.strip(), child_id=child_id, form=form, held_on=held_on
    )
    shown = picture.picture(data, child_id, held_on, "cin") if data is not None else {}
    for auditor in auditors:
        Audit.objects.create(
            exercise=exercise,
            form=form,
            child_id=child_id,
            auditor=auditor,
            reason=f"calibration: {exercise.title}",
            picture=shown,
            compliance=dict(shown.get("items", {})),
        )
    history.record(exercise, "calibration", "created", "", exercise.title, by=history.who(user))
    return exercise
