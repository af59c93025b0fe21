"""A council generated over five collection years, from before the first rule set (2020/21) to
the latest, writes 903 returns that pass every DfE rule of their year, each beside the return
before it: the rules that compare two years (NoE, 205A-D, 562, 576, 1001 ...) as well."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from sightline.returns.ssda903.validation import validate_903_files
from sightline.synth.calendar import day
from sightline.synth.care import simulate_episodes, simulate_periods
from sightline.synth.council import Request, generate
from sightline.synth.lifelines import Knobs

YEARS = [2021, 2022, 2023, 2024, 2025]


@pytest.fixture(scope="module")
def five_years(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("five_years")
    generate(Request(out=out, seed=1, years=YEARS, children=3000))
    return out


@pytest.mark.slow
def test_every_years_903_return_passes_every_rule_beside_last_years(five_years: Path) -> None:
    found = {}
    for year in YEARS:
        folder = five_years / "ssda903" / str(year)
        last = [five_years / "ssda903" / str(year - 1)] if year - 1 in YEARS else None
        result = validate_903_files([folder], last=last)
        assert result.reference_date == dt.date(year, 3, 31)
        assert result.children > 400  # a council's worth of children looked after
        codes = Counter(result.findings.column("code").to_pylist())
        if codes:
            found[year] = dict(codes)
        # what was not run is for want of the reference lists alone (and last year's return in
        # the first year)
        lacking = {need for needs in result.not_run.values() for need in needs}
        assert lacking <= {"postcodes", "providers", "council", "last_year"}, lacking
        assert year == YEARS[0] or "last_year" not in lacking
    assert found == {}


def test_police_protection_ends_when_the_care_order_comes_whatever_else_happens_that_day() -> None:
    # many periods, many moves: some children move on the day police protection (L2) becomes an
    # interim care order, the day they move on from the emergency placement too (three events)
    rng = np.random.default_rng(5)
    n = 60_000
    dob = np.full(n, day(dt.date(2008, 1, 1)), dtype=np.int64)
    decom = day(dt.date(2015, 1, 1)) + rng.integers(0, 2000, n)
    knobs = replace(Knobs(), moves_per_year=20.0)
    end = day(dt.date(2025, 3, 31))
    periods = simulate_periods(rng, np.arange(n), dob, decom, np.full(n, "N1", object), knobs, end)
    episodes = simulate_episodes(rng, periods, dob, knobs, end)
    police = episodes.ls == "L2"
    assert police.sum() > 1000
    # police protection lasts days (rule 362: no more than 21), until the care order on day 3-9
    days_in = episodes.start[police] - periods.decom[episodes.period[police]]
    assert days_in.max() < 10
