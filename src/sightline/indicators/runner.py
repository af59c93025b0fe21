"""One generic runner: any declared indicator, any period, any breakdown, over a Dataset."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pyarrow as pa

from sightline import allocations
from sightline.dataset import HISTORY_VIEWS, Dataset
from sightline.indicators import population as ons
from sightline.indicators.model import (
    ALL_BREAKDOWNS,
    NEEDS_HISTORY,
    NOT_COLLECTED,
    PERSON_BREAKDOWNS,
    UNIT_BREAKDOWNS,
    Base,
    Indicator,
    Period,
    Result,
    bases_in_order,
    with_bases,
)
from sightline.indicators.reads import tables_read
from sightline.indicators.registry import get, indicators
from sightline.indicators.rounding import format_figure

# What an item a figure requires is, when a return did not collect it (the note says so).
ITEMS = {
    "ssd_involvements": (
        "social workers' episodes (the 903's sw_episodes, collected from 2023-24, or "
        "allocations in an Annex A list or SSD extract)"
    ),
}
# The tables a figure is counted from, in the words of the return that carries them, for the note
# of a figure with no data ("no data: needs the workforce census"): a reader never sees a table name.
TABLE_WORDS = {
    "ssd_person": "children's details (from any case return)",
    "ssd_cin_episodes": "referrals (the CIN census)",
    "ssd_cin_assessments": "assessments (the CIN census)",
    "ssd_assessment_factors": "assessment factors (the CIN census)",
    "ssd_s47_enquiry": "section 47 enquiries (the CIN census)",
    "ssd_initial_cp_conference": "initial child protection conferences (the CIN census)",
    "ssd_cp_plans": "child protection plans (the CIN census)",
    "ssd_cp_reviews": "child protection reviews (the CIN census)",
    "ssd_cla_episodes": "episodes of care (the SSDA903 return)",
    "ssd_care_leavers": "care leavers (the SSDA903 return)",
    "ssd_missing": "missing or away from placement (the SSDA903 return)",
    "ssd_permanence": "adoptions and other permanence (the SSDA903 return)",
    "s903_outcomes": "outcomes of children looked after (the SSDA903 return)",
    "csww_council_figures": "the council's social work workforce figures (the workforce census)",
    **ITEMS,
}
PERSON_TABLES = ("ssd_person", "ssd_disability")  # read for the person breakdowns
# Team and worker: the unit's own (the team on the referral or plan, where the return names it),
# else the child's allocation at the period end from every return, the one answer compliance and
# the child's page use (`sightline.allocations`): a CIN census or 903 names no team on a unit.
ALLOCATION_BREAKDOWNS = ("team", "worker")
ALLOCATION_TABLES = tuple(dict.fromkeys(t for t, *_ in allocations.SOURCES))


class IndicatorError(ValueError):
    """An indicator cannot be computed as asked (the message says why)."""


# Attributes of each child, as at the end of the period, for the person breakdowns.
_PERSON_ATTRIBUTES = """
SELECT coalesce(p.pers_person_id, d.person) AS person_id,
    CASE
        WHEN p.pers_dob IS NULL THEN 'Not known'
        WHEN age_at(p.pers_dob, $period_end) < 1 THEN 'Under 1'
        WHEN age_at(p.pers_dob, $period_end) < 5 THEN '1 to 4'
        WHEN age_at(p.pers_dob, $period_end) < 10 THEN '5 to 9'
        WHEN age_at(p.pers_dob, $period_end) < 16 THEN '10 to 15'
        ELSE '16 and over'
    END AS age_band,
    CASE upper(p.pers_sex) WHEN '1' THEN 'Male' WHEN 'M' THEN 'Male'
        WHEN '2' THEN 'Female' WHEN 'F' THEN 'Female' ELSE 'Not known' END AS sex,
    coalesce(nullif(p.pers_ethnicity, ''), 'Not known') AS ethnicity,
    CASE WHEN d.any_disability THEN 'Disabled' WHEN d.person IS NOT NULL THEN 'Not disabled'
        ELSE 'Not recorded' END AS disability
