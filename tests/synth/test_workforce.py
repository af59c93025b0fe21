"""Each workforce census of a synthetic council is taken on its own 30 September with its own
year's published rates, so a council whose turnover or vacancies change from year to year shows the
change in the files."""

import datetime as dt

import numpy as np

from sightline.synth.calendar import day
from sightline.synth.council import _census_year
from sightline.synth.params import Practice, rates_for
from sightline.synth.workforce import CensusYear, build_workforce, census_figures


def test_the_census_published_as_a_year_is_taken_on_30_september_of_that_year() -> None:
    rates = rates_for("372", 2023)
    census = _census_year(2023, rates.workforce, Practice())
    assert census.day == day(dt.date(2023, 9, 30))
    # Rotherham's own 2023 census: turnover 16.4%, vacancies 8.6%, agency 8.6%
    assert np.allclose((census.turnover, census.vacancy, census.agency), (0.164, 0.086, 0.086))


def test_each_census_shows_its_own_years_turnover_vacancy_and_agency() -> None:
    years = [
        CensusYear(2022, day(dt.date(2022, 9, 30)), 0.30, 0.20, 0.15, 0.6),
        CensusYear(2023, day(dt.date(2023, 9, 30)), 0.30, 0.20, 0.15, 0.6),
        CensusYear(2024, day(dt.date(2024, 9, 30)), 0.08, 0.04, 0.02, 0.6),
        CensusYear(2025, day(dt.date(2025, 9, 30)), 0.08, 0.04, 0.02, 0.6),
    ]
    rng = np.random.default_rng(3)
    workforce = build_workforce(rng, 4000, day(dt.date(2019, 4, 1)), years[-1].day, years)
    for census in (years[1], years[3]):  # a year after each change, once posts have settled
        got = census_figures(workforce, census, 0)
        turnover = got["leavers_fte"] / got["fte_in_post"]
        vacancy = got["vacancies_fte"] / (got["vacancies_fte"] + got["fte_in_post"])
        agency = got["agency_fte"] / (got["agency_fte"] + got["fte_in_post"])
        assert abs(turnover / census.turnover - 1) < 0.15, (census.year, turnover)
        assert abs(vacancy / census.vacancy - 1) < 0.25, (census.year, vacancy)
        assert abs(agency / census.agency - 1) < 0.25, (census.year, agency)
