"""An elected member's month-by-month table of a count sits beside the year's figure (the
scorecard shows it): the twelve months add up to it, so one month hidden as "c" would be the year
less the others. A second month is hidden with it; where every month would be hidden, no month
is listed, "c" with the reason. An analyst sees every month."""

from __future__ import annotations

import pytest

from sightline.indicators.model import Period, Result
from sightline.suppression import WITHHELD_REASON
from sightline.web.performance import selectors

pytestmark = pytest.mark.django_db

URL = "/performance/indicators/referrals/?period=month"


def _months(monkeypatch, month_value, year_value):
    from sightline.web.core import engine

    engine.clear_cache()
    real_run_one = selectors.runner.run_one

    def run_one(dataset, indicator, period: Period, breakdown=None, *args, **kwargs):
        if indicator.id != "referrals" or breakdown is not None or period.kind == "rolling12":
            return real_run_one(dataset, indicator, period, breakdown, *args)
        value = year_value if period.kind == "year" else month_value(period.start.month)
        return [Result("referrals", period, value, value, None, (), None, None, "count")]

    monkeypatch.setattr(selectors.runner, "run_one", run_one)
    monkeypatch.setattr(engine, "cached", lambda key, compute: compute())


def _month_cells(html):
    table = html[html.index('id="period-values"') :]
    table = table[: table.index("</table>")]
    cells = {}
    for row in table.split("<tr")[2:]:
        label = row.split("</th>")[0].rsplit(">", 1)[1]
        cell = row.split("</td>")[0].rsplit(">", 1)[1]
        cells[label] = "c" if cell.startswith("c:") else cell
    return cells


def test_one_small_month_beside_the_year_hides_another(demo_dataset, monkeypatch, client_as):
    _months(monkeypatch, lambda month: 3 if month == 5 else 10 + month, 3 + sum(
        10 + m for m in (4, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3)))  # fmt: skip
    member = _month_cells(client_as("elected_member").get(URL).content.decode())
    assert member["May 2024"] == "c"
    hidden = [label for label, cell in member.items() if cell == "c"]
    assert len(hidden) == 2, member  # May, and the smallest shown beside it (January, 11)
    assert member["January 2025"] == "c"
    analyst = _month_cells(client_as("performance_analyst").get(URL).content.decode())
    assert analyst["May 2024"] == "3" and analyst["January 2025"] == "11"


def test_months_all_small_are_not_listed_to_a_member(demo_dataset, monkeypatch, client_as):
    _months(monkeypatch, lambda month: 1, 12)  # each "c" would be 1: twelve beside 12
    html = client_as("elected_member").get(URL).content.decode()
    assert 'id="period-values"' not in html and "April 2024" not in html
    withheld = html[html.index('id="periods-withheld"') :]
    assert WITHHELD_REASON in withheld[: withheld.index("</p>")]
    analyst = client_as("performance_analyst").get(URL).content.decode()
    assert _month_cells(analyst)["April 2024"] == "1"
