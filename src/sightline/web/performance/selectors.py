"""Reads for performance: the scorecard, one indicator's page, and the children behind a figure.

Each collection year is computed from that year's snapshots (the latest of each return for the
year), so the trend is the council's own returns year by year. Results are cached per process,
keyed by the snapshot ids, and name those snapshots on the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sightline import suppression
from sightline.indicators import coverage, registry, runner
from sightline.indicators.model import Indicator, Period, Result
from sightline.web.accounts.permissions import permitted_children
from sightline.web.benchmarks import selectors as benchmark_selectors
from sightline.web.common.measures import LocalMeasure, all_measures
from sightline.web.core import columns as columns_in_words
from sightline.web.core import engine, fragments
from sightline.web.performance.models import Target
from sightline.web.performance.rag import rag

TREND_YEARS = 5


@dataclass
class Row:
    indicator: Indicator
    values: dict[int, float | None]  # collection year -> value
    latest_year: int | None
    latest: float | None
    previous: float | None
    target: float | None
    rag: str
    england: float | None = None
    neighbours: float | None = None
    snapshot_ids: tuple[str, ...] = ()
    note: str = ""
    suppressed: frozenset[int] = frozenset()  # years whose figure is shown as "c"
    # England and the neighbours' median are rates derived from published counts and ONS
    # population, not published figures (the page says so)
    benchmark_derived: bool = False
    neighbours_note: str = ""  # why the neighbours' median rests on fewer than ten
    # a measure the web database holds (common.measures): the page explaining it, and its
    # denominator and trend by round in words
    link: str = ""
    detail: str = ""

    @property
    def trend(self) -> str:
        if self.latest is None or self.previous is None or self.latest == self.previous:
            return "same" if self.latest is not None and self.previous is not None else ""
        return "up" if self.latest > self.previous else "down"


@dataclass
class Scorecard:
    council: str | None
    years: list[int]
    rows: list[Row] = field(default_factory=list)
    snapshot_ids: tuple[str, ...] = ()

    @property
    def any_derived(self) -> bool:
        return any(row.benchmark_derived for row in self.rows)

    @property
    def families(self) -> list[tuple[str, list[Row]]]:
        grouped: dict[str, list[Row]] = {}
        for row in self.rows:
            grouped.setdefault(row.indicator.family, []).append(row)
        return list(grouped.items())


def year_results(year: int, ids: list[str] | None = None) -> tuple[list[Result], tuple[str, ...]]:
    """Every indicator's headline result for a collection year, from that year's snapshots."""
    work = engine.workspace()
    if work.council_or_none() is None or not work.snapshot_ids(year):
        return [], ()
    # one call into the workspace: cached per snapshot set (memory, then disk), so a warm worker
    # opens no dataset for it
    results = work.indicators(Period.year(year), ids=ids)
    return results, tuple(s.id for s in work.dataset_snapshots(year)[0])


def trend_years() -> list[int]:
    """The collection years the scorecard shows (the last TREND_YEARS held), oldest first."""
    store = engine.store()
    council = engine.council(store)
    return engine.years(store, council)[-TREND_YEARS:] if council is not None else []


def scorecard(suppress: bool = False) -> Scorecard:
    """Every indicator's trend; `suppress`: small figures as "c" (aggregate-only readers)."""
    work = engine.workspace()
    council = work.council_or_none()
    if council is None:
        return Scorecard(None, [])
    years = engine.years(work.index, council)[-TREND_YEARS:]
    targets = dict(Target.objects.values_list("indicator_id", "value"))
    # The indicators' rows depend on the snapshots of each year shown, the reader's suppression,
    # the targets and the engine's settings (the benchmark council among them): kept per process
    # under those, so a page shown again builds only the rows the web database holds.
    key = (
        "scorecard_rows",
        work.config,
        tuple((year, work.snapshot_ids(year)) for year in years),
        suppress,
        tuple(sorted(targets.items())),
        tuple(indicator.id for indicator in registry.indicators()),
    )
    rows, snapshot_ids = fragments.kept(
        key, lambda: _indicator_rows(council, years, targets, suppress)
    )
    local = [_local_row(m, years, targets.get(m.indicator.id), suppress) for m in all_measures()]
    return Scorecard(council, years, [*rows, *local], snapshot_ids)