FROM (SELECT pers_person_id, any_value(pers_dob) AS pers_dob, any_value(pers_sex) AS pers_sex,
        any_value(pers_ethnicity) AS pers_ethnicity
      FROM ssd_person GROUP BY pers_person_id) p
FULL OUTER JOIN (SELECT disa_person_id AS person,
        bool_or(upper(coalesce(disa_disability_code, 'NONE')) <> 'NONE') AS any_disability
      FROM ssd_disability GROUP BY disa_person_id) d ON d.person = p.pers_person_id
"""


def run(
    dataset: Dataset,
    period: Period | str,
    breakdown: str | None = None,
    ids: Iterable[str] | None = None,
    population: int | None = None,
    *,
    shared: bool = True,
) -> list[Result]:
    """Every indicator (or those named) for the period; with a breakdown, one result per value.

    Indicators whose declaration does not support the breakdown or the kind of period are skipped.
    `population` overrides the ONS estimate (a council not in the published file). `shared=False`
    works out each indicator's bases in its own query instead of once for all (the same figures,
    more slowly: what the shared bases are checked against).
    """
    period = Period.parse(period) if isinstance(period, str) else period
    _check_breakdown(breakdown)
    chosen = [get(i) for i in ids] if ids is not None else list(indicators())
    chosen = [
        i
        for i in chosen
        if period.kind in i.period_kinds and (breakdown is None or breakdown in i.breakdowns)
    ]
    return _run_each(dataset, chosen, period, breakdown, population, shared)


def run_one(
    dataset: Dataset,
    indicator: Indicator | str,
    period: Period | str,
    breakdown: str | None = None,
    population: int | None = None,
    *,
    shared: bool = True,
) -> list[Result]:
    indicator = get(indicator) if isinstance(indicator, str) else indicator
    period = Period.parse(period) if isinstance(period, str) else period
    _check_breakdown(breakdown)
    return _run_each(dataset, [indicator], period, breakdown, population, shared)


@dataclass(frozen=True)
class _Units:
    """An indicator with rows to count: its kept units table and that table's columns' types."""

    indicator: Indicator
    snapshots: tuple[str, ...]
    table: str
    columns: dict[str, str]


def _run_each(
    dataset: Dataset,
    chosen: Sequence[Indicator],
    period: Period,
    breakdown: str | None,
    population: int | None,
    shared: bool,
) -> list[Result]:
    """Each indicator's results, in turn. The figures of up to `UNITS_KEPT` indicators at a time
    are counted in one query over all their units (`_count`), so that a child's breakdown joins
    the children's attributes or allocations to every indicator's units at once, not once per
    indicator: each such join reads the million children of England again."""
    results: list[Result] = []
    for first in range(0, len(chosen), UNITS_KEPT):  # none of a batch's units is dropped
        prepared = [
            _units_or_missing(dataset, indicator, period, breakdown, shared)
            for indicator in chosen[first : first + UNITS_KEPT]
        ]
        units = [p for p in prepared if isinstance(p, _Units)]
        counted = iter(_count(dataset, units, period, breakdown))
        for p in prepared:
            if isinstance(p, _Units):
                results.extend(_figures(dataset, p, period, breakdown, next(counted), population))
            else:
                results.extend(p)
    return results


def _units_or_missing(
    dataset: Dataset, indicator: Indicator, period: Period, breakdown: str | None, shared: bool
) -> _Units | list[Result]:
    """The indicator's units, made if need be, or the result saying why there is no figure."""
    read = (
        *indicator.tables,
        *(PERSON_TABLES if breakdown in PERSON_BREAKDOWNS else ()),
        *(ALLOCATION_TABLES if breakdown in ALLOCATION_BREAKDOWNS else ()),
    )
    snapshots = tuple(dataset.snapshots_for(read))
    if not dataset.has_rows(indicator.tables[0]):
        return [
            _missing(indicator, period, snapshots, breakdown, f"no data: needs {_needs(indicator)}")
        ]
    uncollected = [t for t in indicator.requires if not _holds_rows(dataset, t)]
    if uncollected:
        items = "; ".join(ITEMS.get(t, t) for t in uncollected)
        return [_missing(indicator, period, snapshots, breakdown, f"{NOT_COLLECTED}: {items}")]
    table = _kept_units(dataset, indicator, period, shared)
    return _Units(indicator, snapshots, table, _columns(dataset, indicator, table))


