"""Reads for case audits: the programme, one round, a reader's cases, calibration, escalation,
paperwork against reality, and the block on a child's page. Child-level reads take the reader's
team filter (accounts.permissions.child_teams_filter): None means every team."""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.urls import get_script_prefix

from sightline import suppression
from sightline.audits import agreement, ofsted, reality
from sightline.audits.grades import GRADES, INADEQUATE, LABELS, is_good_or_better
from sightline.web.audits.models import Audit, AuditAction, CalibrationExercise, Round
from sightline.web.audits.services import REAUDIT_DAYS
from sightline.web.common import measures
from sightline.web.common.compiled import CompiledQuery
from sightline.web.common.history import history


def _scoped(audits: QuerySet, teams: frozenset[str] | None) -> QuerySet:
    return audits if teams is None else audits.filter(team__in=teams)


def _counted(audits) -> list[Audit]:
    return [a for a in audits if a.status in (Audit.Status.SUBMITTED, Audit.Status.MODERATED)]


@dataclass(frozen=True)
class Share:
    """ "% good or better" over some audits; `shown` is "c" when it rests on fewer than 5 cases and
    the reader sees aggregates only."""

    audits: int
    good: int
    aggregate_only: bool = False

    @property
    def percent(self) -> float | None:
        return round(100 * self.good / self.audits, 1) if self.audits else None

    @property
    def shown(self) -> str:
        if self.audits == 0:
            return "no audits"
        if self.aggregate_only and suppression.is_small(self.audits):
            return suppression.SUPPRESSED
        return f"{self.percent:g}%"


def _share(audits: list[Audit], aggregate_only: bool) -> Share:
    return Share(
        len(audits), sum(is_good_or_better(a.counted_grade) for a in audits), aggregate_only
    )


def _all_counted() -> list[Audit]:
    return _counted(Audit.objects.filter(round__isnull=False).select_related("round", "moderation"))


def programme(aggregate_only: bool) -> dict:
    """Rounds with their progress, and "% good or better" by round, service area and team."""
    counted = _all_counted()
    by_round: dict[int, list[Audit]] = defaultdict(list)
    by_team: dict[str, list[Audit]] = defaultdict(list)
    by_service: dict[str, list[Audit]] = defaultdict(list)
    for a in counted:
        by_round[a.round_id].append(a)
        by_team[a.team].append(a)
        by_service[a.service].append(a)
    rounds = []
    for r in Round.objects.prefetch_related("audits"):
        audits = list(r.audits.all())
        rounds.append(
            {
                "round": r,
                "drawn": len(audits),
                "submitted": sum(a.status in ("submitted", "moderated") for a in audits),
                "share": _share(by_round.get(r.id, []), aggregate_only),
            }
        )
    return {
        "rounds": rounds,
        "overall": _share(counted, aggregate_only),
        "teams": sorted((t, _share(v, aggregate_only)) for t, v in by_team.items()),
        "services": sorted((s, _share(v, aggregate_only)) for s, v in by_service.items()),
        "themes": themes(counted),
    }


