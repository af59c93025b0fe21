"""Days as integers (days since 1970-01-01) for vectorised work, working days, and collection years."""

from __future__ import annotations

import datetime as dt
from functools import cache

import numpy as np

NA = np.int64(-(10**7))  # "no date": far before any real date, masked when written
EPOCH = dt.date(1970, 1, 1)


def day(value: dt.date) -> int:
    return (value - EPOCH).days


def to_date(days: int) -> dt.date:
    return EPOCH + dt.timedelta(days=int(days))


def year_start(year: int) -> int:
    """1 April that opens collection year `year` (the year to 31 March `year`)."""
    return day(dt.date(year - 1, 4, 1))


def year_end(year: int) -> int:
    """31 March that closes collection year `year`."""
    return day(dt.date(year, 3, 31))


@cache
def _holidays() -> np.ndarray:
    """England and Wales bank holidays the package knows (it ships its own list)."""
    try:
        from govuk_bank_holidays.bank_holidays import BankHolidays

        bank = BankHolidays(use_cached_holidays=True)
        dates = [h["date"] for h in bank.get_holidays(division=BankHolidays.ENGLAND_AND_WALES)]
    except Exception:  # the list is a nicety for realism; weekends alone still give working days
        dates = []
    return np.array(sorted(dates), dtype="datetime64[D]")


def add_working_days(days: np.ndarray, n: np.ndarray | int) -> np.ndarray:
    """`days` plus `n` working days (a date on a weekend or holiday first rolls forward)."""
    as_dates = days.astype("datetime64[D]")
    moved = np.busday_offset(as_dates, n, roll="forward", holidays=_holidays())
    return moved.astype(np.int64)


def collection_year(days: np.ndarray) -> np.ndarray:
    """The collection year (year to 31 March) each day falls in."""
    as_dates = np.asarray(days).astype("datetime64[D]")
    years = as_dates.astype("datetime64[Y]").astype(np.int64) + 1970
    months = (as_dates.astype("datetime64[M]").astype(np.int64) % 12) + 1
    return np.where(months >= 4, years + 1, years)
