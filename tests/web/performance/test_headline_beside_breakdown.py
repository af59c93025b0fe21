"""An elected member opening a breakdown whose every team holds one child: the parts are "c", and
the headline beside them is "c" too, with its reason (six hidden teams and a headline of six
would give each away); an analyst sees both."""

from __future__ import annotations

import dataclasses

import pytest
from django.urls import reverse

from sightline.indicators.model import Period, Result
from sightline.suppression import REASON, SECONDARY_REASON
from sightline.web.performance import selectors

pytestmark = pytest.mark.django_db


@pytest.fixture
def ones(demo_dataset, monkeypatch):
    from sightline.web.core import engine

    engine.clear_cache()
    real = selectors.year_results

    def year_results(year, ids=None):
        results, snapshot_ids = real(year, ids)
        return [
            dataclasses.replace(r, value=6, numerator=6, denominator=None)
            if r.indicator == "referrals" and r.breakdown is None
            else r
            for r in results
        ], snapshot_ids

    real_run_one = selectors.runner.run_one

    def run_one(dataset, indicator, period: Period, breakdown=None, *args):
        if indicator.id != "referrals" or breakdown != "team":
            return real_run_one(dataset, indicator, period, breakdown, *args)
        return [
            Result("referrals", period, 1, 1, None, (), "team", f"Team {t}", "count")
            for t in range(6)
        ]

    monkeypatch.setattr(selectors, "year_results", year_results)
    monkeypatch.setattr(selectors.runner, "run_one", run_one)
    monkeypatch.setattr(engine, "cached", lambda key, compute: compute())
    return reverse("performance:indicator", kwargs={"indicator_id": "referrals"})


def _values_table(html: str) -> str:
    start = html.index('id="indicator-values"')
    return html[start : html.index("</table>", start)]


def test_a_member_sees_the_headline_as_c_beside_a_breakdown_of_ones(ones, client_as):
    member = client_as("elected_member")
    html = member.get(ones + "?breakdown=team").content.decode()
    latest = _values_table(html).split('<tr class="govuk-table__row">')[-1]
    assert SECONDARY_REASON in latest and "c:" in latest and ">6<" not in latest
    breakdown = html[html.index("By team") :]
    assert breakdown.count('<abbr title="c: ' + REASON) == 6
    export = member.get(ones + "?breakdown=team&format=csv").content.decode()
    assert ",1," not in export and ",c" in export


def test_an_analyst_sees_the_headline_and_the_ones(ones, client_as):
    html = client_as("performance_analyst").get(ones + "?breakdown=team").content.decode()
    assert SECONDARY_REASON not in html and REASON not in html
    assert ">6<" in _values_table(html).replace(" ", "")
