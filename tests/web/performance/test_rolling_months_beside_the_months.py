"""An elected member's rolling twelve months: two of them a month apart differ by one month less
the same month a year before, so beside the month-by-month tables (and the year before's figure)
a month of 1 to 5 children hidden there could be worked out. Where any month of the 24 the rolling
figures span is 1 to 5, no rolling figure is listed, "c" with the reason; an analyst sees them."""

from __future__ import annotations

import datetime as dt

import pytest

from sightline.indicators.model import Period, Result
from sightline.web.performance import selectors

pytestmark = pytest.mark.django_db

URL = "/performance/indicators/referrals/?period=rolling12"


def _months_before(end: dt.date, count: int) -> list[tuple[int, int]]:
    y, m = end.year, end.month
    months = []
    for _ in range(count):
        months.append((y, m))
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    return months


def _referrals(monkeypatch, month_value):
    """Referrals of each month as `month_value(year, month)`; a rolling twelve months or a year
    is the sum of its months, as a count is."""
    from sightline.web.core import engine

    engine.clear_cache()
    real_run_one = selectors.runner.run_one

    def run_one(dataset, indicator, period: Period, breakdown=None, *args, **kwargs):
        if indicator.id != "referrals" or breakdown is not None:
            return real_run_one(dataset, indicator, period, breakdown, *args)
        months = 1 if period.kind == "month" else 12
        value = sum(month_value(y, m) for y, m in _months_before(period.end, months))
        return [Result("referrals", period, value, value, None, (), None, None, "count")]

    monkeypatch.setattr(selectors.runner, "run_one", run_one)
    monkeypatch.setattr(engine, "cached", lambda key, compute: compute())


def _rolling_cells(html):
    table = html[html.index('id="period-values"') :]
    table = table[: table.index("</table>")]
    return [row.split("</td>")[0].rsplit(">", 1)[1] for row in table.split("<tr")[2:]]


def test_a_small_month_a_year_before_withholds_the_rolling_figures(
    demo_dataset, monkeypatch, client_as
):
    # April 2023, a month of the year before: 12 months to April 2024 less the year to March 2024
    # is April 2024 less April 2023, so April 2023's 3 would follow from the months shown.
    _referrals(monkeypatch, lambda y, m: 3 if (y, m) == (2023, 4) else 40 + m)
    html = client_as("elected_member").get(URL).content.decode()
    assert 'id="period-values"' not in html and "12 months to" not in html
    withheld = html[html.index('id="periods-withheld"') :]
    withheld = withheld[: withheld.index("</p>")]
    assert "Rolling 12 months" in withheld and selectors.ROLLING_WITHHELD_REASON in withheld
    analyst = _rolling_cells(client_as("performance_analyst").get(URL).content.decode())
    assert len(analyst) == 12 and all(cell.isdigit() for cell in analyst)


def test_rolling_figures_are_shown_when_no_month_is_small(demo_dataset, monkeypatch, client_as):
    _referrals(monkeypatch, lambda y, m: 40 + m)
    member = _rolling_cells(client_as("elected_member").get(URL).content.decode())
    assert len(member) == 12 and all(cell.isdigit() for cell in member)


def test_the_export_of_withheld_rolling_figures_holds_none(demo_dataset, monkeypatch, client_as):
    _referrals(monkeypatch, lambda y, m: 2 if (y, m) == (2024, 9) else 40 + m)
    csv = client_as("elected_member").get(URL + "&format=csv").content.decode()
    assert "12 months to" not in csv
