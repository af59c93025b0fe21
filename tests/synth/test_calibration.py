"""Calibration: a council generated --like a real one shows that council's published rates,
counted plainly from the files (XML and CSV parsed here, nothing reused from the generator).

Tolerances are sampling error: a count n has a relative error of about 1/sqrt(n), so a rate is
allowed 3 standard errors plus 3% for the generator's own calibration error (it tunes its rates on a
trial run of its own, so a little of that run's noise stays in its rates). Percentages
are allowed 3 standard errors of a proportion plus 1 point for the same reason.
"""

import csv
import datetime as dt
import math
from pathlib import Path

import pytest
from lxml import etree

from sightline.synth.council import Request, generate


def _published(file: str, code: str, year: int, column: str, **where: str) -> float:
    from sightline.paths import PUBLISHED

    with (PUBLISHED / file).open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            if (row["old_la_code"] == code and row["time_period"] == str(year)
                    and row["geographic_level"] == "Local authority"
                    and all(row[k] == v for k, v in where.items())):  # fmt: skip
                return float(row[column])
    raise LookupError((file, code, year, column))


def _count_tolerance(expected: float) -> float:
    return 3 / math.sqrt(max(expected, 1)) + 0.03


def _pct_tolerance(pct: float, n: float) -> float:
    p = pct / 100
    return 1.0 + 100 * 3 * math.sqrt(p * (1 - p) / max(n, 1))


def _cin_counts(path: Path, last_year: Path, year: int) -> dict[str, float]:
    """Counts for `year`; last year's census supplies referrals from before the year."""
    start, end = dt.date(year - 1, 4, 1).isoformat(), dt.date(year, 3, 31).isoformat()
    earlier: dict[str, set[str]] = {}
    for child in etree.parse(str(last_year)).iter("Child"):
        earlier[child.findtext(".//LAchildID")] = {d.text for d in child.iter("CINreferralDate")}
    referrals = rereferrals = plans = subsequent = 0
    for child in etree.parse(str(path)).iter("Child"):
        own = {d.text for d in child.iter("CINreferralDate")}
        dates = sorted(own | earlier.get(child.findtext(".//LAchildID"), set()))
        for i, day in enumerate(dates):
            if start <= day <= end:
                referrals += 1
                if (
                    i
                    and (dt.date.fromisoformat(day) - dt.date.fromisoformat(dates[i - 1])).days
                    <= 365
                ):
                    rereferrals += 1
        for plan in child.iter("ChildProtectionPlans"):
            if start <= plan.findtext("CPPstartDate") <= end:
                plans += 1
                subsequent += int(plan.findtext("NumberOfPreviousCPP")) > 0
    return {"referrals": referrals, "rereferral_pct": 100 * rereferrals / max(referrals, 1),
            "cpp_starts": plans, "cpp_subsequent_pct": 100 * subsequent / max(plans, 1)}  # fmt: skip


def _in_need_at_31_march(path: Path, year: int) -> int:
    """Episodes of need open at 31 March: referred by then, not closed by then."""
    end = dt.date(year, 3, 31).isoformat()
    count = 0
    for episode in etree.parse(str(path)).iter("CINdetails"):
        referral, closure = episode.findtext("CINreferralDate"), episode.findtext("CINclosureDate")
        count += bool(referral and referral <= end and (not closure or closure > end))
    return count


def _looked_after_at_31_march(folder: Path, year: int) -> int:
    end = dt.date(year, 3, 31)
    children = set()
    for row in csv.DictReader((folder / "episodes.csv").open(newline="")):
        decom = dt.datetime.strptime(row["DECOM"], "%d/%m/%Y").date()
        dec = dt.datetime.strptime(row["DEC"], "%d/%m/%Y").date() if row["DEC"] else None
        if decom <= end and (dec is None or dec > end):
            children.add(row["CHILD"])
    return len(children)


def _population(code: str, year: int) -> float:
    return _published("ons_mid-year_population_estimates_2012_to_2024.csv", code, year - 1,
                      "population_estimate", age_group="Children aged 0 to 17 years")  # fmt: skip


def _check(tmp_path: Path, code: str, year: int) -> dict[str, tuple[float, float]]:
    generate(Request(out=tmp_path, seed=11, years=[year - 1, year], like=code))
    c1 = "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv"
    d3 = "d3_cpps_subsequent_plan_2013_to_2025.csv"
    cla = "cla_number_and_rate_per_10k_children.csv"
    b1 = "b1_children_in_need_2013_to_2025.csv"
    cin = tmp_path / "cin"
    got = _cin_counts(cin / f"CIN_{code}_{year}.xml", cin / f"CIN_{code}_{year - 1}.xml", year)
    got["cin_at31"] = _in_need_at_31_march(cin / f"CIN_{code}_{year}.xml", year)
    got["cla_at31"] = _looked_after_at_31_march(tmp_path / "ssda903" / str(year), year)
    want = {
        "referrals": _published(c1, code, year, "referral_count"),
        "rereferral_pct": _published(c1, code, year, "rereferral_percent"),
        "cpp_starts": _published(d3, code, year, "CPP_start"),
        "cpp_subsequent_pct": _published(d3, code, year, "CPP_subsequent_percent"),
        "cin_at31": _published(b1, code, year, "At31_episodes"),
        "cla_at31": _published(cla, code, year, "children_count",
                               population_type="Children looked after on 31 March each year"),
    }  # fmt: skip
    population = _population(code, year)
    report = {}
    for name in ("referrals", "cpp_starts", "cin_at31", "cla_at31"):
        rate_got, rate_want = 1e4 * got[name] / population, 1e4 * want[name] / population
        report[name] = (rate_got, rate_want)
        assert abs(rate_got / rate_want - 1) <= _count_tolerance(want[name]), (
            name,
            rate_got,
            rate_want,
        )
    for name, base in (("rereferral_pct", "referrals"), ("cpp_subsequent_pct", "cpp_starts")):
        report[name] = (got[name], want[name])
        assert abs(got[name] - want[name]) <= _pct_tolerance(want[name], want[base]), (
            name,
            got[name],
            want[name],
        )
    return report


@pytest.mark.slow
def test_a_small_council_hartlepool(tmp_path: Path) -> None:
    _check(tmp_path, "805", 2025)


@pytest.mark.slow
def test_rotherham(tmp_path: Path) -> None:
    _check(tmp_path, "372", 2025)


@pytest.mark.slow
def test_a_large_council_kent(tmp_path: Path) -> None:
    _check(tmp_path, "886", 2025)


@pytest.mark.slow
def test_rotherham_2014_to_2018_follows_its_published_referrals(tmp_path: Path) -> None:
    generate(Request(out=tmp_path, seed=4, years=list(range(2014, 2019)), like="372"))
    c1 = "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv"
    for year in range(2014, 2019):
        start, end = dt.date(year - 1, 4, 1).isoformat(), dt.date(year, 3, 31).isoformat()
        cin = etree.parse(str(tmp_path / "cin" / f"CIN_372_{year}.xml"))
        got = sum(start <= d.text <= end for d in cin.iter("CINreferralDate"))
        want = _published(c1, "372", year, "referral_count")
        assert abs(got / want - 1) <= _count_tolerance(want), (year, got, want)
