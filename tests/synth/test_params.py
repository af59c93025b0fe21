"""Calibration parameters: suppressed published cells fall back to England and say so."""

import pytest

from sightline.synth.params import ParameterError, rates_for


def test_a_suppressed_cell_falls_back_to_england_and_is_recorded() -> None:
    # Rotherham's 2015 "not in need" figure is published as "c"
    rates = rates_for("372", 2015)
    assert rates.sources["not_in_need_pct"].startswith("England")
    assert rates.sources["referrals"].endswith(":2015")
    assert rates.referrals == 5172


def test_a_year_the_release_does_not_cover_takes_the_nearest_published_year() -> None:
    rates = rates_for("372", 2016)  # children looked after figures start in 2021
    assert "nearest published year" in rates.sources["cla_at31"]


def test_unknown_council_and_year_out_of_range_are_plain_errors() -> None:
    with pytest.raises(ParameterError, match="no council with code '000'"):
        rates_for("000", 2020)
    with pytest.raises(ParameterError, match="outside the published statistics"):
        rates_for("372", 2012)
