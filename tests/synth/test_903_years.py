"""A council generated over five collection years, from before the first rule set (2020/21) to
the latest, writes 903 returns that pass every DfE rule of their year, each beside the return
before it: the rules that compare two years (NoE, 205A-D, 562, 576, 1001 ...) as well."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from sightline.returns.ssda903.validation import validate_903_files
from sightline.synth.council import Request, generate

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
