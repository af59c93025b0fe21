"""Rates per 10,000 DfE publishes only as counts, derived from the count and the ONS population."""

import csv
import importlib

from sightline import benchmarks
from sightline.benchmarks.derived import rate_cell, round_half_up
from sightline.benchmarks.published import Cell, rows
from sightline.indicators import get
from sightline.indicators.model import DERIVED_LABEL, DerivedRate, Published
from sightline.indicators.population import children_0_17_of
from sightline.paths import PUBLISHED

# the module, not the function `sightline.benchmarks.compare` it exports
compare_module = importlib.import_module("sightline.benchmarks.compare")
CLA = "cla_number_and_rate_per_10k_children.csv"
AT_31 = "Children looked after on 31 March each year"
CLA_COUNT = DerivedRate(Published(CLA, "children_count", (("population_type", AT_31),)))


def _area(row):
    level = row["geographic_level"]
    return level, {"National": "England", "Regional": row["region_name"]}.get(
        level, row["old_la_code"]
    )


def _published_cla_rates():
    with (PUBLISHED / CLA).open(newline="", encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            if row["population_type"] == AT_31 and row["rate_per_10000"].isdigit():
                yield row


def test_deriving_the_cla_rate_reproduces_the_published_rates():
    """The method, checked where DfE does publish the rate: children looked after at 31 March over
    the ONS 0-17 estimate of the year before, rounded half up to whole numbers."""
    matched: dict[str, list[bool]] = {}
    years = set()
    for row in _published_cla_rates():
        year = int(row["time_period"][:4])
        years.add(year)
        level, area = _area(row)
        derived = rate_cell(Cell.parse(row["children_count"]), CLA_COUNT, level, area, year)
        ok = derived.value == float(row["rate_per_10000"])
        matched.setdefault(level, []).append(ok)
        if level != "Regional":  # England and every council exactly
            assert ok, (row["la_name"] or area, year, derived, row["rate_per_10000"])
    assert {2021, 2022, 2023, 2024} <= years  # the years the file publishes
    councils = matched["Local authority"]
    assert len(councils) > 700 and sum(councils) / len(councils) >= 0.95
    assert sum(matched["Regional"]) >= len(matched["Regional"]) - 2  # rounded regional counts
    rotherham_2025 = rate_cell(Cell.parse("476"), CLA_COUNT, "Local authority", "372", 2025)
    assert rotherham_2025.text == "80" and rotherham_2025.reason is None


def test_rates_round_half_up_as_dfe_does():
    assert round_half_up(88.5, 0) == 89 and round_half_up(89.49, 0) == 89
    assert round_half_up(40.65, 1) == 40.7


def test_a_suppressed_count_gives_a_missing_rate_with_the_reason():
    cell = rate_cell(Cell.parse("c"), CLA_COUNT, "Local authority", "372", 2025)
    assert cell.value is None and cell.text == "c"
    assert cell.reason == "count suppressed to protect confidentiality"


def test_a_missing_population_gives_a_missing_rate_with_the_reason():
    cell = rate_cell(Cell.parse("120"), CLA_COUNT, "Local authority", "999", 2025)
    assert cell.value is None and cell.reason == "no ONS population estimate for council 999"
    assert children_0_17_of("National", "England", 2012)[0] is None  # mid-2012 is the first


def test_a_suppressed_count_in_the_comparison_stays_missing(monkeypatch):
    c1 = get("referrals_rate").published.file
    changed = tuple(
        {**r, "referral_count": "c"} if r["old_la_code"] == "370" else r for r in rows(c1)
    )
    monkeypatch.setattr(compare_module, "rows", lambda file: changed if file == c1 else rows(file))
    y2025 = next(y for y in benchmarks.compare("372", "referrals_rate").years if y.year == 2025)
    barnsley = y2025.neighbours["370"]
    assert (
        barnsley.value is None and barnsley.reason == "count suppressed to protect confidentiality"
    )
    assert sum(c.value is not None for c in y2025.neighbours.values()) == 9


def test_referrals_rate_for_rotherham_england_region_and_neighbours_is_derived():
    comparison = benchmarks.compare("372", "referrals_rate")
    assert comparison.derived and comparison.source_label == DERIVED_LABEL
    y2025 = next(y for y in comparison.years if y.year == 2025)
    # 632,830 referrals in England over 12,183,016 children (mid-2024)
    # DfE publishes this rate to one place: 519.4, not 519
    assert y2025.england.value == 519.4 and y2025.england.text == "519.4"
    assert y2025.council.value is not None and y2025.region.value is not None
    assert y2025.median is not None
    assert all(row["source"] == DERIVED_LABEL for row in comparison.rows())


def test_published_series_say_they_are_published():
    comparison = benchmarks.compare("372", "cla_rate")
    assert not comparison.derived
    assert {row["source"] for row in comparison.rows()} == {"published"}


def test_the_rate_indicators_declare_their_derivation():
    for indicator_id in ("referrals_rate", "cin_rate", "cpp_rate"):
        published = get(indicator_id).published
        assert isinstance(published, DerivedRate) and DERIVED_LABEL in published.describe()
    assert indicator_id in [i.id for i in benchmarks.available_indicators()]


def test_the_benchmark_command_marks_derived_rates_in_text_csv_and_xlsx(tmp_path):
    from click.testing import CliRunner
    from openpyxl import load_workbook

    from sightline.cli import main

    args = ["benchmark", "--council", "372", "--indicator", "cin_rate", "--no-own"]
    runner = CliRunner()
    text = runner.invoke(main, [*args, "--home", str(tmp_path)])
    assert text.exit_code == 0, text.output
    assert f"At31_episodes ({DERIVED_LABEL})" in text.output
    as_csv = runner.invoke(main, [*args, "--format", "csv", "--home", str(tmp_path)])
    assert DERIVED_LABEL in as_csv.output
    book = tmp_path / "out.xlsx"
    runner.invoke(main, [*args, "--format", "xlsx", "--output", str(book), "--home", str(tmp_path)])
    sheet = load_workbook(book).active
    header = [c.value for c in sheet[1]]
    assert sheet.cell(2, header.index("source") + 1).value == DERIVED_LABEL


def test_figures_round_half_up_as_dfe_does_wherever_they_are_shown():
    from sightline.indicators.rounding import format_figure, median_decimals

    # Python's round() and float formatting round half to even, or to the binary value
    assert round(88.5) == 88 and f"{2.675:.2f}" == "2.67"
    assert format_figure(88.5, 0) == "89" and format_figure(2.675, 2) == "2.68"
    assert format_figure(94.45, 1) == "94.5" and format_figure(1234.5, 0, thousands=True) == "1,235"
    # a neighbours' median between two whole-number figures shows its half
    assert median_decimals(94.5, 0) == 1 and median_decimals(94.0, 0) == 0
