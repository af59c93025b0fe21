"""Reads for the improvement plan: themes with their computed RAG, actions, measures, history.

Measures read the live scorecard (performance.selectors), which is computed from the latest snapshot
of each return and cached per snapshot, so a new import moves a measure's RAG on the next request.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch

from sightline.indicators import registry
from sightline.web.core import engine
from sightline.web.improvement import rag as rules
from sightline.web.improvement.models import (
    Action,
    Change,
    Framework,
    Measure,
    Priority,
    Recommendation,
    Theme,
)


@dataclass
class MeasureView:
    measure: Measure
    name: str
    unit: str
    polarity: str
    latest: float | None
    latest_year: int | None
    expected: float | None
    values: dict[int, float | None]
    rag: rules.Rag
    snapshot_ids: tuple[str, ...] = ()


@dataclass
class ActionView:
    action: Action
    computed: rules.Rag
    shown: rules.Rag
    evidenced: bool

    @property
    def overridden(self) -> bool:
        return bool(self.action.rag_override)


@dataclass
class ThemeView:
    theme: Theme
    actions: list[ActionView]
    measures: list[MeasureView]
    computed: rules.Rag
    shown: rules.Rag

    @property
    def overridden(self) -> bool:
        return bool(self.theme.rag_override)

    @property
    def counts(self) -> dict[str, int]:
        found: dict[str, int] = {}
        for a in self.actions:
            found[a.shown.colour] = found.get(a.shown.colour, 0) + 1
        return found

    @property
    def overdue(self) -> list[ActionView]:
        return [a for a in self.actions if a.computed.rule == "A-RED-OVERDUE"]


@dataclass
class Plan:
    framework: Framework | None
    themes: list[ThemeView] = field(default_factory=list)
    today: dt.date = field(default_factory=dt.date.today)
    snapshot_ids: tuple[str, ...] = ()

    @property
    def actions(self) -> list[ActionView]:
        return [a for t in self.themes for a in t.actions]

    @property
    def overdue(self) -> list[ActionView]:
        return [a for t in self.themes for a in t.overdue]


def active_framework() -> Framework | None:
    return Framework.objects.filter(active=True).order_by("-loaded_at", "-id").first()


def scorecard_rows() -> dict:
    return _scorecard_rows()[0]


def measure_years(view: MeasureView) -> tuple[list[int], list[float | None]]:
    """The years to show for a measure (its data and its trajectory) and the expected value in
    each: the trajectory point for the year, else the target."""
    points = {p.year: p.value for p in view.measure.trajectory.all()}
    years = sorted(set(view.values) | set(points))
    return years, [points.get(y, view.measure.target) for y in years]


def _scorecard_rows() -> tuple[dict, tuple[str, ...]]:
    from sightline.web.performance import selectors as performance

    card = performance.scorecard()
    return {row.indicator.id: row for row in card.rows}, card.snapshot_ids


def measure_view(measure: Measure, rows: dict) -> MeasureView:
    try:
        indicator = registry.get(measure.indicator_id)
        name, unit, polarity = indicator.name, indicator.unit, indicator.polarity
    except KeyError:
        name, unit, polarity = f"{measure.indicator_id} (unknown indicator)", "", "neutral"
    row = rows.get(measure.indicator_id)
    latest = row.latest if row else None
    latest_year = row.latest_year if row else None
    points = {p.year: p.value for p in measure.trajectory.all()}
    expected = points.get(latest_year, measure.target) if latest_year else measure.target
    return MeasureView(
        measure,
        name,
        unit,
        polarity,
        latest,
        latest_year,
        expected,
        dict(row.values) if row else {},
        rules.measure_rag(latest, expected, polarity, measure.tolerance),
        tuple(row.snapshot_ids) if row else (),
    )


def _action_view(action: Action, today: dt.date, measures: dict[int, MeasureView]) -> ActionView:
    evidenced = bool(action.evidence.all())
    measure = measures.get(action.measure_id) if action.measure_id else None
    computed = rules.action_rag(
        complete=action.status == Action.Status.COMPLETE,
        due=action.due_date,
        today=today,
        evidenced=evidenced,
        measure=measure.rag if measure else None,
    )
    shown = rules.overridden(computed, action.rag_override, action.override_reason)
    return ActionView(action, computed, shown, evidenced)


def _theme_queryset(framework: Framework):
    actions = Action.objects.select_related("owner", "measure").prefetch_related("evidence")
    return (
        Theme.objects.filter(framework=framework)
        .select_related("lead")
        .prefetch_related(
            Prefetch("priorities", queryset=Priority.objects.prefetch_related("milestones")),
            Prefetch("priorities__actions", queryset=actions),
            "measures__trajectory",
        )
    )


def plan(framework: Framework | None = None, today: dt.date | None = None) -> Plan:
    framework = framework or active_framework()
    today = today or engine.today()
    if framework is None:
        return Plan(None, today=today)
    rows, snapshot_ids = _scorecard_rows()
    themes = []
    for theme in _theme_queryset(framework):
        measures = [measure_view(m, rows) for m in theme.measures.all()]
        by_id = {m.measure.id: m for m in measures}
        actions = [
            _action_view(a, today, by_id) for p in theme.priorities.all() for a in p.actions.all()
        ]
        computed = rules.worst([a.shown for a in actions])
        shown = rules.overridden(computed, theme.rag_override, theme.override_reason)
        themes.append(ThemeView(theme, actions, measures, computed, shown))
    return Plan(framework, themes, today, snapshot_ids)


def theme_view(theme_id: int) -> ThemeView:
    theme = Theme.objects.select_related("framework").get(pk=theme_id)
    found = plan(theme.framework)
    return next(t for t in found.themes if t.theme.id == theme.id)


def action_view(action_id: int) -> ActionView:
    action = Action.objects.select_related("priority__theme", "owner", "measure").get(pk=action_id)
    measures: dict[int, MeasureView] = {}
    if action.measure:
        rows, _ = _scorecard_rows()
        measures[action.measure.id] = measure_view(action.measure, rows)
    return _action_view(action, engine.today(), measures)


def action_measure(action: Action) -> MeasureView | None:
    if not action.measure:
        return None
    rows, _ = _scorecard_rows()
    return measure_view(action.measure, rows)


def history(item_type: str | None = None, item_id: int | None = None, limit: int = 200):
    changes = Change.objects.all()
    if item_type:
        changes = changes.filter(item_type=item_type)
    if item_id is not None:
        changes = changes.filter(item_id=item_id)
    return list(changes[:limit])


def changes_since(action: Action | Theme, version: int, kind: str = "action") -> list[Change]:
    """What others changed on an action (or a theme) after the version a user started from."""
    return list(
        Change.objects.filter(item_type=kind, item_id=action.id, version__gt=version).order_by(
            "at", "id"
        )
    )


def recommendations(status: str | None = None):
    found = Recommendation.objects.prefetch_related("actions", "evidence")
    if status:
        found = found.filter(status=status)
    return list(found)


def open_recommendations():
    return recommendations(Recommendation.Status.OPEN)


def indicator_choices() -> list[tuple[str, str]]:
    return [(i.id, i.name) for i in registry.indicators()]