def _indicator_rows(
    council: str, years: list[int], targets: dict[str, float], suppress: bool
) -> tuple[tuple[Row, ...], tuple[str, ...]]:
    by_year: dict[int, dict[str, Result]] = {}
    snapshot_ids: set[str] = set()
    for year in years:
        results, ids = year_results(year)
        snapshot_ids.update(ids)
        by_year[year] = {
            r.indicator: suppression.suppress_small(r) if suppress else r
            for r in results
            if r.breakdown is None
        }
    rows = tuple(
        _row(indicator, years, by_year, targets.get(indicator.id), council)
        for indicator in registry.indicators()
    )
    return rows, tuple(sorted(snapshot_ids))


def shown(card: Scorecard) -> tuple:
    """Everything of the scorecard its tables show, as plain values: the key of their rendering."""
    return (
        card.council,
        tuple(card.years),
        card.snapshot_ids,
        tuple(
            (
                row.indicator.id,
                tuple(sorted(row.values.items())),
                row.latest_year,
                row.latest,
                row.previous,
                row.target,
                row.rag,
                row.england,
                row.neighbours,
                row.note,
                tuple(sorted(row.suppressed)),
                row.benchmark_derived,
                row.neighbours_note,
                row.link,
                row.detail,
            )
            for row in card.rows
        ),
    )


def _local_row(
    measure: LocalMeasure, years: list[int], target: float | None, suppress: bool
) -> Row:
    """A measure the web database holds (case audits' "% good or better"): its share by
    collection year, the denominator and the trend by round in words; "c" when small for an
    aggregate-only reader."""
    from django.urls import reverse

    figures = measure.figures()
    small = frozenset(y for y, p in figures.by_year.items() if p.small)
    values: dict[int, float | None] = dict.fromkeys(years)
    for year, point in figures.by_year.items():
        values[year] = None if suppress and year in small else point.value
    held = sorted(figures.by_year)
    latest_year = held[-1] if held else None
    latest = values.get(latest_year) if latest_year else None
    previous = values.get(held[-2]) if len(held) > 1 else None
    note = "no audits yet" if latest_year is None else ""
    if suppress and latest_year in small:
        note = suppression.NOTE
    parts = []
    if latest_year is not None and not (suppress and latest_year in small):
        point = figures.by_year[latest_year]
        parts.append(f"{point.good} of {point.counted} {measure.denominator} in {point.label}")
    if figures.by_round:
        trend = "; ".join(f"{p.label} {p.shown(suppress)}" for p in figures.by_round)
        parts.append(f"by round: {trend}")
    return Row(
        measure.indicator,
        values,
        latest_year,
        latest,
        previous,
        target,
        rag(latest, target, measure.indicator.polarity),
        note=note,
        suppressed=small if suppress else frozenset(),
        link=reverse(measure.url_name),
        detail=". ".join(parts),
    )


def _row(
    indicator: Indicator,
    years: list[int],
    by_year: dict[int, dict[str, Result]],
    target: float | None,
    council: str,
) -> Row:
    values = {
        y: (by_year[y][indicator.id].value if indicator.id in by_year[y] else None) for y in years
    }
    with_values = [
        y
        for y in years
        if values[y] is not None
        or (indicator.id in by_year[y] and by_year[y][indicator.id].note == suppression.NOTE)
        # a figure that cannot be computed as DfE does says why in its own year, rather than
        # an earlier year's figure standing in for it
        or (indicator.id in by_year[y] and by_year[y][indicator.id].not_computed)
    ]
    latest_year = with_values[-1] if with_values else None
    latest = values[latest_year] if latest_year else None
    previous = values[with_values[-2]] if len(with_values) > 1 else None
    result = by_year[latest_year][indicator.id] if latest_year else None
    note = "" if latest_year else _first_note(indicator.id, years, by_year)
    if result is not None and result.note == suppression.NOTE:
        note = result.note  # the latest year is suppressed: "c", not an earlier year's figure
    elif result is not None and result.not_computed:
        note = result.note
    suppressed = frozenset(
        y
        for y in years
        if indicator.id in by_year[y] and by_year[y][indicator.id].note == suppression.NOTE
    )
    bench = benchmark_selectors.headline(council, indicator.id)
    return Row(
        indicator,
        values,
        latest_year,
        latest,
        previous,
        target,
        rag(latest, target, indicator.polarity),
        _number(bench.get("england")),
        _number(bench.get("neighbours")),
        result.snapshot_ids if result else (),
        note,
        suppressed,
        bool(bench.get("derived")),
        str(bench.get("neighbours_note") or ""),
    )


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _first_note(indicator_id: str, years: list[int], by_year: dict[int, dict[str, Result]]) -> str:
    for year in reversed(years):
        result = by_year[year].get(indicator_id)
        if result is not None and result.note:
            return result.note
    return "no data"


