"""Demo audits: two rounds drawn from the demo council's snapshot, audited, moderated, with actions,
and a calibration exercise. Grades come from the synthetic council's practice-quality settings
(sightline.synth.practice_quality), so the most compliant teams on paper audit poorly and the
paperwork-against-reality list has cases on it. Idempotent: nothing is seeded twice."""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth import get_user_model

from sightline.audits.sampling import SamplePlan
from sightline.synth import practice_quality
from sightline.web.audits import services
from sightline.web.audits.models import Audit, Round
from sightline.web.core import engine

SEED = 2025
PEER_AUDITORS = ("peer-auditor-1", "peer-auditor-2")


def _peers() -> list:
    users = get_user_model().objects
    made = []
    for name in PEER_AUDITORS:
        user, created = users.get_or_create(username=name, defaults={"role": "auditor"})
        if created:
            user.set_unusable_password()  # seeded colleagues: they hold grades, not sign-ins
            user.save()
        made.append(user)
    return made


def _moderator(audit: Audit):
    users = get_user_model().objects.filter(role__in=("qa_lead", "administrator")).order_by("id")
    return next((u for u in users if u.pk != audit.auditor_id), None)


def _complete(made: Round, qualities, rng: random.Random, leave_for: str | None = None) -> None:
    themes = made.form.definition["themes"]
    sections = [s["code"] for s in made.form.definition["sections"]]
    left = 0
    for audit in made.audits.select_related("auditor").order_by("child_id"):
        if audit.auditor is None:
            continue
        if leave_for and audit.auditor.get_username() == leave_for and left < 3:
            left += 1  # cases left allocated for the demo auditor to do in the browser
            continue
        quality = qualities.get(audit.team)
        true = practice_quality.grade(quality.quality if quality else 0.5, rng)
        given = practice_quality.rater(true, rng)
        services.audit_save(
            audit_id=audit.id,
            based_on=audit.version,
            compliance=audit.compliance,
            grades={s: practice_quality.rater(given, rng, 0.3) for s in sections},
            evidence={
                s: "Case file read; supervision notes and visits reviewed" for s in sections[:2]
            },
            overall=given,
            scaling=rng.randint(3, 8),
            findings=f"Practice {given.replace('_', ' ')}: see section evidence.",
            themes=rng.sample(themes, 2),
            submit=True,
            user=audit.auditor,
        )
        audit.refresh_from_db()
        if rng.random() < 0.5:
            services.action_add(
                audit=audit,
                text="Update the plan with the family and record the child's views",
                owner=audit.worker or "Allocated worker",
                due_date=(made.period_end + dt.timedelta(days=rng.choice((14, 28, 60)))),
                user=audit.auditor,
            )
        if hasattr(audit, "moderation") and (moderator := _moderator(audit)):
            # The moderator reads each section of the file afresh: near the case's true grade,
            # as the auditor's reading is near theirs, so sections agree as often as two readers
            # of one file do, not always.
            moderated = {s: practice_quality.rater(true, rng, 0.1) for s in audit.grades}
            services.moderation_save(
                audit_id=audit.id,
                grades=moderated,
                overall=true,
                reasons=(
                    "The file does not show what the grade claims"
                    if true != given
                    else "Sections regraded on a second reading of the file"
                    if moderated != audit.grades
                    else ""
                ),
                user=moderator,
            )


def seed_audits(today: dt.date | None = None) -> int:
    """Seed the demo's audits once; returns the number of audits made (0 when already seeded)."""
    if Round.objects.exists():
        return 0
    data = engine.dataset()
    if data is None:
        return 0
    today = today or engine.today(data)
    peers = _peers()
    rng = random.Random(SEED)
    first = services.round_create(
        title="Monthly audit, round 1",
        kind="monthly",
        period_start=today - dt.timedelta(days=120),
        period_end=today - dt.timedelta(days=90),
        scope="Open cases across all teams",
        seed=SEED,
        plan=SamplePlan(per_stratum=3, groups=("cp_over_18_months",)),
        moderation_percent=25,
        user=None,
    )
    services.round_draw(round_id=first.id, user=None)
    audited = list(first.audits.all())
    teams = sorted({a.team for a in audited})
    compliance = {
        t: sum(bool(a.picture.get("compliant")) for a in audited if a.team == t)
        / max(1, sum(a.team == t for a in audited))
        for t in teams
    }
    qualities = practice_quality.team_qualities(compliance, SEED)
    _complete(first, qualities, rng)
    second = services.round_create(
        title="Themed deep dive: child protection",
        kind="themed",
        period_start=today - dt.timedelta(days=30),
        period_end=today,
        scope="Children on child protection plans, and every second or later plan",
        seed=SEED + 1,
        plan=SamplePlan(strata="service", per_stratum=None, percent=5, groups=("second_cp_plan",)),
        moderation_percent=20,
        user=None,
    )
    services.round_draw(round_id=second.id, user=None)
    _complete(second, qualities, rng, leave_for="auditor")
    # A calibration exercise: three auditors read one case apart.
    case = audited[0]
    auditors = [*peers, *get_user_model().objects.filter(role="qa_lead")[:1]]
    exercise = services.exercise_create(
        title="Calibration: child protection case",
        child_id=case.child_id,
        held_on=today - dt.timedelta(days=20),
        auditors=auditors,
        user=None,
    )
    truth = case.counted_grade or "requires_improvement"
    sections = [s["code"] for s in exercise.form.definition["sections"]]
    for audit in exercise.audits.select_related("auditor"):
        given = practice_quality.rater(truth, rng, 0.4)
        services.audit_save(
            audit_id=audit.id,
            based_on=audit.version,
            compliance=audit.compliance,
            grades={s: practice_quality.rater(given, rng, 0.3) for s in sections},
            evidence={},
            overall=given,
            scaling=5,
            findings="Calibration reading",
            themes=[],
            submit=True,
            user=audit.auditor,
        )
    return Audit.objects.count()
