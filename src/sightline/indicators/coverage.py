"""Whether a dataset can give a figure for a period that begins before its own returns do.

A collection year's dataset holds that year's returns, and the year before's read for history
only (`Dataset.from_snapshots`): a re-referral's look back, an episode of care open across
31 March. Most indicators count this year's tables, so for the months before this year's returns
begin they would count only the rows this year's returns still carry (referrals of cases open on
1 April, say): the 12 months to 30 April, computed so, held under half the referrals the year
before's own census gives for those months. Such a period (a rolling 12 months ending before
March, or any earlier month) is given from this year's dataset only where it gives the year
before's own figure for that year, as the indicators counting episodes of care do (they read the
year before's episodes in full); otherwise the figure is withheld with `gap`'s note, which the
pages, packs, exports and CLI show in its place.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Iterable

from sightline.dataset import Dataset
from sightline.indicators import runner
from sightline.indicators.model import NEEDS_HISTORY, Indicator, Period, Result
from sightline.returns import formats


def own_start(dataset: Dataset, indicator: Indicator) -> dt.date | None:
    """The first day this year's case returns cover for what the indicator reads (the latest
    start of the snapshots behind its tables), or None when none of them is held. The workforce
    census is left out: its figures are as at 30 September, the year's whatever the period."""
    starts = [
        start
        for table in indicator.tables
        if (start := dataset.coverage_start(table)) is not None
        and formats.is_case_return(_return_of(dataset, table))
    ]
    return max(starts) if starts else None


def _return_of(dataset: Dataset, table: str) -> str:
    snapshot_id = dataset.table_snapshots.get(table)
    return str(dataset.manifests.get(snapshot_id or "", {}).get("return", ""))


def gap(now: Dataset, before: Dataset | None, indicator: Indicator, period: Period) -> str:
    """Why `now` cannot give the indicator's figure for `period`, which begins before `now`'s
    own returns do, else "". `before` is the dataset of the year before (None when its returns
    are not held)."""
    start = own_start(now, indicator)
    if period.kind == "year" or start is None or period.start >= start:
        return ""  # a collection year is its own dataset's, history aside (`Indicator.history`)
    earlier = Period.year(start.year if start.month >= 4 else start.year - 1)  # ends before it
    if before is not None and _same(_headline(now, indicator, earlier),
                                    _headline(before, indicator, earlier)):  # fmt: skip
        return ""
    held = (
        "the year before's are read for history only"
        if before is not None
        else "the year before's are not held"
    )
    return (
        f"{NEEDS_HISTORY}the year before's returns in full: {_words(period)} begin "
        f"{_day(period.start)}, before this year's returns ({_day(start)}), and {held}, so "
        "it would count only part of the months before"
    )


def given(
    now: Dataset, before: Dataset | None, indicator: Indicator, period: Period, found: Result
) -> Result:
    """`found` (the indicator's figure for `period` from `now`) as it may be shown: itself; put
    together from both years (`joined`, for the whole figure only: a breakdown's parts are not);
    or withheld with `gap`'s note in its place. The one decision the pages and the CLI share."""
    why = gap(now, before, indicator, period)
    if not why:
        return found
    whole = joined(now, before, indicator, period) if found.breakdown is None else None
    return whole or withheld(found, why)


def joined(
    now: Dataset, before: Dataset | None, indicator: Indicator, period: Period
) -> Result | None:
    """A count or a percentage over a rolling 12 months reaching back before `now`'s returns,
    where it can be put together: the months of the year before from its own returns
    (`before`), this year's from `now`, added (a percentage: its numerators and denominators
    added). Only where what is added adds up over time, which is checked on both years: each
    year's twelve months add up to its figure (a count at a date, or of children counted once
    however many months they appear in, does not). Else None."""
    start = own_start(now, indicator)
    if before is None or indicator.unit not in ("count", "percent") or period.kind != "rolling12":
        return None
    if start is None or period.start >= start:
        return None
    this_year = start.year + 1  # the collection year `now` holds (1 April to 31 March)
    if not (_adds_up(before, indicator, this_year - 1) and _adds_up(now, indicator, this_year)):
        return None
    early = headline(before, indicator, Period("rolling12", period.start,
                                               start - dt.timedelta(days=1)))  # fmt: skip
    late = headline(now, indicator, Period("rolling12", start, period.end))
    if early is None or late is None or early.value is None or late.value is None:
        return None
    snapshots = tuple(dict.fromkeys((*late.snapshot_ids, *early.snapshot_ids)))
    if indicator.unit == "count":
        value = early.value + late.value
        return dataclasses.replace(late, period=period, value=value, numerator=value,
                                   snapshot_ids=snapshots, note="")  # fmt: skip
    numerator = _sum(early.numerator, late.numerator)
    denominator = _sum(early.denominator, late.denominator)
    if numerator is None or not denominator:
        return None
    return dataclasses.replace(late, period=period, value=100 * numerator / denominator,
                               numerator=numerator, denominator=denominator,
                               snapshot_ids=snapshots, note="")  # fmt: skip


def _sum(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else a + b


def _adds_up(dataset: Dataset, indicator: Indicator, year: int) -> bool:
    """Whether the year's twelve months add up to its figure: the count, or for a percentage
    its numerator and its denominator each."""
    key = f"_coverage_adds_up_{indicator.id}_{year}"
    if key not in dataset.cache:
        whole = headline(dataset, indicator, Period.year(year))
        months = [
            headline(dataset, indicator, Period.month(y, m))
            for y, m in [(year - 1, m) for m in range(4, 13)] + [(year, m) for m in range(1, 4)]
        ]
        parts = ("value",) if indicator.unit == "count" else ("numerator", "denominator")
        dataset.cache[key] = (
            whole is not None
            and all(m is not None for m in months)
            and all(
                _same(getattr(whole, part), _total(getattr(m, part) for m in months if m))
                for part in parts
            )
        )
    return bool(dataset.cache[key])


def _total(values: Iterable[float | None]) -> float | None:
    found = list(values)
    return None if any(v is None for v in found) else sum(v for v in found if v is not None)


def headline(dataset: Dataset, indicator: Indicator, period: Period) -> Result | None:
    """The indicator's figure for the period, not broken down (None when it gives none)."""
    rows = [r for r in runner.run_one(dataset, indicator, period) if r.breakdown is None]
    return rows[0] if rows else None


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _words(period: Period) -> str:
    if period.kind == "month":
        return f"{period.start:%B %Y}'s figures"
    return f"the 12 months to {_day(period.end)}"  # a year is never withheld (`gap`)


def withheld(result: Result, note: str) -> Result:
    """The result with no value and `note` in its place (its numerator and denominator gone
    too: they would be the part-count the note says is not the figure)."""
    return dataclasses.replace(result, value=None, numerator=None, denominator=None, note=note)


def _headline(dataset: Dataset, indicator: Indicator, period: Period) -> float | None:
    found = headline(dataset, indicator, period)
    return found.value if found is not None else None


def _same(a: float | None, b: float | None) -> bool:
    return a is not None and b is not None and math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)