def _figures(
    dataset: Dataset,
    units: _Units,
    period: Period,
    breakdown: str | None,
    rows: list[Row],
    population: int | None,
) -> list[Result]:
    """The indicator's results from its counted rows (one per breakdown value)."""
    indicator, snapshots = units.indicator, units.snapshots
    if not rows and breakdown is None:
        rows = [(None, 0.0, 0.0, None, 0, 0, None)]  # data, but nothing counted: a count of zero
    pop, pop_note = None, ""
    if indicator.unit == "rate_per_10k":
        pop, pop_note = _population(dataset, period, population)
    results = []
    for row in rows:
        results.append(_result(indicator, period, snapshots, breakdown, row, pop, pop_note))
    if not results:
        results.append(_missing(indicator, period, snapshots, breakdown, "no cases in the period"))
    gap = _history_gap(dataset, indicator, period)
    if gap:  # not DfE's figure: withheld, with what the returns held alone give
        results = [_withheld(indicator, r, gap) for r in results]
    return results


def _holds_rows(dataset: Dataset, table: str) -> bool:
    """Whether the table came from a snapshot with at least one row (a return that collects the
    item writes its rows; an empty table means the item was not collected)."""
    key = f"_holds_rows_{table}"
    if key not in dataset.cache:
        found = dataset.con.execute(f"SELECT EXISTS (SELECT 1 FROM {table})").fetchone()
        dataset.cache[key] = dataset.has_rows(table) and bool(found and found[0])
    return bool(dataset.cache[key])


