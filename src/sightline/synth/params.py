"""The parameters of a synthetic council and their calibration from published statistics.

`rates_for(la_code, year)` takes one council's published figures for one collection year (the year
to 31 March); a figure the council did not publish (suppressed, or no release that year) falls back
to the nearest year the council did publish, then to England's rate scaled to the council's child
population, and the fallback is recorded so `council.json` can say which figures were asked for and
where they came from.

Practice quality (timeliness, visits in time, vacancies) is not published per child, so it is a set of
parameters with England-like defaults (`Practice`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from sightline.synth import published as pub

C1 = "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv"
B1 = "b1_children_in_need_2013_to_2025.csv"
D3 = "d3_cpps_subsequent_plan_2013_to_2025.csv"
D5 = "d5_cpps_at31march_by_duration_2013_to_2025.csv"
CLA = "cla_number_and_rate_per_10k_children.csv"
STABILITY = "la_cla_placement_stability.csv"
POPULATION = "ons_mid-year_population_estimates_2012_to_2024.csv"
CSWW = "csww_indicators_2017_to_2025.csv"

FIRST_YEAR = 2013
LAST_YEAR = 2025


class ParameterError(ValueError):
    """A council code or year the published statistics cannot support (plain words)."""


@dataclass
class Practice:
    """How well the council works: parameters, not published per council."""

    assessment_in_45wd: float = 0.85  # share of assessments authorised within 45 working days
    icpc_in_15wd: float = 0.78  # share of ICPCs within 15 working days of the S47 start
    s47_per_referral: float = 0.30  # share of referrals that lead to a section 47 enquiry
    icpc_to_plan: float = 0.85  # share of ICPCs that lead to a plan
    cp_review_in_time: float = 0.92
    cla_review_in_time: float = 0.88
    visits_in_time: float = 0.80  # share of children whose latest visit is within timescale
    child_seen_alone: float = 0.75
    vacancy_rate: float | None = None  # None: the published rate (or England's)


@dataclass
class YearRates:
    """What one collection year should look like: counts for the council's real population."""

    year: int
    population: float  # ONS mid-year estimate of children 0-17 (mid-year before the 31 March)
    referrals: float
    rereferral_pct: float
    nfa_pct: float
    not_in_need_pct: float
    cin_at31: float
    cpp_starts: float
    cpp_subsequent_pct: float
    cpp_at31: float
    cpp_2years_pct: float
    cla_at31: float
    cla_starts: float
    cla_ceased: float
    placements_3plus_pct: float
    workforce: dict[str, float] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)  # figure -> where it came from

    def per_10k(self, count: float) -> float:
        return 10_000 * count / self.population

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def check_council(la_code: str) -> str:
    """The council's name, or a plain-words error for an unknown code."""
    names = pub.council_names()
    if la_code not in names:
        raise ParameterError(
            f"there is no council with code {la_code!r} in the published statistics; use the "
            f"3-digit old LA code, e.g. 372 for Rotherham, 886 for Kent, 330 for Birmingham"
        )
    return names[la_code]


def check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ParameterError(
            f"year {year} is outside the published statistics ({FIRST_YEAR} to {LAST_YEAR}); "
            "choose a collection year in that range"
        )


def _population(la_code: str | None, year: int) -> tuple[float, str]:
    """ONS estimate at the mid-year before the 31 March that ends `year`."""
    series = pub.select(POPULATION, la_code, age_group="Children aged 0 to 17 years")
    values: dict[int, float] = {}
    for y, row in series.items():
        value = pub.number(row["population_estimate"])
        if value:
            values[y] = value
    if not values:
        raise ParameterError(f"no ONS population for council {la_code}")
    wanted = year - 1
    nearest = min(values, key=lambda y: (abs(y - wanted), -y))
    return float(values[nearest]), f"ONS mid-{nearest}"


