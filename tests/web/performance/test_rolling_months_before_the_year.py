"""A rolling 12 months reaching back before this year's returns: the year's dataset reads the year
before's returns for history only, so most indicators would count only part of those months (the
12 months to 30 April held under half the referrals the year before's census gives; the page's
line climbed through the year as if referrals had doubled). Such a figure is given only where this
year's dataset gives the year before's own figure for that year, as the indicators counting
episodes of care do; otherwise the note says why in its place, on the page and in the CLI."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner

from sightline.cli import main
from sightline.indicators import registry
from sightline.indicators.model import NEEDS_HISTORY, Period
from sightline.web.core import engine
from sightline.web.performance import selectors

pytestmark = pytest.mark.django_db


def _figure(data, indicator_id, period):
    rows = selectors.runner.run_one(data, registry.get(indicator_id), period)
    return next(r for r in rows if r.breakdown is None)


def test_referrals_before_the_year_are_put_together_from_both_years_returns(synthetic_council):
    engine.clear_cache()
    this_year, year_before = engine.dataset(2025), engine.dataset(2024)
    # the defect: this year's census alone holds only part of the year before's referrals
    assert (_figure(this_year, "referrals", Period.year(2024)).value
            < _figure(year_before, "referrals", Period.year(2024)).value)  # fmt: skip
    lines = selectors.periods("referrals", "rolling12", 2025).lines
    assert len(lines) == 12 and all(line.result.value is not None for line in lines)
    # the 12 months to 30 April 2024: the year before's, less its April, with this April
    expected = (_figure(year_before, "referrals", Period.year(2024)).value
                - _figure(year_before, "referrals", Period.month(2023, 4)).value
                + _figure(this_year, "referrals", Period.month(2024, 4)).value)  # fmt: skip
    assert lines[0].result.value == expected
    assert lines[11].result.value == _figure(this_year, "referrals", Period.year(2025)).value


def test_an_average_before_the_year_is_not_put_together_and_says_why(synthetic_council):
    # An average (days) is not put together from its parts: where this year's census cannot
    # give the year before's figure, the note stands in its place.
    engine.clear_cache()
    this_year, year_before = engine.dataset(2025), engine.dataset(2024)
    assert (_figure(this_year, "assessment_days", Period.year(2024)).value
            != _figure(year_before, "assessment_days", Period.year(2024)).value)  # fmt: skip
    lines = selectors.periods("assessment_days", "rolling12", 2025).lines
    assert len(lines) == 12
    assert all(line.result.value is None for line in lines[:11])
    assert all(line.result.note.startswith(NEEDS_HISTORY) for line in lines[:11])
    assert "the 12 months to 30 April 2024 begin 1 May 2023" in lines[0].result.note
    assert lines[11].result.value is not None


def test_episodes_of_care_before_the_year_are_given_as_the_year_before_gives_them(
    synthetic_council,
):
    engine.clear_cache()
    this_year, year_before = engine.dataset(2025), engine.dataset(2024)
    assert (_figure(this_year, "cla_started", Period.year(2024)).value
            == _figure(year_before, "cla_started", Period.year(2024)).value)  # fmt: skip
    lines = selectors.periods("cla_started", "rolling12", 2025).lines
    assert len(lines) == 12 and all(line.result.value is not None for line in lines)


def test_the_cli_gives_the_same_note_and_an_earlier_month_from_its_own_year(synthetic_council):
    home = str(synthetic_council)
    rolling = CliRunner().invoke(main, ["indicators", "--home", home, "--period", "12m:2024-04-30",
                                        "--indicator", "assessment_days", "--format", "csv"])  # fmt: skip
    assert rolling.exit_code == 0, rolling.output
    assert "needs the year before's returns in full" in rolling.output
    engine.clear_cache()
    joined = selectors.periods("referrals", "rolling12", 2025).lines[0].result.value
    counted = CliRunner().invoke(main, ["indicators", "--home", home, "--period", "12m:2024-04-30",
                                        "--indicator", "referrals", "--format", "json"])  # fmt: skip
    assert f'"value": {joined:g}' in counted.output.replace(".0,", ",")
    month = CliRunner().invoke(main, ["indicators", "--home", home, "--period", "2023-06",
                                      "--indicator", "referrals", "--format", "json"])  # fmt: skip
    assert month.exit_code == 0, month.output
    engine.clear_cache()
    expected = _figure(engine.dataset(2024), "referrals", Period.month(2023, 6)).value
    assert f'"value": {expected:g}' in month.output.replace(".0,", ",")


def test_a_years_figures_are_never_withheld_for_it(synthetic_council):
    # The workforce census's period begins 1 October: its figures are the year's all the same
    # (they were withheld on the scorecard when its start was taken for the year's).
    from sightline.workspace import Workspace

    work = Workspace(home=synthetic_council)
    results = work.indicators(Period.year(2025))
    assert not [r.indicator for r in results if "returns in full" in r.note]
    workforce = {
        r.indicator: r.value for r in results if r.indicator in ("vacancy_rate", "caseload")
    }
    assert workforce and all(v is not None for v in workforce.values()), workforce
    rolling = {r.indicator: r for r in work.indicators(Period.rolling12(dt.date(2024, 6, 30)))}
    assert "returns in full" not in rolling["vacancy_rate"].note
    assert "returns in full" in rolling["assessment_days"].note


def test_the_page_says_not_available_once_with_why(synthetic_council, client_as):
    engine.clear_cache()
    html = (
        client_as("performance_analyst")
        .get("/performance/indicators/assessment_days/?period=rolling12")
        .content.decode()
    )
    table = html[html.index('id="period-values"') :]
    table = table[: table.index("</table>")]
    assert table.count("not available<sup>*</sup>") == 11 and "returns in full" not in table
    note = html[html.index('id="periods-not-available"') :]
    assert "needs the year before&#x27;s returns in full" in note[: note.index("</p>")]


def test_a_percentage_before_the_year_adds_its_numerators_and_denominators(synthetic_council):
    engine.clear_cache()
    this_year, year_before = engine.dataset(2025), engine.dataset(2024)
    whole = _figure(year_before, "assessments_45wd", Period.year(2024))
    april_before = _figure(year_before, "assessments_45wd", Period.month(2023, 4))
    april = _figure(this_year, "assessments_45wd", Period.month(2024, 4))
    numerator = whole.numerator - april_before.numerator + april.numerator
    denominator = whole.denominator - april_before.denominator + april.denominator
    first = selectors.periods("assessments_45wd", "rolling12", 2025).lines[0].result
    assert first.note == "" and first.value == pytest.approx(100 * numerator / denominator)
