"""Calibration: a council generated --like a real one shows that council's published rates, year by
year, counted plainly from the files (`plain_counts.py`: XML and CSV parsed there, nothing reused
from the generator or the indicator engine). Tolerances are in `plain_counts.py` and
docs/synthetic-councils.md.

Two figures are not checked in the first year generated. The re-referral rate looks back 12 months,
into a year whose census the council does not hold (DfE counts it from its own earlier
collections). Children ceasing to be looked after in the first year come out 20-30% high: the
children already in care when the simulation opens leave faster in its first years than a real
council's long-stayers do (docs/synthetic-councils.md, "Not calibrated yet").
"""

from pathlib import Path

import plain_counts as pc
import pytest

from sightline.synth.council import Request, generate

FIRST_YEAR_ONLY_NEAR = ("rereferral_pct", "cla_ceased")


def _misses(folder: Path, code: str, years: list[int]) -> dict[int, list[str]]:
    out = {}
    for year in years:
        got, want = pc.generated(folder, code, year), pc.published(code, year)
        missed = pc.misses(want, got)
        if year == years[0]:
            missed = [m for m in missed if not m.startswith(FIRST_YEAR_ONLY_NEAR)]
        if missed:
            out[year] = missed
    return out


@pytest.mark.slow
def test_rotherham_2021_to_2025_recovers_each_years_published_rates(tmp_path: Path) -> None:
    """Rotherham's children looked after fell from 595 (105 per 10,000) in 2021 to 476 (80) in
    2025 while starts held near 170 a year: the generated council follows it year by year."""
    years = list(range(2021, 2026))
    generate(Request(out=tmp_path, seed=11, years=years, like="372"))
    assert _misses(tmp_path, "372", years) == {}
    per_10k = [pc.generated(tmp_path, "372", y)["cla_per_10k"] for y in years]
    assert per_10k[0] > per_10k[-1] + 15, per_10k  # the fall itself, not only each year's level


@pytest.mark.slow
def test_a_small_council_hartlepool(tmp_path: Path) -> None:
    generate(Request(out=tmp_path, seed=11, years=[2024, 2025], like="805"))
    assert _misses(tmp_path, "805", [2024, 2025]) == {}


@pytest.mark.slow
def test_a_large_council_kent(tmp_path: Path) -> None:
    generate(Request(out=tmp_path, seed=11, years=[2024, 2025], like="886"))
    assert _misses(tmp_path, "886", [2024, 2025]) == {}


@pytest.mark.slow
def test_rotherham_2014_to_2018_follows_its_published_trajectory(tmp_path: Path) -> None:
    years = list(range(2014, 2019))
    generate(Request(out=tmp_path, seed=4, years=years, like="372"))
    assert _misses(tmp_path, "372", years) == {}