class _Lookup:
    """Finds one figure for a council and year, falling back and recording where it came from."""

    def __init__(self, la_code: str | None, year: int, population: float) -> None:
        self.la_code = la_code
        self.year = year
        self.population = population
        self.sources: dict[str, str] = {}
        self.england_population = {
            y: _population(None, y)[0] for y in range(FIRST_YEAR, LAST_YEAR + 1)
        }

    def _series(
        self, file: str, column: str, la_code: str | None, where: dict[str, str]
    ) -> dict[int, float]:
        out = {}
        for y, row in pub.select(file, la_code, **where).items():
            value = pub.number(row.get(column))
            if value is not None:
                out[y] = value
        return out

    def get(
        self, name: str, file: str, column: str, kind: str, default: float, **where: str
    ) -> float:
        """kind "count" scales England by population; "pct" takes England's percentage."""
        if self.la_code is not None:
            series = self._series(file, column, self.la_code, where)
            if self.year in series:
                self.sources[name] = f"{file}:{self.year}"
                return series[self.year]
            published_that_year = self.year in pub.select(file, self.la_code, **where)
            if series and not published_that_year:
                nearest = min(series, key=lambda y: (abs(y - self.year), -y))
                self.sources[name] = f"{file}:{nearest} (nearest published year)"
                return series[nearest]
        england = self._series(file, column, None, where)
        if not england:
            self.sources[name] = "default"
            return default
        nearest = min(england, key=lambda y: (abs(y - self.year), -y))
        value = england[nearest]
        if kind == "count":
            value = value * self.population / self.england_population[nearest]
        label = (
            "England" if self.la_code is None else "England (council figure suppressed or missing)"
        )
        self.sources[name] = f"{label} {file}:{nearest}"
        return value


def rates_for(la_code: str | None, year: int) -> YearRates:
    """Published figures for a council (None: England) for one collection year."""
    check_year(year)
    if la_code is not None:
        check_council(la_code)
    population, pop_source = _population(la_code, year)
    look = _Lookup(la_code, year, population)
    look.sources["population"] = pop_source
    cla_where = "Children looked after on 31 March each year"
    rates = YearRates(
        year=year,
        population=population,
        referrals=look.get("referrals", C1, "referral_count", "count", 0),
        rereferral_pct=look.get("rereferral_pct", C1, "rereferral_percent", "pct", 22.0),
        nfa_pct=look.get("nfa_pct", C1, "no_further_action_percent", "pct", 6.0),
        not_in_need_pct=look.get("not_in_need_pct", C1, "not_in_need_percent", "pct", 30.0),
        cin_at31=look.get("cin_at31", B1, "At31_episodes", "count", 0),
        cpp_starts=look.get("cpp_starts", D3, "CPP_start", "count", 0),
        cpp_subsequent_pct=look.get("cpp_subsequent_pct", D3, "CPP_subsequent_percent", "pct", 23),
        cpp_at31=look.get("cpp_at31", D5, "CPP_At31", "count", 0),
        cpp_2years_pct=look.get("cpp_2years_pct", D5, "2_years_or_more_percent", "pct", 2.5),
        cla_at31=look.get("cla_at31", CLA, "children_count", "count", 0, population_type=cla_where),
        cla_starts=look.get(
            "cla_starts",
            CLA,
            "children_count",
            "count",
            0,
            population_type="Children starting to be looked after each year",
        ),
        cla_ceased=look.get(
            "cla_ceased",
            CLA,
            "children_count",
            "count",
            0,
            population_type="Children ceasing to be looked after each year",
        ),
        placements_3plus_pct=look.get(
            "placements_3plus_pct",
            STABILITY,
            "children_percent",
            "pct",
            10.0,
            cla_group="CLA on 31 March",
            placement_stability="With 3 or more placements during the year",
        ),
    )
    rates.workforce = _workforce(look)
    rates.sources = look.sources
    return rates


def _workforce(look: _Lookup) -> dict[str, float]:
    """Workforce census figures (30 September in the collection year's first half)."""
    figures = {
        "inpost_fte": "count",
        "inpost_headcount": "count",
        "starters_fte": "count",
        "leavers_fte": "count",
        "agency_fte": "count",
        "vacancy_fte": "count",
        "case_holders_fte": "count",
        "cases": "count",
        "working_days_lost_fte": "count",
        "turnover_rate_fte": "pct",
        "agency_rate_fte": "pct",
        "vacancy_rate_fte": "pct",
        "caseload_fte": "pct",
        "absence_rate_fte": "pct",
    }
    return {name: look.get(f"csww.{name}", CSWW, name, kind, 0.0) for name, kind in figures.items()}


def scaled(rates: YearRates, scale: float) -> YearRates:
    """The same rates for a council `scale` times the size (population and every count)."""
    counts = [
        "population",
        "referrals",
        "cin_at31",
        "cpp_starts",
        "cpp_at31",
        "cla_at31",
        "cla_starts",
        "cla_ceased",
    ]
    out = YearRates(**{k: v for k, v in asdict(rates).items()})
    for name in counts:
        setattr(out, name, getattr(rates, name) * scale)
    out.workforce = {
        k: (v * scale if not k.endswith(("_rate_fte", "caseload_fte")) else v)
        for k, v in rates.workforce.items()
    }
    return out
