"""Measures the web database holds (not computed from the returns), for the scorecard and the plan.

"% of audited cases graded good or better" comes from the council's own case audits, which live in
the web database, not in the snapshots the engine's indicators read. An area declares such a
measure on its AppConfig (`measures = (LocalMeasure(...),)`, set in ready()); the scorecard adds a
row for it and the improvement plan accepts its id as a measure's indicator, as for any indicator.

A measure's figures are a share: `good` of `counted` cases, by collection year (the year to 31
March the round's period ends in, as the scorecard's years) and by round (its trend). A share
resting on 1 to 5 cases is small: aggregate-only readers see "c" for it, as for any indicator.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sightline import suppression
from sightline.indicators.model import Indicator


@dataclass(frozen=True)
class Point:
    label: str  # the round's title, or the collection year in words
    good: int
    counted: int

    @property
    def value(self) -> float | None:
        return round(100 * self.good / self.counted, 1) if self.counted else None

    @property
    def small(self) -> bool:
        return suppression.is_small(self.counted)

    def shown(self, aggregate_only: bool) -> str:
        """The share in words for this reader: "55% (66 of 120)", or "c" when small."""
        if not self.counted:
            return "no audits"
        if aggregate_only and self.small:
            return suppression.SUPPRESSED
        return f"{self.value:g}% ({self.good} of {self.counted})"


@dataclass(frozen=True)
class Figures:
    by_year: dict[int, Point] = field(default_factory=dict)
    by_round: list[Point] = field(default_factory=list)


@dataclass(frozen=True)
class LocalMeasure:
    indicator: Indicator  # id, name, family, unit (percent), polarity, definition
    url_name: str  # the page that explains and breaks down the figure
    figures: Callable[[], Figures]
    denominator: str = "cases"  # what `counted` counts, in words


def local_indicator(
    id: str, name: str, family: str, definition: str, polarity: str = "higher_is_better"
) -> Indicator:
    """An Indicator declaration for a local measure (no SQL: its figures come from `figures`)."""
    return Indicator(
        id=id,
        name=name,
        family=family,
        unit="percent",
        polarity=polarity,  # type: ignore[arg-type]
        definition=definition,
        units="",
        tables=(),
        breakdowns=(),
        period_kinds=("year",),
        not_published="A local measure: DfE publishes no figure like it for any council.",
    )


def all_measures() -> list[LocalMeasure]:
    from sightline.web.common import areas

    return [m for m in areas.measures() if isinstance(m, LocalMeasure)]


def find(indicator_id: str) -> LocalMeasure | None:
    return next((m for m in all_measures() if m.indicator.id == indicator_id), None)