def themes(audits: list[Audit]) -> list[dict]:
    """Themes tagged on findings, counted per round."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for a in audits:
        for theme in a.themes:
            counts[theme][a.round.title if a.round else "calibration"] += 1
    return [
        {"theme": t, "total": sum(per.values()), "rounds": dict(per)}
        for t, per in sorted(counts.items(), key=lambda kv: -sum(kv[1].values()))
    ]


def round_detail(round_id: int, teams: frozenset[str] | None) -> tuple[Round, list[Audit]]:
    found = Round.objects.select_related("form").get(pk=round_id)
    audits = _scoped(found.audits.select_related("auditor", "moderation"), teams)
    return found, list(audits)


def my_cases(user) -> list[Audit]:
    return list(
        Audit.objects.filter(auditor=user)
        .exclude(status__in=[Audit.Status.MODERATED])
        .select_related("round", "exercise")
        .order_by("status", "child_id")
    )


def audit(audit_id: int) -> Audit:
    return Audit.objects.select_related("round", "form", "auditor", "exercise").get(pk=audit_id)


def audit_history(audit_id: int):
    return history("audit", audit_id)


def to_moderate() -> list[Audit]:
    return list(
        Audit.objects.filter(status=Audit.Status.SUBMITTED, moderation__isnull=False)
        .select_related("round", "auditor", "moderation")
        .order_by("moderation__required_because", "submitted_at")
    )


def _pairs(audits: list[Audit], key) -> agreement.Agreement:
    a = [key(x)[0] for x in audits]
    b = [key(x)[1] for x in audits]
    return agreement.pairwise(a, b, GRADES)


def calibration() -> dict:
    """Agreement of auditors with the moderators (on moderated audits) per section and overall,
    per auditor and per round (drift), and among auditors in calibration exercises."""
    moderated = list(
        Audit.objects.filter(status=Audit.Status.MODERATED, moderation__done_at__isnull=False)
        .select_related("moderation", "auditor", "round", "form")
        .order_by("round__period_start", "id")
    )
    sections: list[tuple[str, str]] = []
    for a in moderated:
        for s in a.form.definition["sections"]:
            if (s["code"], s["title"]) not in sections:
                sections.append((s["code"], s["title"]))

    def overall(x: Audit):
        return (x.overall or None, x.moderation.overall or None)

    def section(code: str):
        return lambda x: (x.grades.get(code), x.moderation.grades.get(code) or x.grades.get(code))

    by_auditor: dict[str, list[Audit]] = defaultdict(list)
    by_round: dict[str, list[Audit]] = defaultdict(list)
    for a in moderated:
        by_auditor[a.auditor.get_username() if a.auditor else "unknown"].append(a)
        by_round[a.round.title if a.round else "calibration"].append(a)
    exercises = []
    for ex in CalibrationExercise.objects.prefetch_related("audits__auditor"):
        done = _counted(ex.audits.all())
        rows = [[a.overall or None for a in done]]
        per_section = {
            code: agreement.gwet_ac1([[a.grades.get(code) for a in done]], GRADES)
            for code, _ in sections
            or [(s["code"], s["title"]) for s in ex.form.definition["sections"]]
        }
        exercises.append(
            {
                "exercise": ex,
                "auditors": [
                    (a.auditor.get_username() if a.auditor else "", a.overall) for a in done
                ],
                "ac1_sections": agreement.gwet_ac1(
                    [
                        [a.grades.get(s["code"]) for a in done]
                        for s in ex.form.definition["sections"]
                    ],
                    GRADES,
                ),
                "ac1_overall": agreement.gwet_ac1(rows, GRADES) if len(done) >= 2 else None,
                "per_section": per_section,
            }
        )
    return {
        "cases": len(moderated),
        "overall": _pairs(moderated, overall),
        "sections": [(title, _pairs(moderated, section(code))) for code, title in sections],
        "auditors": sorted((n, _pairs(v, overall)) for n, v in by_auditor.items()),
        "rounds": [(n, _pairs(v, overall)) for n, v in by_round.items()],
        "exercises": exercises,
    }


def reality_view(teams: frozenset[str] | None) -> dict:
    counted = _counted(
        _scoped(Audit.objects.filter(round__isnull=False), teams).select_related("moderation")
    )
    cases = [
        reality.AuditedCase(
            a.id, a.child_id, a.team, bool(a.picture.get("compliant")), a.counted_grade
        )
        for a in counted
        if a.counted_grade
    ]
    return {
        "cases": reality.compliant_but_poor(cases),
        "teams": reality.team_gaps(cases),
        "audited": len(cases),
    }


def overdue_actions(teams: frozenset[str] | None, today: dt.date) -> list[AuditAction]:
    found = AuditAction.objects.filter(done_on__isnull=True).select_related("audit")
    if teams is not None:
        found = found.filter(audit__team__in=teams)
    return [a for a in found.order_by("due_date") if a.due_date < today]


def open_actions(teams: frozenset[str] | None) -> list[AuditAction]:
    found = AuditAction.objects.filter(done_on__isnull=True).select_related("audit")
    if teams is not None:
        found = found.filter(audit__team__in=teams)
    return list(found.order_by("due_date"))


def reaudits_due(teams: frozenset[str] | None, today: dt.date) -> list[dict]:
    """Inadequate cases not audited again within REAUDIT_DAYS of the audit."""
    counted = _counted(
        _scoped(Audit.objects.filter(round__isnull=False), teams).select_related("moderation")
    )
    latest: dict[str, dt.datetime] = {}
    for a in counted:
        if a.submitted_at and (a.child_id not in latest or a.submitted_at > latest[a.child_id]):
            latest[a.child_id] = a.submitted_at
    due = []
    for a in counted:
        if a.counted_grade != INADEQUATE or not a.submitted_at:
            continue
        if latest[a.child_id] > a.submitted_at:
            continue  # audited again since
        by = a.submitted_at.date() + dt.timedelta(days=REAUDIT_DAYS)
        due.append({"audit": a, "by": by, "overdue": by < today})
    return sorted(due, key=lambda d: d["by"])


def child_panel(request, child_id: str) -> dict | None:
    """The child's audits, for the child's page (which has checked access and logged the view)."""
    audits = list(
        Audit.objects.filter(child_id=child_id)
        .filter(Q(round__isnull=False))
        .select_related("round", "moderation")
        .prefetch_related("actions")
        .order_by("-submitted_at", "-id")
    )
    return {"audits": audits}


def collection_year(day: dt.date) -> int:
    """The collection year (to 31 March) a day falls in, as the scorecard's years."""
    return day.year if day.month <= 3 else day.year + 1


# Counted in the database, one row per round, status and grade (tens, not one per audit), and
# compiled once per connection: the scorecard asks on every view.
_GRADE_GROUPS = CompiledQuery(
    Audit,
    lambda: Audit.objects.filter(
        round__isnull=False, status__in=(Audit.Status.SUBMITTED, Audit.Status.MODERATED)
    )
    .values_list("overall", "moderation__overall", "round_id", "round__title", "round__period_end")
    .annotate(n=Count("id"))
    .order_by(),
)