@dataclass
class IndicatorPage:
    indicator: Indicator
    row: Row
    years: list[int]
    breakdown: str | None
    breakdown_rows: list[Result]
    results: dict[int, Result | None]
    published: dict[int, dict[str, float | None]]  # England and neighbours' median by year
    breakdown_withheld: bool = False  # no part shown (suppression.suppress_breakdown)


def indicator_page(
    indicator_id: str, breakdown: str | None, suppress: bool = False
) -> IndicatorPage:
    indicator = registry.get(indicator_id)
    card = scorecard(suppress)
    row = next(
        (r for r in card.rows if r.indicator.id == indicator_id),
        Row(indicator, {}, None, None, None, None, "", note="no data"),
    )
    results: dict[int, Result | None] = {}
    headline: Result | None = None
    for year in card.years:
        found, _ = year_results(year)
        result = next(
            (r for r in found if r.indicator == indicator_id and r.breakdown is None), None
        )
        headline = result if year == row.latest_year else headline
        results[year] = suppression.suppress_small(result) if suppress and result else result
    breakdown_rows: list[Result] = []
    if breakdown and row.latest_year and breakdown in indicator.breakdowns:
        year = row.latest_year
        work = engine.workspace()
        if work.snapshot_ids(year):  # keyed on the ids, so a warm worker opens no dataset
            key = ("breakdown", work.snapshot_ids(year), year, indicator_id, breakdown)
            breakdown_rows = engine.cached(
                key,
                lambda: runner.run_one(work.dataset(year), indicator, Period.year(year), breakdown),
            )
    withheld = False
    if suppress:
        breakdown_rows, withheld = suppression.suppress_breakdown(headline, breakdown_rows)
    published = benchmark_selectors.by_year(card.council, indicator_id)
    return IndicatorPage(
        indicator, row, card.years, breakdown, breakdown_rows, results, published, withheld
    )


# The engine's record key (child/date/sequence) traces a row, but tells a reader nothing.
HIDDEN_COLUMNS = frozenset({"record_id"})


@dataclass
class ChildrenBehind:
    indicator: Indicator
    year: int
    columns: list[str]
    rows: list[dict]
    hidden: int  # rows outside the user's teams
    snapshot_ids: tuple[str, ...]


def children_behind(user, indicator_id: str, year: int, only_numerator: bool) -> ChildrenBehind:
    """The units behind a figure, limited to the children the user may see."""
    indicator = registry.get(indicator_id)
    work = engine.workspace()
    if work.council_or_none() is None or not work.snapshot_ids(year):
        return ChildrenBehind(indicator, year, [], [], 0, ())

    def listed() -> tuple[list[str], list[dict], dict[str, str | None]]:
        table = work.children_behind(indicator_id, Period.year(year), only_numerator)
        rows = table.to_pylist()
        teams = work.allocated_teams(year)
        return (
            table.column_names,
            rows,
            {r.get("person_id"): teams.get(r.get("person_id")) for r in rows},
        )

    # cached per snapshot set (memory, then disk): a warm worker runs no query to list them, and
    # no request converts the table to rows again (the rows are read, never changed)
    key = ("children_behind_rows", work.snapshot_ids(year), indicator_id, year, only_numerator)
    names, rows, teams_of = engine.cached(key, listed)
    permitted = permitted_children(user, teams_of)
    kept = [r for r in rows if r.get("person_id") in permitted]
    hidden = len(rows) - len(kept)
    rows = kept
    # Columns in words, and only those holding something: no reader needs seven empty columns.
    columns = columns_in_words.non_empty_columns(
        [c for c in names if not c.startswith("_") and c not in HIDDEN_COLUMNS], rows
    )
    snapshot_ids = tuple(s.id for s in work.dataset_snapshots(year)[0])
    return ChildrenBehind(indicator, year, columns, rows, hidden, snapshot_ids)


