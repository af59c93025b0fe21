"""The demo council's plan and recommendation set (idempotent: a second run changes nothing).

Dates are relative to the app's today (SIGHTLINE_TODAY in the demo), so the demo always shows some
actions overdue, some due soon and some on track.
"""

from __future__ import annotations

import datetime as dt

from sightline.web.core import engine
from sightline.web.improvement import services
from sightline.web.improvement.models import (
    Action,
    Framework,
    Measure,
    Milestone,
    Priority,
    Recommendation,
    TrajectoryPoint,
)

# theme code -> [(priority, [(action, owner, days from today, status)])]
DEMO_ACTIONS = {
    "practice": [
        (
            "Assessments completed in time",
            [
                (
                    "Weekly assessment timeliness clinic in each locality",
                    "Head of service, assessment",
                    -21,
                    "in_progress",
                ),
                (
                    "Audit 40 assessments for quality and the child's voice",
                    "Head of quality assurance",
                    10,
                    "in_progress",
                ),
            ],
        ),
        (
            "Signs of Safety embedded in child protection practice",
            [
                (
                    "Train every child protection chair in Signs of Safety mapping",
                    "Service manager, safeguarding",
                    45,
                    "in_progress",
                ),
            ],
        ),
    ],
    "workforce": [
        (
            "Reduce reliance on agency social workers",
            [
                (
                    "Launch the recruitment and retention offer",
                    "Assistant director, human resources",
                    30,
                    "in_progress",
                ),
                (
                    "Caseload cap of 18 agreed with teams",
                    "Director of children's services",
                    -3,
                    "complete",
                ),
            ],
        ),
    ],
    "performance": [
        (
            "Performance information leaders trust",
            [
                (
                    "Monthly performance clinic with every team manager",
                    "Head of performance and quality",
                    60,
                    "not_started",
                ),
            ],
        ),
    ],
    "leadership": [
        (
            "A permanent leadership team in post",
            [
                (
                    "Appoint a permanent director of children's services",
                    "Chief executive",
                    90,
                    "in_progress",
                ),
            ],
        ),
    ],
}

# priority title -> [(milestone, days from today, achieved)]
DEMO_MILESTONES = {
    "Assessments completed in time": [
        ("Clinic running in every locality", -45, True),
        ("Timeliness at 85% for a full quarter", 60, False),
    ],
    "Reduce reliance on agency social workers": [("Agency rate below 15%", 120, False)],
}

# indicator -> expected value in the collection years before, of, and after today's
DEMO_TRAJECTORIES = {
    "assessments_45wd": (80, 83, 86),
    "icpc_15wd": (75, 78, 82),
    "vacancy_rate": (18, 16, 14),
}

DEMO_RECOMMENDATIONS = [
    (
        "DEMO-1",
        "inspection",
        "ILACS inspection",
        -300,
        "Improve the timeliness and quality of assessments so that children's needs are understood quickly.",
        ["Weekly assessment timeliness clinic in each locality"],
    ),
    (
        "DEMO-2",
        "monitoring_visit",
        "Ofsted monitoring visit 1",
        -120,
        "Strengthen management oversight and supervision so that drift in child protection plans is challenged.",
        ["Train every child protection chair in Signs of Safety mapping"],
    ),
    (
        "DEMO-3",
        "peer_review",
        "LGA peer review",
        -200,
        "Stabilise the workforce and reduce caseloads so that children keep the same social worker.",
        ["Caseload cap of 18 agreed with teams", "Launch the recruitment and retention offer"],
    ),
    (
        "DEMO-4",
        "scrutiny",
        "Improving Lives select commission",
        -60,
        "Report performance to members in plain words, with trends against statistical neighbours.",
        ["Monthly performance clinic with every team manager"],
    ),
    (
        "DEMO-5",
        "commissioner",
        "Commissioners' report",
        -400,
        "Appoint a stable, permanent senior leadership team for children's services.",
        ["Appoint a permanent director of children's services"],
    ),
]


def seed_plan(today: dt.date | None = None) -> Framework:
    today = today or engine.today()
    framework = services.framework_ensure_default()
    themes = {t.code: t for t in framework.themes.all()}
    for code, priorities in DEMO_ACTIONS.items():
        theme = themes.get(code)
        if theme is None or theme.priorities.exists():
            continue
        measure = theme.measures.first()
        for p_order, (title, actions) in enumerate(priorities):
            priority = Priority.objects.create(theme=theme, title=title, order=p_order)
            for a_title, owner, days, status in actions:
                action = Action.objects.create(
                    priority=priority,
                    title=a_title,
                    owner_title=owner,
                    due_date=today + dt.timedelta(days=days),
                    measure=measure if code == "practice" and p_order == 0 else None,
                )
                if status == "complete":
                    services.evidence_add(
                        action,
                        services.EvidenceInput(
                            "Caseload report to the improvement board",
                            url="https://example.org/caseload-report",
                        ),
                        None,
                    )
                if status != "not_started":
                    services.action_save(action.id, action.version, {"status": status}, None)
            for m_title, days, achieved in DEMO_MILESTONES.get(title, []):
                Milestone.objects.create(
                    priority=priority,
                    title=m_title,
                    due_date=today + dt.timedelta(days=days),
                    achieved_on=today + dt.timedelta(days=days) if achieved else None,
                )
    _seed_trajectories(framework, today)
    _seed_recommendations(today)
    return framework


def _seed_trajectories(framework: Framework, today: dt.date) -> None:
    year = today.year if today.month <= 3 else today.year + 1  # the collection year (to 31 March)
    for measure in Measure.objects.filter(theme__framework=framework):
        values = DEMO_TRAJECTORIES.get(measure.indicator_id)
        if values and not measure.trajectory.exists():
            for offset, value in zip((-1, 0, 1), values, strict=True):
                TrajectoryPoint.objects.create(measure=measure, year=year + offset, value=value)


def _seed_recommendations(today: dt.date) -> None:
    for reference, source, title, days, text, action_titles in DEMO_RECOMMENDATIONS:
        rec, created = Recommendation.objects.get_or_create(
            reference=reference,
            defaults={
                "source": source,
                "source_title": title,
                "source_date": today + dt.timedelta(days=days),
                "text": text,
            },
        )
        if created:
            rec.actions.set(
                Action.objects.filter(
                    title__in=action_titles, priority__theme__framework__active=True
                )
            )
