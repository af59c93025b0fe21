"""A council beside England, its region and its ten statistical neighbours, year by year."""

from __future__ import annotations

import statistics
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from sightline.benchmarks.derived import rate_cell
from sightline.benchmarks.published import Cell, Council, PublishedError, council, neighbours, rows
from sightline.indicators import get, indicators
from sightline.indicators.model import DERIVED_LABEL, DerivedRate, Indicator, Published

PUBLISHED_LABEL = "published"
# (geographic level, area: "England", a region's name or a council's code, published year, text)
CellReader = Callable[[str, str, int, str], Cell]


@dataclass(frozen=True)
class Year:
    year: int  # the published time_period
    council: Cell
    england: Cell
    region: Cell
    neighbours: dict[str, Cell]
    own: float | None = None  # the council's figure computed from its own data
    median: float | None = None
    minimum: float | None = None
    maximum: float | None = None
    # why the median is not one of all ten neighbours (some suppressed or not published)
    median_note: str = ""


@dataclass(frozen=True)
class Comparison:
    indicator: str
    name: str
    unit: str
    polarity: str
    source: Published | DerivedRate
    council: Council
    region: str
    neighbours: list[Council]
    years: list[Year] = field(default_factory=list)
    decimals: int = 1  # the places DfE publishes the figure to

    @property
    def derived(self) -> bool:
        """Figures derived from published counts and ONS population, not published as such."""
        return self.source.derived

    @property
    def source_label(self) -> str:
        return DERIVED_LABEL if self.derived else PUBLISHED_LABEL

    def rows(self) -> list[dict[str, object]]:
        """Flat rows (one a year) for CSV, XLSX and JSON output."""
        out = []
        for y in self.years:
            row: dict[str, object] = {
                "indicator": self.indicator,
                "year": y.year,
                "council": self.council.name,
                "council_value": y.council.text,
                "council_reason": y.council.reason or "",
                "own_figure": y.own,
                "england": y.england.text,
                "region": y.region.text,
                "neighbour_median": y.median,
                "neighbour_min": y.minimum,
                "neighbour_max": y.maximum,
                "neighbour_median_note": y.median_note,
                "source": self.source_label,
            }
            for n in self.neighbours:
                row[f"sn {n.code} {n.name}"] = y.neighbours[n.code].text
            out.append(row)
        return out


def available_indicators() -> list[Indicator]:
    """Indicators with a published counterpart to set beside."""
    return [i for i in indicators() if i.published is not None]


def compare(
    council_code: str,
    indicator_id: str,
    own: Mapping[int, float | None] | None = None,
    model: str = "2025",
) -> Comparison:
    """The council's published series, England, its region and its neighbours for an indicator.

    `own` maps published years to the council's own computed figure; `model` chooses the
    statistical neighbours (2025 DfE/NFER model, or the 2021 groupings).
    """
    indicator = get(indicator_id)
    if indicator.published is None:
        raise PublishedError(f"indicator {indicator_id!r} has no published counterpart")
    source = indicator.published
    this = council(council_code)
    try:
        sns = neighbours(this.code, model)
    except PublishedError:  # a council since reorganised: the model has no neighbours for it
        sns = []
    selected = [r for r in rows(source.file) if all(r.get(k) == v for k, v in source.filters)]
    if selected and source.column not in selected[0]:
        raise PublishedError(f"{source.file} has no column {source.column!r}")
    la: dict[tuple[int, str], str] = {}
    national: dict[int, str] = {}
    regional: dict[tuple[int, str], str] = {}
    region_of_council = this.region
    for r in selected:
        year = int(r["time_period"][:4])
        level = r["geographic_level"]
        if level == "Local authority":
            la[(year, r["old_la_code"])] = r[source.column]
            if r["old_la_code"] == this.code and r.get("region_name"):
                region_of_council = r["region_name"]
        elif level == "National":
            national[year] = r[source.column]
        elif level == "Regional":
            regional[(year, r["region_name"])] = r[source.column]
    years = sorted({y for y, _ in la} | set(national))
    read = _reader(source)
    out = []
    for year in years:
        sn_cells = {n.code: _cell(la, (year, n.code), read) for n in sns}
        values = [c.ranked for c in sn_cells.values() if c.ranked is not None]
        out.append(
            Year(
                year=year,
                council=_cell(la, (year, this.code), read),
                england=(
                    read("National", "England", year, national[year])
                    if year in national
                    else Cell.absent()
                ),
                region=_region_cell(regional, year, region_of_council, read),
                neighbours=sn_cells,
                own=(own or {}).get(year),
                median=statistics.median(values) if values else None,
                minimum=min(values) if values else None,
                maximum=max(values) if values else None,
                median_note=median_note(len(values), len(sns)),
            )
        )
    return Comparison(
        indicator.id,
        indicator.name,
        indicator.unit,
        indicator.polarity,
        source,
        this,
        region_of_council,
        sns,
        out,
        source.decimals if isinstance(source, DerivedRate) else indicator.decimals,
    )


# Fewer neighbours than this with a figure and the median is not a fair comparison.
FEWEST_FOR_A_MEDIAN = 5


def median_note(used: int, of: int) -> str:
    """Words for a median resting on fewer than all the neighbours."""
    if of == 0:
        return "no statistical neighbours: the council is not in the neighbour model"
    if used == of:
        return ""
    if used == 0:
        return f"no median: none of the {of} neighbours has a published figure"
    missing = of - used
    words = f"median of {used} of {of} neighbours ({missing} suppressed or not published)"
    return (
        f"too few neighbours for a fair comparison: {words}"
        if used < FEWEST_FOR_A_MEDIAN
        else words
    )


def _reader(source: Published | DerivedRate) -> CellReader:
    """How a published cell becomes a figure: as published, or a rate derived from the count."""
    if isinstance(source, DerivedRate):
        rule = source

        def derive(level: str, area: str, year: int, text: str) -> Cell:
            return rate_cell(Cell.parse(text), rule, level, area, year - rule.year_offset)

        return derive
    return lambda level, area, year, text: Cell.parse(text)


def _cell(table: Mapping[tuple[int, str], str], key: tuple[int, str], read: CellReader) -> Cell:
    year, code = key
    return read("Local authority", code, year, table[key]) if key in table else Cell.absent()


def _region_cell(
    regional: Mapping[tuple[int, str], str], year: int, region: str, read: CellReader
) -> Cell:
    if (year, region) in regional:
        return read("Regional", region, year, regional[(year, region)])
    if region in ("Inner London", "Outer London") and (year, "London") in regional:
        return read("Regional", "London", year, regional[(year, "London")])
    return Cell.absent()
