"""An elected member opening a breakdown whose every team holds one child, beside the headline of
6 (which the scorecard shows as well): six teams listed as "c" would each be 1, so no team is
listed, "c" with the reason, on the page and in its export; an analyst sees every team."""

from __future__ import annotations

import dataclasses

import pytest
from django.urls import reverse

from sightline.indicators.model import Period, Result
from sightline.suppression import REASON, WITHHELD_NOTE, WITHHELD_REASON
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

    def run_one(dataset, indicator, period: Period, breakdown=None, *args, **kwargs):
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


def test_a_member_is_shown_no_team_of_a_breakdown_of_ones(ones, client_as):
    member = client_as("elected_member")
    html = member.get(ones + "?breakdown=team").content.decode()
    withheld = html[html.index('id="breakdown-withheld"') :]
    withheld = withheld[: withheld.index("</p>")]
    assert WITHHELD_REASON in withheld and ">c</abbr>" in withheld
    assert "Team 0" not in html  # not even which teams there are
    export = member.get(ones + "?breakdown=team&format=csv").content.decode()
    assert "Team" not in export.split("\n", 1)[1] and WITHHELD_NOTE in export
    scorecard = member.get(reverse("performance:scorecard")).content.decode()
    assert "Referrals" in scorecard  # the headline the reader would subtract from


def test_an_analyst_sees_every_team(ones, client_as):
    html = client_as("performance_analyst").get(ones + "?breakdown=team").content.decode()
    assert WITHHELD_REASON not in html and REASON not in html
    assert all(f"Team {t}" in html for t in range(6))
