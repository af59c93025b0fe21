"""Working days: weekends and England and Wales bank holidays excluded.

Bank holidays come from the `govuk-bank-holidays` package, read from its bundled cache so nothing is
fetched from the network. The cache covers 2012 to 2028. For years outside it the standard England
and Wales rules are computed (New Year's Day, Good Friday, Easter Monday, early May, spring and summer
bank holidays, Christmas Day and Boxing Day, with substitute days when they fall at a weekend).
One-off holidays (jubilees, a state funeral, a coronation) cannot be predicted by rule; inside the
cache's range the package is authoritative, and a test checks the rules agree with it there apart
from those known one-offs.

Everything here is vectorised over numpy `datetime64[D]` arrays (`numpy.busday_count` and
`numpy.busday_offset` with a holidays array): no per-row Python.

Conventions (chosen to match how DfE counts, "0 = same day"):
- `working_days_between(a, b)` counts working days in [a, b): Monday to Tuesday is 1, the same day
  is 0, Friday to Monday is 1, Christmas Eve (Thursday) 2026 to 29 December 2026 is 1.
- `add_working_days(a, n)` is the last date still "within n working days of a": the working day n
  after a (a non-working start rolls forward to the next working day first). So
  `working_days_between(a, add_working_days(a, n)) == n` for every a.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from functools import lru_cache

import numpy as np
import pyarrow as pa

ENGLAND_AND_WALES = "england-and-wales"  # the division of the bundled list
CACHE_FIRST_YEAR = 2012
CACHE_LAST_YEAR = 2028
CALENDAR_START = dt.date(1990, 1, 1)
CALENDAR_END = dt.date(2045, 12, 31)

# Dates the package lists that no rule produces, and rule dates the package replaced.
ONE_OFF_HOLIDAYS = {
    dt.date(2012, 6, 4): "spring bank holiday moved for the Diamond Jubilee",
    dt.date(2012, 6, 5): "Diamond Jubilee",
    dt.date(2020, 5, 8): "early May bank holiday moved for VE Day",
    dt.date(2022, 6, 2): "spring bank holiday moved for the Platinum Jubilee",
    dt.date(2022, 6, 3): "Platinum Jubilee",
    dt.date(2022, 9, 19): "State Funeral of Queen Elizabeth II",
    dt.date(2023, 5, 8): "Coronation of King Charles III",
}
RULE_DATES_REPLACED = {
    dt.date(2012, 5, 28): "spring bank holiday moved to 4 June for the Diamond Jubilee",
    dt.date(2020, 5, 4): "early May bank holiday moved to 8 May for VE Day",
    dt.date(2022, 5, 30): "spring bank holiday moved to 2 June for the Platinum Jubilee",
}


def easter_sunday(year: int) -> dt.date:
    """Easter Sunday (Gregorian, the anonymous algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def _first_monday(year: int, month: int) -> dt.date:
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(7 - first.weekday()) % 7)


