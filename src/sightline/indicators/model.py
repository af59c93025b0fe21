"""What an indicator is: a declaration, the period it is computed over, and its result.

An indicator's `units` query returns one row per thing counted (a referral, a plan, a child, a
worker) for the period given as `$period_start` and `$period_end` (dates, inclusive). Columns:

- `person_id`                the child (null for non-child units such as a workforce census year)
- `record_id`                what the row is (a referral ID, plan ID...) for drill-down
- `denominator`              in the denominator: boolean, or a number to add up (e.g. FTE)
- `numerator`                in the numerator: boolean, or a number to add up
- `value`        (days)      the unit's own value, averaged over the denominator
- `event_date`   (optional)  the date the unit is about (referral date, plan start)
- optional breakdown columns: `team`, `worker`, `primary_need`, `band`, `factor`, `age_group`

The runner adds the child's age band, sex, ethnicity and disability from ssd_person and
ssd_disability, so a declaration never repeats them. One query per indicator gives the numerator,
the denominator, every breakdown and the drill-down list from the same rows, so they always agree.

Rows several indicators count from (every referral of the period with the one before it, every
episode of care with its placement and period of care) are a `Base`, declared once in its family:
an indicator's `units` reads it by name as if it were a table and lists it in `bases`. The runner
works a base out once per dataset and period and every indicator reading it reuses it; worked
out in place (`shared=False`, a common table expression per base) the figures are the same.
"""

from __future__ import annotations

import calendar as month_calendar
import datetime as dt
from dataclasses import dataclass
from typing import Literal

Unit = Literal["percent", "rate_per_10k", "count", "days", "ratio"]
Polarity = Literal["higher_is_better", "lower_is_better", "neutral"]
PeriodKind = Literal["year", "rolling12", "month"]

PERSON_BREAKDOWNS = ("age_band", "sex", "ethnicity", "disability")
UNIT_BREAKDOWNS = ("team", "worker", "primary_need", "band", "factor", "age_group")
ALL_BREAKDOWNS = (*UNIT_BREAKDOWNS, *PERSON_BREAKDOWNS)


@dataclass(frozen=True)
class Published:
    """Where DfE publishes the indicator: a file in sightline/published, rows and a column."""

    file: str
    column: str
    filters: tuple[tuple[str, str], ...] = ()
    # the published time_period for a collection year Y is Y + year_offset (CSWW: -1, the
    # September census inside the year to 31 March)
    year_offset: int = 0

    derived = False  # a figure as DfE publishes it

    def describe(self) -> str:
        return f"{self.file} {self.column}"


DERIVED_LABEL = "derived from published counts and ONS population"


@dataclass(frozen=True)
class DerivedRate:
    """A rate DfE publishes only as a count: the published count over the ONS mid-year estimate of
    children aged 0-17 of the year before the collection year, per 10,000, rounded half up to
    `decimals` as DfE rounds its rates (validated against the published CLA rates). Never shown
    as a published figure: every output names it `DERIVED_LABEL`."""

    count: Published
    population: Literal["0-17"] = "0-17"
    per: int = 10_000
    decimals: int = 0

    derived = True

    # where the count is read from: the same file, column, rows and years as a published series
    @property
    def file(self) -> str:
        return self.count.file

    @property
    def column(self) -> str:
        return self.count.column

    @property
    def filters(self) -> tuple[tuple[str, str], ...]:
        return self.count.filters

    @property
    def year_offset(self) -> int:
        return self.count.year_offset

    def describe(self) -> str:
        return (
            f"{DERIVED_LABEL}: {self.count.file} {self.count.column} / ONS {self.population} "
            f"x {self.per:,}"
        )


@dataclass(frozen=True)
class History:
    """Rows from before the period a figure needs: DfE's re-referral looks 12 months back from
    each referral, so a year's figure needs the referrals of the year before too."""

    table: str  # the canonical table whose earlier rows are needed
    months: int  # how far before the period start
    words: str  # what that is, for the note ("the year before's CIN census")


# How a note begins when a figure cannot be computed as DfE computes it (its value is withheld,
# and the note is shown in its place on the page, in the CLI, packs and exports).
NOT_COLLECTED = "not collected"
NEEDS_HISTORY = "needs "


@dataclass(frozen=True)
class Base:
    """Rows several indicators count from, declared once: `sql` (which may use `$period_start`
    and `$period_end`) read as the table `name` by the units of every indicator listing it, and
    by the bases listing it in `bases`. Its name begins `base_` so that it is never taken for a
    canonical table."""

    name: str
    sql: str
    bases: tuple[Base, ...] = ()  # the bases its SQL reads

    def __post_init__(self) -> None:
        if not self.name.startswith("base_") or not self.name.isidentifier():
            raise ValueError(f"a base's name is an identifier beginning base_, not {self.name!r}")


