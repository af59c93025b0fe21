"""The published rates of a council, and the same rates counted plainly from a generated council's
files (XML and CSV parsed here, nothing reused from the generator or the indicator engine).

Used by the calibration tests and by `python -m tests.synth.plain_counts DIR CODE FIRST-LAST`,
which prints published against generated per year (the figures in docs/synthetic-councils.md).

Tolerances are sampling error: a count n has a relative error of about 1/sqrt(n), so a rate is
allowed 3 standard errors plus 3% for the generator's own calibration error (it tunes its rates on
a trial run of its own, so a little of that run's noise stays in its rates). Percentages are
allowed 3 standard errors of a proportion plus 1 point for the same reason. Children looked after
per 10,000 is published as a whole number, so it is allowed half a unit more.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import math
import sys
from pathlib import Path

from lxml import etree

C1 = "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv"
D3 = "d3_cpps_subsequent_plan_2013_to_2025.csv"
D5 = "d5_cpps_at31march_by_duration_2013_to_2025.csv"
CLA = "cla_number_and_rate_per_10k_children.csv"
B1 = "b1_children_in_need_2013_to_2025.csv"
POPULATION = "ons_mid-year_population_estimates_2012_to_2024.csv"
AT31 = "Children looked after on 31 March each year"
STARTING = "Children starting to be looked after each year"
CEASING = "Children ceasing to be looked after each year"

# counts (compared as rates per 10,000 children) and percentages (with the count they are of)
COUNTS = ("referrals", "cpp_starts", "cpp_at31", "cin_at31", "cla_at31", "cla_starts", "cla_ceased")
PERCENTAGES = {"rereferral_pct": "referrals", "cpp_subsequent_pct": "cpp_starts"}


def published_cell(file: str, code: str, year: int, column: str, **where: str) -> float:
    from sightline.paths import PUBLISHED

    with (PUBLISHED / file).open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            if (row["old_la_code"] == code and row["time_period"] == str(year)
                    and row["geographic_level"] == "Local authority"
                    and all(row[k] == v for k, v in where.items())):  # fmt: skip
                return float(row[column])
    raise LookupError((file, code, year, column))


def published(code: str, year: int) -> dict[str, float]:
    """What DfE published for the council and collection year (figures it did not publish that
    year, e.g. children looked after before 2021 in the shipped table, are left out)."""
    cells = {
        "referrals": (C1, "referral_count", {}),
        "rereferral_pct": (C1, "rereferral_percent", {}),
        "cpp_starts": (D3, "CPP_start", {}),
        "cpp_subsequent_pct": (D3, "CPP_subsequent_percent", {}),
        "cpp_at31": (D5, "CPP_At31", {}),
        "cin_at31": (B1, "At31_episodes", {}),
        "cla_at31": (CLA, "children_count", {"population_type": AT31}),
        "cla_starts": (CLA, "children_count", {"population_type": STARTING}),
        "cla_ceased": (CLA, "children_count", {"population_type": CEASING}),
        "cla_per_10k": (CLA, "rate_per_10000", {"population_type": AT31}),
    }
    out = {}
    for name, (file, column, where) in cells.items():
        try:
            out[name] = published_cell(file, code, year, column, **where)
        except (LookupError, ValueError):  # not published that year, or suppressed
            continue
    return out


def population(code: str, year: int) -> float:
    """ONS children 0-17 at the mid-year before the 31 March that ends `year`."""
    return published_cell(POPULATION, code, year - 1, "population_estimate",
                          age_group="Children aged 0 to 17 years")  # fmt: skip


def cla_population(code: str, year: int) -> float:
    """The population DfE's looked-after rate per 10,000 is of (in the same published table)."""
    return published_cell(CLA, code, year, "population_estimate", population_type=AT31)


def _date(text: str | None) -> dt.date | None:
    return dt.datetime.strptime(text, "%d/%m/%Y").date() if text else None