def _history_gap(dataset: Dataset, indicator: Indicator, period: Period) -> str:
    """Why the figure is not DfE's when the returns held start too late for it, else ""."""
    need = indicator.history
    if need is None:
        return ""
    held_from = dataset.history_start(need.table)
    months = period.start.year * 12 + period.start.month - 1 - need.months
    needed_from = dt.date(months // 12, months % 12 + 1, 1)
    if held_from is None or held_from <= needed_from:
        return ""
    return (
        f"{NEEDS_HISTORY}{need.words}: the figure looks back to {needed_from:%d %B %Y}, and the "
        f"returns held begin {held_from:%d %B %Y}"
    )


def _withheld(indicator: Indicator, result: Result, gap: str) -> Result:
    partial = ""
    if result.value is not None:
        suffix = "%" if indicator.unit == "percent" else ""
        partial = (
            f"; from the returns held alone: {format_figure(result.value, indicator.decimals)}"
            f"{suffix}"
        )
    note = gap + partial + (f"; {result.note}" if result.note else "")
    return Result(
        result.indicator,
        result.period,
        None,
        result.numerator,
        result.denominator,
        result.snapshot_ids,
        result.breakdown,
        result.breakdown_value,
        result.unit,
        note,
    )


def children_behind(
    dataset: Dataset,
    indicator_id: str,
    period: Period | str,
    only_numerator: bool = False,
    *,
    shared: bool = True,
) -> pa.Table:
    """The rows behind a figure: one per unit counted, with child ID and breakdown columns."""
    indicator = get(indicator_id)
    period = Period.parse(period) if isinstance(period, str) else period
    _materialise_units(dataset, indicator, period, shared=shared)
    where = "WHERE _in_den > 0" + (" AND _in_num > 0" if only_numerator else "")
    return dataset.query(
        f"SELECT * EXCLUDE (_in_num, _in_den) FROM _units_x {where} ORDER BY person_id, record_id"
    )


# --- internals ------------------------------------------------------------------------------------
def _check_breakdown(breakdown: str | None) -> None:
    if breakdown is not None and breakdown not in ALL_BREAKDOWNS:
        raise IndicatorError(
            f"unknown breakdown {breakdown!r}: choose from {', '.join(ALL_BREAKDOWNS)}"
        )


def _params(sql: str, period: Period) -> dict[str, object]:
    wanted = set(re.findall(r"\$(\w+)", sql))
    values = {"period_start": period.start, "period_end": period.end}
    unknown = wanted - set(values)
    if unknown:
        raise IndicatorError(f"unknown parameters in a query: {sorted(unknown)}")
    return {k: v for k, v in values.items() if k in wanted}


def _materialise_units(
    dataset: Dataset, indicator: Indicator, period: Period, shared: bool = True
) -> None:
    """`_units`: the indicator's rows; `_units_x`: with the standard columns, the child's team and
    worker, and their age band, sex, ethnicity and disability (computed once per dataset and
    date), for the children behind a figure."""
    con = dataset.con
    kept = _kept_units(dataset, indicator, period, shared)
    con.execute(f"CREATE OR REPLACE TEMP VIEW _units AS SELECT * FROM {kept}")
    columns = _columns(dataset, indicator, kept)
    optional = [f"NULL::VARCHAR AS {c}" for c in UNIT_BREAKDOWNS if c not in columns]
    if "value" not in columns:
        optional.append("NULL::DOUBLE AS value")
    if "excluded" not in columns:  # why a unit is left out of the figure (counted in the note)
        optional.append("NULL::VARCHAR AS excluded")
    if "event_date" not in columns:
        optional.append("NULL::DATE AS event_date")
    extra = (", " + ", ".join(optional)) if optional else ""
    con.execute(
        f"CREATE OR REPLACE TEMP VIEW _units_a AS SELECT u.* REPLACE ("
        "coalesce(u.team, a.team) AS team, coalesce(u.worker, a.worker) AS worker) "
        f"FROM (SELECT *{extra} FROM _units) u "
        f"LEFT JOIN {_allocations(dataset, period.end)} a "
        "ON a.person_id = u.person_id"
    )
    attributes = _person_attributes(dataset, period.end)
    con.execute(
        "CREATE OR REPLACE TEMP VIEW _units_x AS "
        "SELECT u.*, CAST(u.numerator AS DOUBLE) AS _in_num, "
        "CAST(u.denominator AS DOUBLE) AS _in_den, "
        f"{', '.join(f'coalesce(a.{c}, {_unknown(c)}) AS {c}' for c in PERSON_BREAKDOWNS)} "
        f"FROM _units_a u LEFT JOIN {attributes} a ON a.person_id = u.person_id"
    )


def _columns(dataset: Dataset, indicator: Indicator, table: str) -> dict[str, str]:
    """The units table's columns and their types, checked for those every units query gives."""
    columns = {r[0]: r[1] for r in dataset.con.execute(f"DESCRIBE {table}").fetchall()}
    for needed in ("person_id", "record_id", "numerator", "denominator"):
        if needed not in columns:
            raise IndicatorError(f"indicator {indicator.id}: its query has no {needed} column")
    return columns


UNITS_KEPT = 64  # per dataset: every indicator of one period, with room for a second
BASES_KEPT = 32  # per dataset: every base of two periods


def _kept_units(dataset: Dataset, indicator: Indicator, period: Period, shared: bool) -> str:
    """A temp table of the indicator's units for the period, made once per dataset: the units do
    not depend on the breakdown, so each breakdown (and the children behind the figure) reuses
    them instead of running the indicator's query again. The oldest go past `UNITS_KEPT`.

    Shared, the bases the units read are tables made once per dataset and period (`_kept_base`)
    and every indicator reading one reuses it; not shared, each is worked out in the units' own
    query (`Indicator.inline_sql`). Shared units that only select from one base's rows are a view
    over its table instead (`_plain_selection`): a copy would cost as much as the base and save
    nothing on reading."""
    way = "" if shared else "_inline"
    name = f"_units_{indicator.id}_{period.start:%Y%m%d}_{period.end:%Y%m%d}{way}"
    kept: list[str] = dataset.cache.setdefault("_kept_units", [])
    views: dict[str, set[str]] = dataset.cache.setdefault("_units_views", {})
    if name in kept:
        kept.remove(name)
        kept.append(name)
        return name
    sql = (
        _reading_kept(dataset, indicator.units, indicator.bases, period)
        if shared
        else (indicator.inline_sql())
    )
    if shared and _plain_selection(indicator):
        dataset.con.execute(f"CREATE OR REPLACE TEMP VIEW {name} AS {sql}")
        views[name] = {_kept_base(dataset, b, period) for b in bases_in_order(indicator.bases)}
    else:
        dataset.con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS {sql}", _params(sql, period))
    _forget_old_bases(dataset)
    kept.append(name)
    while len(kept) > UNITS_KEPT:
        oldest = kept.pop(0)
        kind = "VIEW" if views.pop(oldest, None) is not None else "TABLE"
        dataset.con.execute(f"DROP {kind} IF EXISTS {oldest}")
    return name


# What could make a query's rows differ from one reading to the next, or make it cost more than
# reading its base: a query with none of these is a plain selection.
_NOT_PLAIN = re.compile(
    r"\$|\b(GROUP|OVER|QUALIFY|DISTINCT|JOIN|UNION|LIMIT|ANY_VALUE|RANDOM|UUID|NOW|CURRENT_\w*)\b",
    re.IGNORECASE,
)


def _plain_selection(indicator: Indicator) -> bool:
    """Whether the units are a selection of one base's rows and nothing else: no other table, no
    grouping, window or join, no parameter (a view has none), nothing that reads differently
    twice. Their figures, breakdowns and children then come from the same rows, as from a copy."""
    read = tables_read(indicator.units)
    return (
        len(read) == 1
        and read <= {b.name for b in indicator.bases}
        and not _NOT_PLAIN.search(indicator.units)
    )


def _reading_kept(dataset: Dataset, sql: str, bases: tuple[Base, ...], period: Period) -> str:
    """`sql` reading each base it names from the base's table for the period (made if need be)."""
    if not bases:
        return sql
    aliases = ",\n".join(
        f"{base.name} AS NOT MATERIALIZED (SELECT * FROM {_kept_base(dataset, base, period)})"
        for base in bases_in_order(bases)
    )
    return f"WITH {aliases}\nSELECT * FROM ({sql})"


def _kept_base(dataset: Dataset, base: Base, period: Period) -> str:
    """A temp table of a base's rows, made once per dataset and the period dates it reads: a base
    reading neither date (every episode of care, with its placement) is made once per dataset."""
    inline = with_bases_sql(base)
    values = _params(inline, period)
    dates = "_".join(f"{values[k]:%Y%m%d}" for k in ("period_start", "period_end") if k in values)
    name = f"_{base.name}_{dates}" if dates else f"_{base.name}"
    kept: dict[str, Base] = dataset.cache.setdefault("_kept_bases", {})
    if name in kept:
        if kept[name] != base:
            raise IndicatorError(f"two different bases are named {base.name}")
        kept[name] = kept.pop(name)  # the most recently used last
        return name
    sql = _reading_kept(dataset, base.sql, base.bases, period)
    dataset.con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS {sql}", _params(sql, period))
    kept[name] = base
    return name


def _forget_old_bases(dataset: Dataset) -> None:
    """Drop the least recently used bases past `BASES_KEPT` (after a units table is made, so that
    none is dropped while a query still reads it). A units view over a base dropped becomes a
    table of the same rows first."""
    kept: dict[str, Base] = dataset.cache.get("_kept_bases", {})
    views: dict[str, set[str]] = dataset.cache.get("_units_views", {})
    con = dataset.con
    while len(kept) > BASES_KEPT:
        oldest = next(iter(kept))
        for view in [v for v, read in views.items() if oldest in read]:
            con.execute(f"CREATE OR REPLACE TEMP TABLE {view}_copy AS SELECT * FROM {view}")
            con.execute(f"DROP VIEW {view}")
            con.execute(f"ALTER TABLE {view}_copy RENAME TO {view}")
            del views[view]
        con.execute(f"DROP TABLE IF EXISTS {oldest}")
        del kept[oldest]


def with_bases_sql(base: Base) -> str:
    """A base's query standing alone, the bases it reads as common table expressions."""
    return with_bases(base.sql, base.bases)


def _allocations(dataset: Dataset, on: dt.date) -> str:
    """A temp table of each child's team and worker on a date (`sightline.allocations`), made once
    per dataset and date for the team and worker breakdowns of every indicator."""
    name = f"_allocations_{on:%Y%m%d}"
    if name not in dataset.cache:
        as_of = f"DATE '{on.isoformat()}'"
        dataset.con.execute(
            f"CREATE OR REPLACE TEMP TABLE {name} AS {allocations.current_allocations_sql(as_of)}"
        )
        dataset.cache[name] = True
    return name


def _person_attributes(dataset: Dataset, on: dt.date) -> str:
    """A temp table of every child's attributes on a date, made once per dataset and date."""
    name = f"_person_attributes_{on.strftime('%Y%m%d')}"
    if name not in dataset.cache:
        dataset.con.execute(
            f"CREATE OR REPLACE TEMP TABLE {name} AS {_PERSON_ATTRIBUTES}", {"period_end": on}
        )
        dataset.cache[name] = True
    return name


def _unknown(column: str) -> str:
    return "'Not recorded'" if column == "disability" else "'Not known'"


Row = tuple[str | None, float | None, float | None, float | None, int, int, str | None]


def _count(
    dataset: Dataset, units: Sequence[_Units], period: Period, breakdown: str | None
) -> list[list[Row]]:
    """Per indicator, per breakdown value: numerator, denominator, mean value, units, units left out
    and why, counted over every indicator's units in one query (a UNION ALL of them, each row
    tagged with its indicator), one per kind of `value` and `excluded` column, so that each
    indicator's mean is taken of the type its own query gives."""
    counted: list[list[Row]] = [[] for _ in units]
    if not units:
        return counted
    join, key = "", "NULL"
    if breakdown in PERSON_BREAKDOWNS:
        join = f"LEFT JOIN {_person_attributes(dataset, period.end)} a ON a.person_id = u.person_id"
        key = f"coalesce(a.{breakdown}, {_unknown(breakdown)})"
    elif breakdown in ALLOCATION_BREAKDOWNS:
        join = f"LEFT JOIN {_allocations(dataset, period.end)} a ON a.person_id = u.person_id"
        key = f"coalesce(u.unit_key, a.{breakdown})"
    elif breakdown is not None:
        key = "u.unit_key"
    if breakdown is not None:
        key = f"coalesce(CAST({key} AS VARCHAR), 'Not known')"
    kinds: dict[tuple[str, str], list[int]] = {}
    for i, u in enumerate(units):
        kind = (u.columns.get("value", "DOUBLE"), u.columns.get("excluded", "VARCHAR"))
        kinds.setdefault(kind, []).append(i)
    for members in kinds.values():
        union = "\nUNION ALL\n".join(_tagged(i, units[i], breakdown) for i in members)
        rows = dataset.con.execute(
            f"SELECT u._i, {key} AS k, sum(u._in_num) FILTER (WHERE u._in_den > 0), "
            "sum(u._in_den), avg(u.value) FILTER (WHERE u._in_den > 0 AND u.value IS NOT NULL), "
            "count(*), count(*) FILTER (WHERE u.excluded IS NOT NULL), min(u.excluded) "
            f"FROM ({union}) u {join} GROUP BY ALL ORDER BY u._i, k"
        ).fetchall()
        for r in rows:
            counted[r[0]].append((r[1], r[2], r[3], r[4], r[5], r[6], r[7]))
    return counted


def _tagged(i: int, units: _Units, breakdown: str | None) -> str:
    """The columns of one indicator's units that its figures are counted from, tagged `i`."""
    columns = units.columns
    selected = [f"{i} AS _i"]
    if breakdown in PERSON_BREAKDOWNS or breakdown in ALLOCATION_BREAKDOWNS:
        selected.append("person_id")
    if breakdown in UNIT_BREAKDOWNS:  # the unit's own team, band...: the same text for every one
        own = f"CAST({breakdown} AS VARCHAR)" if breakdown in columns else "NULL::VARCHAR"
        selected.append(f"{own} AS unit_key")
    selected += [
        "CAST(numerator AS DOUBLE) AS _in_num",
        "CAST(denominator AS DOUBLE) AS _in_den",
        "value" if "value" in columns else "NULL::DOUBLE AS value",
        "excluded" if "excluded" in columns else "NULL::VARCHAR AS excluded",
    ]
    return f"SELECT {', '.join(selected)} FROM {units.table}"


def _population(dataset: Dataset, period: Period, override: int | None) -> tuple[int | None, str]:
    if override is not None:
        return override, ""
    if not dataset.council:
        return None, "no council code: a rate per 10,000 needs the council's population"
    return ons.children_0_17(dataset.council, period.collection_year)


def _result(
    indicator: Indicator,
    period: Period,
    snapshots: Sequence[str],
    breakdown: str | None,
    row: Row,
    pop: int | None,
    pop_note: str,
) -> Result:
    key, num, den, avg, _, left_out, why = row
    num = num or 0.0
    value: float | None
    note = ""
    numerator: float | None = num
    denominator: float | None = den
    if indicator.unit == "percent":
        value = 100.0 * num / den if den else None
    elif indicator.unit == "ratio":
        value = num / den if den else None
    elif indicator.unit == "count":
        value, denominator = num, None
    elif indicator.unit == "days":
        value = avg
        numerator = None
    else:  # rate per 10,000
        denominator = float(pop) if pop else None
        value = num * 10000.0 / pop if pop and breakdown is None else None
        note = pop_note if breakdown is None else "a rate per 10,000 has no breakdown population"
    if value is None and not note:
        note = "no cases in the period"
    if left_out:
        note = "; ".join(n for n in (note, f"{left_out} left out: {why}") if n)
    return Result(
        indicator=indicator.id,
        period=period,
        value=value,
        numerator=numerator,
        denominator=denominator,
        snapshot_ids=tuple(snapshots),
        breakdown=breakdown,
        breakdown_value=key if breakdown else None,
        unit=indicator.unit,
        note=note,
    )


def _missing(
    indicator: Indicator,
    period: Period,
    snapshots: Sequence[str],
    breakdown: str | None,
    note: str,
) -> Result:
    return Result(
        indicator.id,
        period,
        None,
        None,
        None,
        tuple(snapshots),
        breakdown,
        None,
        indicator.unit,
        note,
    )


def _needs(indicator: Indicator) -> str:
    """What a figure is counted from, in words (a table without words is named as it is)."""
    return "; ".join(TABLE_WORDS.get(t, t) for t in indicator.tables if t not in HISTORY_VIEWS)