@dataclass(frozen=True)
class Indicator:
    id: str
    name: str
    family: str
    unit: Unit
    polarity: Polarity
    definition: str
    units: str  # SQL, see the module docstring
    tables: tuple[str, ...]  # canonical tables it reads, its bases' too (names the snapshots)
    breakdowns: tuple[str, ...] = PERSON_BREAKDOWNS
    published: Published | DerivedRate | None = None
    # With no `published`: why England and the neighbours have no figure beside this one (DfE
    # publishes another measure, or a table Sightline does not hold), in words a reader sees.
    not_published: str = ""
    period_kinds: tuple[PeriodKind, ...] = ("year", "rolling12", "month")
    interpretation: str = ""  # where the definition is uncertain: the reading chosen, and why
    decimals: int = 1  # as DfE publishes it
    # Whether its figures count children (and so are suppressed when small for readers who see
    # aggregates only). The workforce census counts staff: a vacancy rate resting on 3 FTE
    # vacancies identifies no child.
    counts_children: bool = True
    # rows from before the period the figure needs (see History)
    history: History | None = None
    # tables besides the first that must hold rows: with none, the item was not collected (the
    # 903's social worker episodes before 2023-24) and the figure says so rather than showing 0
    requires: tuple[str, ...] = ()
    # One line for elected members and board members: what the figure says about children, in
    # plain words (the definition above is for analysts). Shown beside a figure and in the glossary.
    help: str = ""
    # the shared rows its units read by name (see Base)
    bases: tuple[Base, ...] = ()

    def __post_init__(self) -> None:
        if (self.published is None) == (not self.not_published):
            raise ValueError(
                f"indicator {self.id!r}: give where DfE publishes it (published) or why it is "
                "not compared (not_published), and not both"
            )

    def inline_sql(self) -> str:
        """The units query standing alone: each base it reads given as a common table expression
        (what the runner computes once and shares, worked out in place)."""
        return with_bases(self.units, self.bases)


def bases_in_order(bases: tuple[Base, ...]) -> list[Base]:
    """Every base read, directly or through another base, each after the bases it reads."""
    ordered: list[Base] = []

    def visit(base: Base) -> None:
        for read in base.bases:
            visit(read)
        if base not in ordered:
            if any(b.name == base.name for b in ordered):
                raise ValueError(f"two different bases are named {base.name}")
            ordered.append(base)

    for base in bases:
        visit(base)
    return ordered


def with_bases(sql: str, bases: tuple[Base, ...]) -> str:
    """`sql` with the bases it reads as common table expressions before it."""
    ordered = bases_in_order(bases)
    if not ordered:
        return sql
    ctes = ",\n".join(f"{b.name} AS ({b.sql})" for b in ordered)
    return f"WITH {ctes}\nSELECT * FROM ({sql})"


@dataclass(frozen=True)
class Period:
    kind: PeriodKind
    start: dt.date
    end: dt.date

    @classmethod
    def year(cls, year: int) -> Period:
        """The year to 31 March `year` (the collection year)."""
        return cls("year", dt.date(year - 1, 4, 1), dt.date(year, 3, 31))

    @classmethod
    def rolling12(cls, end: dt.date) -> Period:
        """The 12 months ending on `end` inclusive."""
        try:
            start = end.replace(year=end.year - 1) + dt.timedelta(days=1)
        except ValueError:  # 29 February
            start = dt.date(end.year - 1, 3, 1)
        return cls("rolling12", start, end)

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        last = month_calendar.monthrange(year, month)[1]
        return cls("month", dt.date(year, month, 1), dt.date(year, month, last))

    @classmethod
    def parse(cls, text: str) -> Period:
        """ "2025" (year to 31 March 2025), "2025-03" (a month), "12m:2025-06-30" (rolling)."""
        text = text.strip()
        try:
            if text.startswith("12m:"):
                return cls.rolling12(dt.date.fromisoformat(text[4:]))
            if len(text) == 4:
                return cls.year(int(text))
            if len(text) == 7:
                return cls.month(int(text[:4]), int(text[5:]))
        except ValueError:
            pass
        raise ValueError(
            f"period {text!r} not understood: use 2025 (year to 31 March), 2025-03 (a month) "
            "or 12m:2025-06-30 (12 months to a date)"
        )

    @property
    def label(self) -> str:
        if self.kind == "year":
            return f"{self.end.year - 1}-{self.end.year % 100:02d}"
        if self.kind == "month":
            return self.start.strftime("%Y-%m")
        return f"12 months to {self.end.isoformat()}"

    @property
    def collection_year(self) -> int:
        """The collection year (to 31 March) the period ends in."""
        return self.end.year if self.end.month <= 3 else self.end.year + 1


@dataclass(frozen=True)
class Result:
    indicator: str
    period: Period
    value: float | None
    numerator: float | None
    denominator: float | None
    snapshot_ids: tuple[str, ...]
    breakdown: str | None = None
    breakdown_value: str | None = None
    unit: Unit = "count"
    note: str = ""  # why a value is missing (no data, no population...)

    @property
    def not_computed(self) -> bool:
        """The figure cannot be computed as DfE does (history missing, an item not collected):
        the note says why, in place of the figure."""
        return self.value is None and self.note.startswith((NOT_COLLECTED, NEEDS_HISTORY))

    def as_row(self) -> dict[str, object]:
        return {
            "indicator": self.indicator,
            "period": self.period.label,
            "period_start": self.period.start.isoformat(),
            "period_end": self.period.end.isoformat(),
            "breakdown": self.breakdown or "",
            "breakdown_value": self.breakdown_value if self.breakdown else "",
            "unit": self.unit,
            "value": self.value,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "snapshots": " ".join(self.snapshot_ids),
            "note": self.note,
        }