PERIOD_KINDS = {"month": "Month by month", "rolling12": "Rolling 12 months"}


@dataclass
class PeriodLine:
    label: str  # "April 2024", "12 months to 30 April 2024"
    short: str  # for the chart's axis: "Apr 24"
    result: Result


@dataclass(frozen=True)
class PeriodTable:
    lines: list[PeriodLine]
    withheld: bool = False  # none shown: "c", for `reason`
    reason: str = suppression.WITHHELD_REASON


# Two rolling twelve months a month apart differ by one month less the same month a year before
# (and the first of them, less the year before's figure on the scorecard, by April less the April
# before), so a hidden month of the 24 they span could be worked out from the months shown.
ROLLING_WITHHELD_REASON = (
    "not shown, as a month of the 24 these rolling figures span was 1 to 5 children, and the "
    "difference between two rolling figures a month apart would show it"
)


def periods(indicator_id: str, kind: str, year: int, suppress: bool = False) -> PeriodTable:
    """The indicator for each month of a collection year (April to March), or for the 12 months
    to the end of each of those months, as `sightline indicators --period 2025-03` and
    `--period 12m:2025-03-31` give them."""
    import calendar as month_calendar
    import datetime as dt

    indicator = registry.get(indicator_id)
    if kind not in PERIOD_KINDS or kind not in indicator.period_kinds:
        return PeriodTable([])
    data = engine.dataset(year)
    if data is None:
        return PeriodTable([])
    months = [(year - 1, m) for m in range(4, 13)] + [(year, m) for m in range(1, 4)]
    wanted = []
    for y, m in months:
        if kind == "month":
            wanted.append(Period.month(y, m))
        else:
            wanted.append(Period.rolling12(dt.date(y, m, month_calendar.monthrange(y, m)[1])))

    # A rolling 12 months reaches back into the year before: its returns decide those months
    # (indicators.coverage).
    before = engine.dataset(year - 1) if kind == "rolling12" else None

    def headline(period: Period) -> Result | None:
        return coverage.headline(data, indicator, period)

    def given(period: Period) -> Result | None:
        found = headline(period)
        return coverage.given(data, before, indicator, period, found) if found else None

    def compute() -> tuple[list[Result | None], Result | None]:
        return [given(period) for period in wanted], headline(Period.year(year))

    before_ids = before.all_snapshot_ids if before is not None else ()
    results, year_result = engine.cached(
        ("periods and year", data.all_snapshot_ids, before_ids, indicator_id, kind, year), compute
    )
    found = [(p, r) for p, r in zip(wanted, results, strict=True) if r is not None]
    if suppress and kind == "rolling12":

        def months_small() -> bool:
            # the year before's months from its own returns where they are held (as the
            # rolling figures are put together), this year's from these
            earlier = [(year - 2, m) for m in range(4, 13)] + [(year - 1, m) for m in range(1, 4)]
            later = [(year - 1, m) for m in range(4, 13)] + [(year, m) for m in range(1, 4)]
            months = [headline(Period.month(y, m)) for y, m in later]
            months += [coverage.headline(before, indicator, Period.month(y, m))
                       if before is not None else headline(Period.month(y, m))
                       for y, m in earlier]  # fmt: skip
            return any(r is not None and suppression.needs_suppression(r) for r in months)

        if engine.cached(("rolling months small", data.all_snapshot_ids, before_ids,
                          indicator_id, year), months_small):  # fmt: skip
            return PeriodTable([], withheld=True, reason=ROLLING_WITHHELD_REASON)
    if suppress and kind == "month":
        # The twelve months split the year, whose figure the reader sees on the scorecard: one
        # hidden month of a count would be the year less the others (secondary suppression,
        # as for a breakdown). Where every month would be hidden, none is shown.
        month_parts = suppression.suppress_breakdown(year_result, [r for _, r in found])
        if month_parts.withheld:
            return PeriodTable([], withheld=True)
        shown_results = month_parts.parts
    else:
        shown_results = [suppression.suppress_small(r) if suppress else r for _, r in found]
    lines = []
    for (period, _), shown in zip(found, shown_results, strict=True):
        end = period.end
        label = f"{end:%B %Y}" if kind == "month" else f"12 months to {end.day} {end:%B %Y}"
        lines.append(PeriodLine(label, f"{end:%b %y}", shown))
    return PeriodTable(lines)
