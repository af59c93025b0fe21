"""Working days: weekends and England and Wales bank holidays, vectorised."""

import datetime as dt

import numpy as np
import pytest

from sightline import calendar
from sightline.calendar import (
    add_working_days_to_date,
    package_years,
    rule_holidays,
    working_days_between_dates,
)

D = dt.date


def test_the_rules_agree_with_the_package_inside_its_range_apart_from_known_one_offs():
    package = set(calendar._package_holidays())
    for year in package_years():
        from_rules = set(rule_holidays(year))
        in_package = {d for d in package if d.year == year}
        assert in_package - from_rules <= set(calendar.ONE_OFF_HOLIDAYS), year
        assert from_rules - in_package <= set(calendar.RULE_DATES_REPLACED), year


def test_the_bundled_list_is_read_as_the_package_reads_it():
    from govuk_bank_holidays.bank_holidays import BankHolidays

    bank = BankHolidays(use_cached_holidays=True)
    listed = [h["date"] for h in bank.get_holidays(division=BankHolidays.ENGLAND_AND_WALES)]
    assert calendar._package_holidays() == tuple(sorted(listed))


def test_working_days_do_not_load_the_network_client():
    import subprocess
    import sys

    code = (
        "import sys, datetime\n"
        "from sightline.calendar import add_working_days_to_date\n"
        "add_working_days_to_date(datetime.date(2025, 3, 31), -45)\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'requests', 'urllib3'}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_years_outside_the_package_use_the_rules():
    holidays = calendar.bank_holidays(2030, 2030)
    # Easter 2030 is 21 April: Good Friday 19th, Easter Monday 22nd; Christmas on a Wednesday
    assert D(2030, 4, 19) in holidays and D(2030, 4, 22) in holidays
    assert D(2030, 12, 25) in holidays and D(2030, 12, 26) in holidays
    # 2011: Christmas on a Sunday, substitute Tuesday 27th; Boxing Day Monday 26th
    assert {D(2011, 12, 26), D(2011, 12, 27)} <= set(calendar.bank_holidays(2011, 2011))


def test_christmas_and_new_year_are_not_working_days():
    # Thursday 24 Dec 2026 -> Tuesday 29 Dec: 25 Fri and 28 Mon (Boxing Day substitute) are holidays
    assert working_days_between_dates(D(2026, 12, 24), D(2026, 12, 29)) == 1
    # 2020: Christmas Friday, Boxing Day Saturday -> Monday 28 is the substitute
    assert working_days_between_dates(D(2020, 12, 24), D(2020, 12, 29)) == 1
    assert working_days_between_dates(D(2020, 12, 31), D(2021, 1, 4)) == 1  # 1 Jan a holiday


def test_easter_is_skipped():
    # Easter 2025: Good Friday 18 April, Easter Monday 21 April
    assert working_days_between_dates(D(2025, 4, 17), D(2025, 4, 22)) == 1
    assert add_working_days_to_date(D(2025, 4, 17), 1) == D(2025, 4, 22)


def test_same_day_is_zero_and_weekends_roll_forward():
    assert working_days_between_dates(D(2025, 6, 2), D(2025, 6, 2)) == 0
    assert working_days_between_dates(D(2025, 6, 6), D(2025, 6, 9)) == 1  # Fri -> Mon
    assert add_working_days_to_date(D(2025, 6, 7), 0) == D(2025, 6, 9)  # Saturday -> Monday
    assert add_working_days_to_date(D(2025, 6, 2), 45) == D(2025, 8, 4)


@pytest.mark.parametrize("start", [D(2024, 12, 20), D(2025, 4, 19), D(2025, 6, 7), D(2031, 1, 1)])
@pytest.mark.parametrize("n", [0, 1, 10, 15, 45])
def test_adding_n_working_days_is_n_working_days_later(start, n):
    assert working_days_between_dates(start, add_working_days_to_date(start, n)) == n


def test_columns_with_missing_dates():
    starts = np.array(["2025-06-02", "NaT", "2025-06-02"], dtype="datetime64[D]")
    ends = np.array(["2025-06-09", "2025-06-09", "NaT"], dtype="datetime64[D]")
    counts = calendar.working_days_between(starts, ends)
    assert counts[0] == 5 and np.isnan(counts[1]) and np.isnan(counts[2])
    assert np.isnat(calendar.add_working_days(starts, 1)[1])


def test_calendar_table_index_subtraction_counts_working_days():
    table = calendar.calendar_days_table(D(2026, 12, 20), D(2027, 1, 10)).to_pydict()
    index = dict(zip(table["date"], table["working_day_index"], strict=True))
    assert index[D(2026, 12, 29)] - index[D(2026, 12, 24)] == 1
    assert index[D(2027, 1, 5)] - index[D(2026, 12, 31)] == 2  # 1 Jan Friday a holiday