def good_or_better_figures() -> measures.Figures:
    """ "% of audited cases graded good or better" (moderated grades count) by collection year of
    the round's period end, and by round, oldest first: the scorecard's and the plan's measure."""
    by_year: dict[int, list[int]] = defaultdict(lambda: [0, 0])  # good or better, counted
    by_round: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    rounds: dict[int, tuple] = {}
    for overall, moderated, round_id, title, period_end, n in _GRADE_GROUPS.rows():
        grade = moderated or overall  # the moderator's grade where moderated (counted_grade)
        if not grade:
            continue
        good = n if is_good_or_better(grade) else 0
        for tally in (by_year[collection_year(period_end)], by_round[round_id]):
            tally[0] += good
            tally[1] += n
        rounds[round_id] = (period_end, round_id, title)

    def point(label: str, tally: list[int]) -> measures.Point:
        return measures.Point(label, tally[0], tally[1])

    return measures.Figures(
        {y: point(f"{y - 1}-{y % 100:02d}", v) for y, v in sorted(by_year.items())},
        [point(title, by_round[rid]) for _, rid, title in sorted(rounds.values())],
    )


GOOD_OR_BETTER = measures.LocalMeasure(
    measures.local_indicator(
        "audits_good_or_better",
        "Audited cases graded good or better",
        "case_audits",
        "Of the cases audited in the council's own case audits (submitted, with the moderator's "
        "grade where moderated), the share whose overall grade is good or outstanding on Ofsted's "
        "four-point scale. A year is the year to 31 March in which the round's period ends.",
    ),
    "audits:index",
    good_or_better_figures,
    denominator="audited cases",
)


def _work_status(due: dt.date, today: dt.date) -> str:
    sunday = today + dt.timedelta(days=6 - today.weekday())
    if due < today:
        return "overdue"
    if due <= sunday:
        return "due_this_week"
    return "due_next_week" if due <= sunday + dt.timedelta(days=7) else "later"


ACTION_EVENT = "audit_action"


_OPEN_ACTIONS = CompiledQuery(
    AuditAction,
    lambda: AuditAction.objects.filter(done_on__isnull=True).values_list(
        "text",
        "owner",
        "due_date",
        "audit_id",
        "audit__child_id",
        "audit__team",
        "audit__round__title",
    ),
)


def action_work_rows(today: dt.date) -> list[dict]:
    """Open audit actions as rows of the compliance work list (the work list applies the reader's
    scope through the one decision for every child). Read as plain values (the work list asks on
    every view), the link to each audit worked out once per audit."""
    rows, prefix = [], get_script_prefix()
    for text, owner, due_date, audit_id, child_id, team, round_title in _OPEN_ACTIONS.rows():
        status = _work_status(due_date, today)
        source = round_title if round_title is not None else "a calibration exercise"
        rows.append(
            {
                "child_id": child_id,
                "event": ACTION_EVENT,
                "due_date": due_date,
                "status": status,
                "days_overdue": (today - due_date).days if status == "overdue" else 0,
                "team": team,
                "worker": owner,
                "basis": f"{text} (from the audit in {source})",
                "link": _audit_link(prefix, audit_id),
            }
        )
    return rows


@functools.lru_cache(maxsize=4096)
def _audit_link(prefix: str, audit_id: int) -> str:
    """The audit's page (under the prefix the site is served at, which `reverse` reads)."""
    from django.urls import reverse

    return reverse("audits:audit", args=[audit_id])


def council_name() -> str:
    """The council's name as the published statistics give it ("" when none is imported)."""
    from sightline.benchmarks.published import PublishedError, council
    from sightline.web.core import engine

    code = engine.council(engine.store())
    if code is None:
        return ""
    try:
        return council(str(code)).name
    except PublishedError:
        return ""


def beside_ofsted(aggregate_only: bool) -> dict:
    """The distribution of the grades that count, set beside the council's latest published
    Ofsted judgements, area by area, with the comparison in words."""
    name = council_name()
    judgements = ofsted.latest(name) if name else None
    cases = [
        ofsted.AuditedCase(
            a.service,
            a.counted_grade,
            {**a.grades, **(a.moderation.grades if getattr(a, "moderation", None) else {})},
        )
        for a in _all_counted()
        if a.counted_grade
    ]
    areas = ofsted.compare(judgements, cases, withhold_small=aggregate_only)
    return {
        "council": name,
        "judgements": judgements,
        "areas": [
            {
                "title": c.title,
                "judgement": LABELS.get(c.judgement or "", "Not judged"),
                "counts": {
                    g: suppression.SUPPRESSED if aggregate_only and suppression.is_small(n) else n
                    for g, n in c.counts.items()
                },
                "audits": c.audits,
                "words": c.words,
            }
            for c in areas
        ],
    }
