"""A council beside England, its region and its statistical neighbours, from the published files."""

import pytest

from sightline import benchmarks
from sightline.benchmarks.published import Cell, PublishedError


def _year(comparison, year):
    return next(y for y in comparison.years if y.year == year)


def test_rotherham_vacancy_rate_2017_against_england():
    comparison = benchmarks.compare("372", "vacancy_rate")
    y2017 = _year(comparison, 2017)
    assert y2017.council.value == 16.6 and y2017.council.text == "16.6"
    assert y2017.england.value == 17.0
    assert comparison.region == "Yorkshire and The Humber"
    assert y2017.region.text == "7.8"


def test_rotherham_rereferrals_2013_to_2025_as_published():
    comparison = benchmarks.compare("372", "rereferrals")
    assert [y.year for y in comparison.years] == list(range(2013, 2026))
    assert [y.council.text for y in comparison.years] == [
        "29.1", "22.5", "21.8", "28", "26.1", "22.9", "21.3", "20.7", "17.7", "18.2", "16.6",
        "17.7", "19.6",
    ]  # fmt: skip
    assert _year(comparison, 2025).england.text == "22.6"


def test_rotherham_has_its_ten_neighbours_named_with_median_and_range():
    comparison = benchmarks.compare("372", "vacancy_rate")
    assert [n.name for n in comparison.neighbours] == [
        "Barnsley", "Tameside", "Doncaster", "Wakefield", "Telford and Wrekin", "Dudley",
        "Redcar and Cleveland", "Sunderland", "Gateshead", "County Durham",
    ]  # fmt: skip
    y2017 = _year(comparison, 2017)
    values = sorted(c.value for c in y2017.neighbours.values() if c.value is not None)
    assert y2017.minimum == values[0] and y2017.maximum == values[-1]
    assert y2017.median == pytest.approx(12.8)


def test_suppressed_cells_stay_missing_with_their_reason_never_zero():
    comparison = benchmarks.compare("372", "cpp_2years")
    cell = _year(comparison, 2025).council
    assert cell.text == "c" and cell.value is None and "suppressed" in cell.reason
    for code, reason in [
        ("x", "not available"),
        ("z", "not applicable"),
        ("low", "low: rounds to 0 but is not 0"),
    ]:
        parsed = Cell.parse(code)
        assert parsed.value is None and parsed.reason == reason


def test_medians_leave_out_suppressed_neighbours():
    for indicator in benchmarks.available_indicators():
        for year in benchmarks.compare("372", indicator.id).years:
            known = [c.ranked for c in year.neighbours.values() if c.ranked is not None]
            assert (year.median is None) == (not known)
            assert (year.median_note == "") == (len(known) == len(year.neighbours))


def test_low_is_a_published_value_in_the_neighbours_median_and_range():
    # Sunderland (394), one of Rotherham's ten neighbours, published its 2025 agency rate as
    # "low": rounds to 0 but is not 0 (DfE). It is shown as published, and counted as 0 in the
    # range and the median of all ten, not dropped to a median of nine.
    y2025 = _year(benchmarks.compare("372", "agency_rate"), 2025)
    sunderland = y2025.neighbours["394"]
    assert sunderland.text == "low" and sunderland.value is None and sunderland.ranked == 0.0
    ranked = sorted(c.ranked for c in y2025.neighbours.values())
    assert len(ranked) == 10 and y2025.minimum == 0.0 == ranked[0]
    assert y2025.median == pytest.approx((ranked[4] + ranked[5]) / 2)
    assert y2025.median_note == ""


def test_a_median_on_too_few_neighbours_says_so():
    from sightline.benchmarks.compare import median_note

    assert median_note(10, 10) == ""
    assert median_note(8, 10) == "median of 8 of 10 neighbours (2 suppressed or not published)"
    assert median_note(3, 10) == (
        "too few neighbours for a fair comparison: median of 3 of 10 neighbours "
        "(7 suppressed or not published)"
    )
    assert median_note(0, 10).startswith("no median")
    # in the published files: Rotherham's neighbours' plans open 2 years or more in 2025 rest on
    # the neighbours who published a figure, and the note counts the rest
    y2025 = _year(benchmarks.compare("372", "cpp_2years"), 2025)
    published = sum(c.ranked is not None for c in y2025.neighbours.values())
    assert published < 10 and f"median of {published} of 10 neighbours" in y2025.median_note


def test_own_figure_sits_beside_the_published_one():
    comparison = benchmarks.compare("372", "vacancy_rate", own={2017: 16.61})
    assert _year(comparison, 2017).own == 16.61
    assert _year(comparison, 2018).own is None


def test_councils_and_unknown_codes():
    names = {c.code: c.name for c in benchmarks.councils()}
    assert names["372"] == "Rotherham" and len(names) == 153
    with pytest.raises(PublishedError, match="no council with LA code '999'"):
        benchmarks.compare("999", "vacancy_rate")
    with pytest.raises(PublishedError, match="no published counterpart"):
        benchmarks.compare("372", "assessments_45wd")


def test_the_2021_neighbour_groupings_too():
    comparison = benchmarks.compare("372", "vacancy_rate", model="2021")
    assert [n.code for n in comparison.neighbours][:3] == ["371", "359", "332"]
    assert comparison.neighbours[1].name == "Wigan"
    with pytest.raises(PublishedError, match="no statistical neighbour model '2019'"):
        benchmarks.neighbours("372", "2019")