def cin_counts(folder: Path, code: str, year: int) -> dict[str, float]:
    """Referrals, re-referrals, plans and in need at 31 March from the CIN census of `year`; last
    year's census (when there) supplies referrals from before the year."""
    start, end = dt.date(year - 1, 4, 1).isoformat(), dt.date(year, 3, 31).isoformat()
    earlier: dict[str, set[str]] = {}
    last_year = folder / "cin" / f"CIN_{code}_{year - 1}.xml"
    if last_year.exists():
        for child in etree.parse(str(last_year)).iter("Child"):
            earlier[child.findtext(".//LAchildID") or ""] = {
                d.text or "" for d in child.iter("CINreferralDate")
            }
    referrals = rereferrals = plans = subsequent = plans_at31 = in_need_at31 = 0
    for child in etree.parse(str(folder / "cin" / f"CIN_{code}_{year}.xml")).iter("Child"):
        own = {d.text or "" for d in child.iter("CINreferralDate")}
        dates = sorted(own | earlier.get(child.findtext(".//LAchildID") or "", set()))
        for i, day in enumerate(dates):
            if start <= day <= end:
                referrals += 1
                gap = (dt.date.fromisoformat(day) - dt.date.fromisoformat(dates[i - 1])).days
                rereferrals += bool(i) and gap <= 365
        for episode in child.iter("CINdetails"):
            referral = episode.findtext("CINreferralDate") or ""
            closure = episode.findtext("CINclosureDate")
            in_need_at31 += referral <= end and (not closure or closure > end)
        for plan in child.iter("ChildProtectionPlans"):
            plan_start, plan_end = plan.findtext("CPPstartDate") or "", plan.findtext("CPPendDate")
            if start <= plan_start <= end:
                plans += 1
                subsequent += int(plan.findtext("NumberOfPreviousCPP") or 0) > 0
            plans_at31 += plan_start <= end and (not plan_end or plan_end > end)
    return {
        "referrals": referrals,
        "rereferral_pct": 100 * rereferrals / max(referrals, 1),
        "cpp_starts": plans,
        "cpp_subsequent_pct": 100 * subsequent / max(plans, 1),
        "cpp_at31": plans_at31,
        "cin_at31": in_need_at31,
    }


def cla_counts(folder: Path, year: int) -> dict[str, float]:
    """Children looked after at 31 March, starting (an episode with RNE S in the year) and ceasing
    (an episode ended in the year with a reason other than X1, "episode ceases, care goes on")."""
    start, end = dt.date(year - 1, 4, 1), dt.date(year, 3, 31)
    at31: set[str] = set()
    starting: set[str] = set()
    ceasing: set[str] = set()
    with (folder / "ssda903" / str(year) / "episodes.csv").open(newline="") as handle:
        for row in csv.DictReader(handle):
            decom, dec = _date(row["DECOM"]), _date(row["DEC"])
            assert decom is not None
            if decom <= end and (dec is None or dec > end):
                at31.add(row["CHILD"])
            if row["RNE"] == "S" and start <= decom <= end:
                starting.add(row["CHILD"])
            if dec is not None and start <= dec <= end and row["REC"] != "X1":
                ceasing.add(row["CHILD"])
    return {"cla_at31": len(at31), "cla_starts": len(starting), "cla_ceased": len(ceasing)}


def generated(folder: Path, code: str, year: int) -> dict[str, float]:
    got = cin_counts(folder, code, year) | cla_counts(folder, year)
    with contextlib.suppress(LookupError):  # no looked-after table for the year
        got["cla_per_10k"] = 1e4 * got["cla_at31"] / cla_population(code, year)
    return got


def count_tolerance(expected: float) -> float:
    """Relative: 3 standard errors of a count plus 3%."""
    return 3 / math.sqrt(max(expected, 1)) + 0.03


def pct_tolerance(pct: float, n: float) -> float:
    """Points: 3 standard errors of a proportion plus 1 point."""
    p = pct / 100
    return 1.0 + 100 * 3 * math.sqrt(p * (1 - p) / max(n, 1))


def misses(want: dict[str, float], got: dict[str, float]) -> list[str]:
    """Every figure outside its tolerance, in words (empty: all within)."""
    out = []
    for name in (n for n in COUNTS if n in want):
        if abs(got[name] / want[name] - 1) > count_tolerance(want[name]):
            out.append(f"{name}: {got[name]:.0f} against {want[name]:.0f} published")
    for name, base in PERCENTAGES.items():
        if name not in want or base not in want:
            continue
        if abs(got[name] - want[name]) > pct_tolerance(want[name], want[base]):
            out.append(f"{name}: {got[name]:.1f}% against {want[name]:.1f}% published")
    if "cla_per_10k" not in want:
        return out
    allowed = want["cla_per_10k"] * count_tolerance(want["cla_at31"]) + 0.5
    if abs(got["cla_per_10k"] - want["cla_per_10k"]) > allowed:
        out.append(f"cla_per_10k: {got['cla_per_10k']:.1f} against {want['cla_per_10k']:.0f}")
    return out


def report(folder: Path, code: str, years: list[int]) -> str:
    names = [*COUNTS, *PERCENTAGES, "cla_per_10k"]
    lines = ["year " + " ".join(f"{n:>18}" for n in names)]
    for year in years:
        want, got = published(code, year), generated(folder, code, year)
        cells = [
            f"{want.get(n, float('nan')):>8.1f}/{got.get(n, float('nan')):<9.1f}" for n in names
        ]
        lines.append(f"{year} " + " ".join(cells) + ("  " + "; ".join(misses(want, got))))
    return "\n".join(lines)


if __name__ == "__main__":
    first, last = (int(y) for y in sys.argv[3].split("-"))
    print(report(Path(sys.argv[1]), sys.argv[2], list(range(first, last + 1))))
