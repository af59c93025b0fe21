"""Reads for the improvement plan: themes with their computed RAG, actions, measures, history.

Measures read the live scorecard (performance.selectors), which is computed from the latest snapshot
of each return and cached per snapshot, so a new import moves a measure's RAG on the next request.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.urls import reverse

from sightline import suppression
from sightline.indicators import registry
from sightline.web.common import history as common_history
from sightline.web.common.measures import all_measures
from sightline.web.common.measures import find as find_local
from sightline.web.common.models import Change
from sightline.web.core import engine
from sightline.web.improvement import rag as rules
from sightline.web.improvement.models import (
    Action,
    Framework,
    Measure,
    Priority,
    Recommendation,
    Theme,
)


@dataclass
class MeasureView:
    """A measure read from the live scorecard. `values` and `latest` are the real figures (the RAG
    is worked out from them); pages show `shown(year)` and `shown_latest`, which are "c" for a year
    in `small` when the reader sees aggregates only (`aggregate_only`)."""

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
    small: frozenset[int] = frozenset()  # years whose value rests on 1 to 4 children
    aggregate_only: bool = False
    link: str = ""  # the indicator's own page

    def hidden(self, year: int | None) -> bool:
        return self.aggregate_only and year in self.small

    def shown(self, year: int) -> float | str | None:
        return suppression.SUPPRESSED if self.hidden(year) else self.values.get(year)

    def drawn(self, year: int) -> float | None:
        """The value to plot: none for a suppressed year (a drawn point would give it away)."""
        return None if self.hidden(year) else self.values.get(year)

    @property
    def latest_hidden(self) -> bool:
        return self.hidden(self.latest_year)

    @property
    def shown_latest(self) -> float | str | None:
        return suppression.SUPPRESSED if self.latest_hidden else self.latest

    @property
    def suppressed(self) -> bool:
        """Whether any figure on the page is shown as "c" (the page then says why)."""
        return any(self.hidden(y) for y in self.values)


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

    @property
    def suppressed(self) -> bool:
        return any(m.suppressed for m in self.measures)


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


@dataclass(frozen=True)
class Live:
    """The live scorecard as the plan reads it: rows by indicator, the years each indicator's
    value rests on 1 to 4 children, and the snapshots read."""

    rows: dict
    small: dict[str, frozenset[int]]
    snapshot_ids: tuple[str, ...]


def live() -> Live:
    from sightline.web.performance import selectors as performance

    card = performance.scorecard()
    small: dict[str, set[int]] = {}
    for year in card.years:
        results, _ = performance.year_results(year)  # cached: the scorecard has just read them
        for result in results:
            if result.breakdown is None and suppression.needs_suppression(result):
                small.setdefault(result.indicator, set()).add(year)
    for local in all_measures():  # measures the web database holds (case audits)
        by_year = local.figures().by_year
        small[local.indicator.id] = {y for y, point in by_year.items() if point.small}
    return Live(
        {row.indicator.id: row for row in card.rows},
        {k: frozenset(v) for k, v in small.items()},
        card.snapshot_ids,
    )


def measure_years(view: MeasureView) -> tuple[list[int], list[float | None]]:
    """The years to show for a measure (its data and its trajectory) and the expected value in
    each: the trajectory point for the year, else the target."""
    points = {p.year: p.value for p in view.measure.trajectory.all()}
    years = sorted(set(view.values) | set(points))
    return years, [points.get(y, view.measure.target) for y in years]


def measure_view(measure: Measure, found: Live, aggregate_only: bool = False) -> MeasureView:
    unit: str
    local = find_local(measure.indicator_id)
    link = ""
    try:
        indicator = local.indicator if local else registry.get(measure.indicator_id)
        name, unit, polarity = indicator.name, indicator.unit, indicator.polarity
        link = (
            reverse(local.url_name)
            if local
            else reverse("performance:indicator", args=[measure.indicator_id])
        )
    except KeyError:
        name, unit, polarity = f"{measure.indicator_id} (unknown indicator)", "", "neutral"
    row = found.rows.get(measure.indicator_id)
    small = found.small.get(measure.indicator_id, frozenset())
    latest = row.latest if row else None
    latest_year = row.latest_year if row else None
    points = {p.year: p.value for p in measure.trajectory.all()}
    expected = points.get(latest_year, measure.target) if latest_year else measure.target
    # The RAG comes from the real value; its reason never names a small one, for any reader,
    # because the reason is also written to the history everyone reads.
    value_text = suppression.SUPPRESSED if latest_year in small else None
    return MeasureView(
        measure,
        name,
        unit,
        polarity,
        latest,
        latest_year,
        expected,
        dict(row.values) if row else {},
        rules.measure_rag(latest, expected, polarity, measure.tolerance, value_text),
        tuple(row.snapshot_ids) if row else (),
        small,
        aggregate_only,
        link,
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


def plan(
    framework: Framework | None = None, today: dt.date | None = None, aggregate_only: bool = False
) -> Plan:
    """The plan with computed RAG; `aggregate_only`: measure values on 1 to 4 children as "c"."""
    framework = framework or active_framework()
    today = today or engine.today()
    if framework is None:
        return Plan(None, today=today)
    found = live()
    themes = []
    for theme in _theme_queryset(framework):
        measures = [measure_view(m, found, aggregate_only) for m in theme.measures.all()]
        by_id = {m.measure.id: m for m in measures}
        actions = [
            _action_view(a, today, by_id) for p in theme.priorities.all() for a in p.actions.all()
        ]
        computed = rules.worst([a.shown for a in actions])
        shown = rules.overridden(computed, theme.rag_override, theme.override_reason)
        themes.append(ThemeView(theme, actions, measures, computed, shown))
    return Plan(framework, themes, today, found.snapshot_ids)


def theme_view(theme_id: int, aggregate_only: bool = False) -> ThemeView:
    theme = Theme.objects.select_related("framework").get(pk=theme_id)
    found = plan(theme.framework, aggregate_only=aggregate_only)
    return next(t for t in found.themes if t.theme.id == theme.id)


def action_view(action_id: int) -> ActionView:
    action = Action.objects.select_related("priority__theme", "owner", "measure").get(pk=action_id)
    measures: dict[int, MeasureView] = {}
    if action.measure:
        measures[action.measure.id] = measure_view(action.measure, live())
    return _action_view(action, engine.today(), measures)


def action_measure(action: Action, aggregate_only: bool = False) -> MeasureView | None:
    if not action.measure:
        return None
    return measure_view(action.measure, live(), aggregate_only)


def history(item_type: str | None = None, item_id: int | None = None, limit: int = 200):
    return common_history.history(item_type, item_id, limit)


def changes_since(action: Action | Theme, version: int, kind: str = "action") -> list[Change]:
    """What others changed on an action (or a theme) after the version a user started from."""
    return common_history.changes_since(kind, action.id, version)


def recommendations(status: str | None = None):
    found = Recommendation.objects.prefetch_related("actions", "evidence")
    if status:
        found = found.filter(status=status)
    return list(found)


def open_recommendations():
    return recommendations(str(Recommendation.Status.OPEN))


def indicator_choices() -> list[tuple[str, str]]:
    return [(i.id, i.name) for i in registry.indicators()] + [
        (m.indicator.id, m.indicator.name) for m in all_measures()
    ]