def _last_monday(year: int, month: int) -> dt.date:
    next_month = dt.date(year + month // 12, month % 12 + 1, 1)
    last = next_month - dt.timedelta(days=1)
    return last - dt.timedelta(days=last.weekday())


def rule_holidays(year: int) -> list[dt.date]:
    """England and Wales bank holidays of a year by the standard rules (no one-offs)."""
    new_year = dt.date(year, 1, 1)
    if new_year.weekday() >= 5:
        new_year += dt.timedelta(days=7 - new_year.weekday())
    easter = easter_sunday(year)
    christmas, boxing = dt.date(year, 12, 25), dt.date(year, 12, 26)
    if christmas.weekday() == 5:  # Saturday: substitutes Monday 27 and Tuesday 28
        christmas, boxing = dt.date(year, 12, 27), dt.date(year, 12, 28)
    elif christmas.weekday() == 6:  # Sunday: Boxing Day Monday, Christmas substitute Tuesday
        christmas = dt.date(year, 12, 27)
    elif boxing.weekday() == 5:  # Boxing Day Saturday: substitute Monday 28
        boxing = dt.date(year, 12, 28)
    return sorted(
        [
            new_year,
            easter - dt.timedelta(days=2),
            easter + dt.timedelta(days=1),
            _first_monday(year, 5),
            _last_monday(year, 5),
            _last_monday(year, 8),
            christmas,
            boxing,
        ]
    )


@lru_cache(maxsize=1)
def _package_holidays() -> tuple[dt.date, ...]:
    """The package's bundled list for England and Wales, the file `BankHolidays(use_cached_holidays=
    True)` reads, read without importing the package's module: that loads `requests` (to fetch
    the list from GOV.UK, which is never done here), a tenth of a second of every command."""
    from importlib.resources import files

    text = (files("govuk_bank_holidays") / "bank-holidays.json").read_text(encoding="utf-8")
    events = json.loads(text)[ENGLAND_AND_WALES]["events"]
    return tuple(sorted(dt.date.fromisoformat(event["date"]) for event in events))


def package_years() -> range:
    """The years the package's bundled list covers completely."""
    return range(CACHE_FIRST_YEAR, CACHE_LAST_YEAR + 1)


@lru_cache(maxsize=8)
def bank_holidays(first_year: int, last_year: int) -> tuple[dt.date, ...]:
    """Every England and Wales bank holiday from first_year to last_year inclusive."""
    from_package = [d for d in _package_holidays() if first_year <= d.year <= last_year]
    from_rules = [
        d
        for year in range(first_year, last_year + 1)
        if year not in package_years()
        for d in rule_holidays(year)
    ]
    return tuple(sorted(set(from_package) | set(from_rules)))


@lru_cache(maxsize=1)
def holidays_array() -> np.ndarray:
    """Bank holidays over the calendar's whole span, as numpy datetime64[D]."""
    dates = bank_holidays(CALENDAR_START.year, CALENDAR_END.year)
    return np.array(dates, dtype="datetime64[D]")


@lru_cache(maxsize=1)
def _busdaycal() -> np.busdaycalendar:
    return np.busdaycalendar(weekmask="1111100", holidays=holidays_array())


def as_days(values: Iterable[dt.date | None] | np.ndarray | pa.Array) -> np.ndarray:
    """Dates (a list, an Arrow array or numpy) as datetime64[D]; None becomes NaT."""
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    if isinstance(values, pa.Array):
        return values.cast(pa.date32()).to_numpy(zero_copy_only=False).astype("datetime64[D]")
    if isinstance(values, np.ndarray):
        return values.astype("datetime64[D]")
    return np.array(list(values), dtype="datetime64[D]")


def is_working_day(dates: Sequence[dt.date] | np.ndarray) -> np.ndarray:
    days = as_days(dates)
    valid = ~np.isnat(days)
    result = np.zeros(days.shape, dtype=bool)
    result[valid] = np.is_busday(days[valid], busdaycal=_busdaycal())
    return result


def working_days_between(
    starts: Sequence[dt.date | None] | np.ndarray, ends: Sequence[dt.date | None] | np.ndarray
) -> np.ndarray:
    """Working days in [start, end) for each pair (negative when end is before start).

    Returns float64 with NaN where either date is missing.
    """
    a, b = as_days(starts), as_days(ends)
    a, b = np.broadcast_arrays(a, b)
    valid = ~(np.isnat(a) | np.isnat(b))
    result = np.full(a.shape, np.nan)
    result[valid] = np.busday_count(a[valid], b[valid], busdaycal=_busdaycal())
    return result


def add_working_days(
    starts: Sequence[dt.date | None] | np.ndarray, days: int | np.ndarray
) -> np.ndarray:
    """The date n working days after each start (NaT where the start is missing)."""
    a = as_days(starts)
    n = np.broadcast_to(np.asarray(days, dtype=np.int64), a.shape)
    valid = ~np.isnat(a)
    result = np.full(a.shape, np.datetime64("NaT"), dtype="datetime64[D]")
    result[valid] = np.busday_offset(a[valid], n[valid], roll="forward", busdaycal=_busdaycal())
    return result


def working_days_between_dates(start: dt.date, end: dt.date) -> int:
    """One pair, for readable code and tests."""
    return int(working_days_between([start], [end])[0])


def add_working_days_to_date(start: dt.date, days: int) -> dt.date:
    value = add_working_days([start], days)[0]
    return dt.date.fromisoformat(str(value))


def calendar_days_table(start: dt.date = CALENDAR_START, end: dt.date = CALENDAR_END) -> pa.Table:
    """One row a day: date, is_working_day, working_day_index.

    working_day_index counts the working days strictly before the date since `start`, so the working
    days in [a, b) are index(b) - index(a) -- a join and a subtraction in SQL.
    """
    days = np.arange(
        np.datetime64(start, "D"),
        np.datetime64(end, "D") + np.timedelta64(1, "D"),
        dtype="datetime64[D]",
    )
    working = np.is_busday(days, busdaycal=_busdaycal())
    index = np.concatenate([[0], np.cumsum(working)[:-1]]).astype(np.int32)
    return pa.table(
        {
            "date": pa.array(days, type=pa.date32()),
            "is_working_day": pa.array(working),
            "working_day_index": pa.array(index),
        }
    )
