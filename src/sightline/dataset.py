"""The combined view of a council: one DuckDB connection over its latest snapshots.

Every canonical table is a view in the main schema, taken from the first return in
`canonical.SOURCE_PRECEDENCE[table]` that has a snapshot (so one referral is never counted twice),
and empty with the canonical schema when no return carries it. The same tables appear per return in
the schemas `cin`, `ssda903`, `annex_a` and `csww`, so a definition that needs a particular return
can insist on it. A `calendar_days(date, is_working_day, working_day_index)` table and the macros
`wd_between(a, b)` and `wd_add(d, n)` make working-day arithmetic a join, not Python.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
from duckdb.func import ARROW, SPECIAL
from duckdb.sqltypes import DATE, INTEGER

from sightline import calendar, canonical
from sightline.returns import formats

# Every return a format reads, and the SSD extract (which has no import format of its own yet).
RETURNS = (*formats.returns(), *(("ssd",) if "ssd" not in formats.returns() else ()))
PREVIOUS = "previous"  # schema: the year before's tables, for history only
# history views (this year's rows and the year before's) and the table each is built from
HISTORY_VIEWS = {
    "referral_history": "ssd_cin_episodes",
    "cp_plan_history": "ssd_cp_plans",
    "cla_episode_history": "ssd_cla_episodes",
    "cla_review_history": "ssd_cla_reviews",
}
HISTORY_TABLES = tuple(HISTORY_VIEWS.values())
# Tables every dataset makes for itself (the working-day calendar), read from no snapshot.
CALENDAR_TABLES = ("calendar_days", "working_days")
# Rows that are the same thing in two years' returns though a column changed (an episode open at
# 31 March is in both 903s, its end only in the later): the newest year's row is kept.
_SAME_ROW = {"ssd_cla_episodes": ["clae_person_id", "clae_cla_episode_start_date"]}


class DatasetError(ValueError):
    """A dataset cannot be built from what was given (the message says what and where)."""


class _Snapshot(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def manifest(self) -> dict[str, Any]: ...

    def table_path(self, name: str) -> Path: ...


class _Store(Protocol):
    def latest(self, return_: str, council: str | None = None, year: int | None = None) -> Any: ...


@dataclass
class Dataset:
    con: duckdb.DuckDBPyConnection
    council: str | None = None
    snapshot_ids: list[str] = field(default_factory=list)
    # which snapshot each main-schema table came from (absent: the table is empty)
    table_snapshots: dict[str, str] = field(default_factory=dict)
    table_returns: dict[str, str] = field(default_factory=dict)
    manifests: dict[str, dict[str, Any]] = field(default_factory=dict)
    # the year before's snapshots, read only for history (referral_history, cp_plan_history)
    history_snapshot_ids: list[str] = field(default_factory=list)
    # which of those snapshots each history table came from
    history_sources: dict[str, str] = field(default_factory=dict)
    # work done once per dataset (e.g. children's attributes on a date), by name
    cache: dict[str, Any] = field(default_factory=dict)
    # the year before's snapshots' manifests, by id (what period the history covers)
    history_manifests: dict[str, dict[str, Any]] = field(default_factory=dict)

    # --- construction -----------------------------------------------------------------------
    @classmethod
    def from_tables(
        cls,
        tables: Mapping[str, pa.Table | Sequence[Mapping[str, Any]]],
        council: str | None = None,
        snapshot_id: str = "tables",
    ) -> Dataset:
        """A dataset from in-memory tables, for tests and notebooks.

        Keys are canonical table names ("ssd_cin_episodes"), optionally with a return as schema
        ("ssda903.ssd_person"). A bare name is filed under the first return that fills it.
        Rows may be dicts: missing columns become null, unknown columns are an error.
        """
        per_return: dict[str, dict[str, pa.Table]] = {}
        previous: dict[str, pa.Table] = {}
        for key, value in tables.items():
            return_, _, name = key.rpartition(".")
            spec = _canonical_table(name)
            if return_ == PREVIOUS:
                previous[name] = _as_canonical(spec, value, where=key)
                continue
            return_ = return_ or spec.sources[0]
            if return_ not in RETURNS:
                raise DatasetError(f"{key}: unknown return {return_!r} (expected one of {RETURNS})")
            per_return.setdefault(return_, {})[name] = _as_canonical(spec, value, where=key)
        con = _connect()
        table_snapshots: dict[str, str] = {}
        for return_, named in per_return.items():
            for name, arrow in named.items():
                view_name = f"_arrow_{return_}_{name}"
                con.register(view_name, arrow)
                con.execute(f"CREATE OR REPLACE VIEW {return_}.{name} AS SELECT * FROM {view_name}")
        returns_with = {r: set(named) for r, named in per_return.items()}
        chosen = _choose_sources(returns_with)
        _create_main_views(con, chosen, returns_with)
        for name, return_ in chosen.items():
            table_snapshots[name] = (
                f"{snapshot_id}:{return_}" if len(per_return) > 1 else snapshot_id
            )
        for name, arrow in previous.items():
            con.register(f"_arrow_previous_{name}", arrow)
            con.execute(
                f"CREATE OR REPLACE VIEW {PREVIOUS}.{name} AS SELECT * FROM _arrow_previous_{name}"
            )
        _create_history_views(con, set(previous))
        ids = sorted(set(table_snapshots.values())) or [snapshot_id]
        history = [f"{snapshot_id}:previous"] if previous else []
        sources = {name: f"{snapshot_id}:previous" for name in previous}
        return cls(con, council, ids, table_snapshots, chosen, {}, history, sources)

    @classmethod
    def from_snapshots(
        cls, snapshots: Sequence[_Snapshot], previous: Sequence[_Snapshot] = ()
    ) -> Dataset:
        """A dataset over snapshots (at most one per return), reading their Parquet files.

        `previous`: the year before's snapshots of the case returns, read only for history (a
        referral, plan or episode of care before this year's data begins) in `referral_history`,
        `cp_plan_history`, `cla_episode_history` and `cla_review_history`.
        """
        con = _connect()
        by_return: dict[str, _Snapshot] = {}
        councils = set()
        for snap in snapshots:
            return_ = snap.manifest.get("return", "")
            if return_ not in RETURNS:
                raise DatasetError(f"snapshot {snap.id}: unknown return {return_!r}")
            if return_ in by_return:
                raise DatasetError(
                    f"two {return_} snapshots given ({by_return[return_].id}, {snap.id}): "
                    "a dataset takes one snapshot per return"
                )
            by_return[return_] = snap
            councils.add(str(snap.manifest.get("council", "")))
        if len(councils) > 1:
            raise DatasetError(f"snapshots of different councils: {sorted(councils)}")
        returns_with: dict[str, set[str]] = {}
        for return_, snap in by_return.items():
            for name in canonical.TABLES:
                path = snap.table_path(name)
                if Path(path).exists():
                    returns_with.setdefault(return_, set()).add(name)
                    con.execute(
                        f"CREATE OR REPLACE VIEW {return_}.{name} AS {_read_snapshot_table(name, path)}"
                    )
        chosen = _choose_sources(returns_with)
        _create_main_views(con, chosen, returns_with)
        previous_tables: set[str] = set()
        history_ids: list[str] = []
        history_sources: dict[str, str] = {}
        for snap in sorted(previous, key=lambda s: RETURNS.index(s.manifest.get("return", "ssd"))):
            for name in HISTORY_TABLES:
                path = Path(snap.table_path(name))
                if name not in previous_tables and path.exists():
                    previous_tables.add(name)
                    history_sources[name] = snap.id
                    history_ids.extend([snap.id] if snap.id not in history_ids else [])
                    con.execute(
                        f"CREATE OR REPLACE VIEW {PREVIOUS}.{name} AS {_read_snapshot_table(name, path)}"
                    )
        _create_history_views(con, previous_tables)
        return cls(
            con,
            councils.pop() if councils else None,
            [s.id for s in by_return.values()],
            {name: by_return[r].id for name, r in chosen.items()},
            chosen,
            {s.id: s.manifest for s in by_return.values()},
            history_ids,
            history_sources,
            history_manifests={s.id: s.manifest for s in previous},
        )

    @classmethod
    def from_store(cls, store: _Store, council: str, year: int | None = None) -> Dataset:
        """The latest snapshot of each return the store holds for the council.

        Without `year`, the newest collection year any case return has; with `year`, the case
        returns (CIN census, 903, Annex A) are those of that collection year, and the workforce
        census that year's (else the latest, whose file may carry earlier years' figures).
        """
        snapshots, previous = store_snapshots(store, council, year)
        if not snapshots:
            which = f" for {year}" if year else ""
            raise DatasetError(f"no snapshots for council {council}{which} in the store")
        return cls.from_snapshots(snapshots, previous)

    @classmethod
    def from_every_year(cls, store: _Store, council: str) -> Dataset:
        """Every collection year the store holds for the council, in one dataset: each canonical
        table is the union of each year's (the return chosen as `from_store` chooses it), a row
        held in several years' returns kept once, from the newest. For one child's story (the
        timeline), where a child in care since 2019 has reviews in five 903s; not for figures,
        which are of one year."""
        years = sorted(
            {
                int(s.manifest["period"]["year"])
                for s in store.snapshots(council=council)  # type: ignore[attr-defined]
                if s.manifest.get("return") != "csww" and s.manifest.get("period", {}).get("year")
            }
        )
        con = _connect()
        parts: dict[str, list[tuple[int, str]]] = {}
        ids: list[str] = []
        table_snapshots: dict[str, str] = {}
        manifests: dict[str, dict[str, Any]] = {}
        for year in years:
            snapshots, _ = store_snapshots(store, council, year)
            by_return = {s.manifest.get("return", ""): s for s in snapshots}
            returns_with = {
                r: {n for n in canonical.TABLES if Path(snap.table_path(n)).exists()}
                for r, snap in by_return.items()
            }
            for name, return_ in _choose_sources(returns_with).items():
                snap = by_return[return_]
                parts.setdefault(name, []).append(
                    (year, _read_snapshot_table(name, Path(snap.table_path(name))))
                )
                table_snapshots[name] = snap.id  # the newest year's
                if snap.id not in ids:
                    ids.append(snap.id)
                    manifests[snap.id] = snap.manifest
        statements = []
        for name, spec in canonical.TABLES.items():
            if name not in parts:
                statements.append(_empty_sql("main", spec))
                continue
            union = " UNION ALL ".join(
                f"SELECT *, {y} AS _year FROM ({sql})" for y, sql in parts[name]
            )
            key = _SAME_ROW.get(name) or [
                f'"{f.name}"' for f in spec.fields if f.name != "source_row"
            ]
            statements.append(
                f"CREATE TABLE main.{name} AS SELECT * EXCLUDE (_year) FROM ({union}) "
                f"QUALIFY row_number() OVER (PARTITION BY {', '.join(key)} ORDER BY _year DESC) = 1"
            )
        con.execute(";\n".join(statements))
        for return_ in RETURNS:
            for spec in canonical.TABLES.values():
                con.execute(_empty_sql(return_, spec))
        _create_history_views(con, set())
        return cls(con, council, ids, table_snapshots, {}, manifests)

    # --- queries -----------------------------------------------------------------------------
    def query(self, sql: str, params: Mapping[str, Any] | None = None) -> pa.Table:
        return self.con.execute(sql, dict(params or {})).fetch_arrow_table()

    def snapshots_for(self, tables: Sequence[str]) -> list[str]:
        """The snapshots the given tables were read from (in the order of snapshot_ids)."""
        used = {self.table_snapshots[t] for t in tables if t in self.table_snapshots}
        history = {
            self.history_sources[HISTORY_VIEWS[t]]
            for t in tables
            if t in HISTORY_VIEWS and HISTORY_VIEWS[t] in self.history_sources
        }
        return [s for s in self.snapshot_ids if s in used] + [
            s for s in self.history_snapshot_ids if s in history
        ]

    @property
    def all_snapshot_ids(self) -> tuple[str, ...]:
        """Every snapshot read, this year's and the year before's: what a cached result depends on."""
        return (*self.snapshot_ids, *self.history_snapshot_ids)

    def has_rows(self, table: str) -> bool:
        return self.table_snapshots.get(table) is not None

    def reference_date(self) -> dt.date | None:
        """The latest period end among the case returns' snapshots (31 March of the collection
        year; the workforce census is left out, its year ends on 30 September)."""
        ends = [
            dt.date.fromisoformat(m["period"]["end"])
            for m in self.manifests.values()
            if m.get("period", {}).get("end") and formats.is_case_return(m.get("return", ""))
        ]
        return max(ends) if ends else None

    def coverage_start(self, table: str) -> dt.date | None:
        """The first day of the period the snapshot behind `table` covers (1 April for a CIN
        census), or None when it came from no snapshot. Before that day a return is silent: an
        assessment finished last year is not in this year's census, so its absence proves nothing."""
        snapshot_id = self.table_snapshots.get(table)
        start = self.manifests.get(snapshot_id or "", {}).get("period", {}).get("start")
        return dt.date.fromisoformat(start) if start else None

    def history_start(self, table: str) -> dt.date | None:
        """The first day the history of `table` covers: the year before's snapshot's period start
        when one is read for it, else this year's (`coverage_start`). Before that day the
        returns held are silent about the table (a review in 2019 is in neither year's 903)."""
        snapshot_id = self.history_sources.get(table)
        start = self.history_manifests.get(snapshot_id or "", {}).get("period", {}).get("start")
        return dt.date.fromisoformat(start) if start else self.coverage_start(table)

    def close(self) -> None:
        self.con.close()


def store_snapshots(
    store: _Store, council: str, year: int | None = None
) -> tuple[list[Any], list[Any]]:
    """The snapshots `from_store` reads: (this year's, the year before's for history).

    Without `year`, the newest collection year any case return has; with `year`, the case
    returns (CIN census, 903, Annex A) are those of that collection year, and the workforce
    census that year's (else the latest). The year before's are its CIN census and 903, read for
    history only. Callers that cache datasets key them on the ids of both lists.
    """
    if year is None:  # the newest collection year (not the newest import: a late correction
        # of last year's return must not turn the current view back a year)
        year = _newest_case_year(store, council)
    snapshots = [
        s
        for r in RETURNS
        if (
            s := _latest(store, r, council, year)
            or (_latest(store, r, council, None) if not formats.is_case_return(r) else None)
        )
        is not None
    ]
    years = [s.manifest.get("period", {}).get("year") for s in snapshots]
    case_years = [
        int(y)
        for s, y in zip(snapshots, years, strict=True)
        if y and formats.is_case_return(s.manifest.get("return", ""))
    ]
    previous = []
    if case_years:
        before = (year or max(case_years)) - 1
        previous = [
            s for r in ("cin", "ssda903") if (s := _latest(store, r, council, before)) is not None
        ]
    return snapshots, previous


def _newest_case_year(store: _Store, council: str) -> int | None:
    listing = getattr(store, "snapshots", None)
    if listing is None:
        return None
    years = [
        int(s.manifest["period"]["year"])
        for s in listing(council=council)
        if s.manifest.get("return") in ("cin", "ssda903", "annex_a")
        and s.manifest.get("period", {}).get("year")
    ]
    return max(years) if years else None


def _latest(store: _Store, return_: str, council: str, year: int | None) -> Any:
    try:
        if year is None:
            return store.latest(return_, council)
        return store.latest(return_, council, year=year)
    except (KeyError, ValueError):
        return None


def canonical_tables(
    tables: Mapping[str, pa.Table | Sequence[Mapping[str, Any]]],
) -> dict[str, pa.Table]:
    """Rows (dicts, ISO date strings allowed) or Arrow tables as canonical Arrow tables."""
    return {
        name: _as_canonical(_canonical_table(name), v, where=name) for name, v in tables.items()
    }


def _canonical_table(name: str) -> canonical.Table:
    try:
        return canonical.table(name)
    except KeyError:
        raise DatasetError(f"{name!r} is not a canonical table") from None


def _as_canonical(spec: canonical.Table, value: Any, where: str) -> pa.Table:
    schema = spec.arrow_schema()
    if isinstance(value, pa.Table):
        unknown = set(value.column_names) - set(schema.names)
        if unknown:
            raise DatasetError(f"{where}: columns not in the canonical table: {sorted(unknown)}")
        columns = [
            value.column(f.name).cast(f.type)
            if f.name in value.column_names
            else pa.nulls(value.num_rows, f.type)
            for f in schema
        ]
        return pa.Table.from_arrays(columns, schema=schema)
    rows = list(value)
    for i, row in enumerate(rows):
        unknown = set(row) - set(schema.names)
        if unknown:
            raise DatasetError(
                f"{where} row {i + 1}: columns not in the canonical table: {sorted(unknown)}"
            )
    data = {f.name: [_coerce(row.get(f.name), f.type) for row in rows] for f in schema}
    try:
        return pa.table(data, schema=schema)
    except (pa.ArrowInvalid, pa.ArrowTypeError) as error:
        raise DatasetError(f"{where}: {error}") from None


def _coerce(value: Any, arrow_type: pa.DataType) -> Any:
    if isinstance(value, str) and pa.types.is_date32(arrow_type):
        return dt.date.fromisoformat(value)
    return value


def _connect() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:")
    for return_ in (*RETURNS, PREVIOUS):
        con.execute(f"CREATE SCHEMA IF NOT EXISTS {return_}")
    con.register("_calendar_days", calendar.calendar_days_table())
    con.execute("CREATE TABLE calendar_days AS SELECT * FROM _calendar_days")
    con.unregister("_calendar_days")
    con.execute(
        "CREATE TABLE working_days AS SELECT working_day_index, date FROM calendar_days "
        "WHERE is_working_day"
    )
    # age in whole years on a date
    con.execute(
        "CREATE MACRO age_at(dob, d) AS (year(d) - year(dob) - CASE WHEN "
        "month(d) * 100 + day(d) < month(dob) * 100 + day(dob) THEN 1 ELSE 0 END)"
    )
    # Vectorised (Arrow batches into numpy busday functions): far faster than a join per use.
    con.create_function(
        "wd_between", _wd_between, [DATE, DATE], INTEGER, type=ARROW, null_handling=SPECIAL
    )
    con.create_function("wd_add", _wd_add, [DATE, INTEGER], DATE, type=ARROW, null_handling=SPECIAL)
    return con


def wd_between_joined(start: str, end: str, alias: str) -> tuple[str, str]:
    """`wd_between(start, end)` for a query over many rows: the two LEFT JOINs to add after its
    FROM (`alias` names them) and the expression giving the count.

    Each date's `working_day_index` is looked up in `calendar_days`, made from the same calendar as
    the function, so index(end) - index(start) is the same count for a start on or before its end.
    An end before its start (numpy counts those from the day after each), a date outside the table
    or none falls back to the function itself. Two hash joins on a date are cheaper than the
    function over hundreds of thousands of rows: DuckDB calls into Python once per 2,048 rows, at
    about a millisecond a call."""
    since, until = f"{alias}_since", f"{alias}_until"
    joins = (
        f"LEFT JOIN calendar_days {since} ON {since}.date = {start} "
        f"LEFT JOIN calendar_days {until} ON {until}.date = {end}"
    )
    count = (
        f"coalesce(CASE WHEN {start} <= {end} "
        f"THEN {until}.working_day_index - {since}.working_day_index END, "
        f"wd_between({start}, {end}))"
    )
    return joins, count


def _wd_between(starts: pa.Array, ends: pa.Array) -> pa.Array:
    """Working days in [start, end): DfE's "0 = same day" (null when either is null)."""
    counts = calendar.working_days_between(calendar.as_days(starts), calendar.as_days(ends))
    missing = np.isnan(counts)
    return pa.array(np.where(missing, 0, counts).astype(np.int32), mask=missing)


def _wd_add(starts: pa.Array, days: pa.Array) -> pa.Array:
    """The working day n after each date (a non-working date rolls forward first)."""
    n = days.to_numpy(zero_copy_only=False)
    missing = np.isnan(n.astype(float)) | np.isnat(calendar.as_days(starts))
    result = calendar.add_working_days(
        calendar.as_days(starts), np.where(missing, 0, n).astype(np.int64)
    )
    return pa.array(result, type=pa.date32(), mask=missing)


def _choose_sources(returns_with: Mapping[str, set[str]]) -> dict[str, str]:
    chosen: dict[str, str] = {}
    for name, sources in canonical.SOURCE_PRECEDENCE.items():
        for return_ in (*sources, *RETURNS):
            if name in returns_with.get(return_, set()):
                chosen[name] = return_
                break
    return chosen


_SQL_TYPES = {
    "str": "VARCHAR",
    "date": "DATE",
    "bool": "BOOLEAN",
    "int": "BIGINT",
    "float": "DOUBLE",
}


def _create_main_views(
    con: duckdb.DuckDBPyConnection,
    chosen: Mapping[str, str],
    returns_with: Mapping[str, set[str]],
) -> None:
    """Main views from the chosen returns; empty canonical tables wherever nothing was given."""
    statements = []
    for name, spec in canonical.TABLES.items():
        if name in chosen:
            statements.append(
                f"CREATE OR REPLACE VIEW main.{name} AS SELECT * FROM {chosen[name]}.{name}"
            )
        else:
            statements.append(_empty_sql("main", spec))
        for return_ in RETURNS:
            if name not in returns_with.get(return_, set()):
                statements.append(_empty_sql(return_, spec))
    con.execute(";\n".join(statements))


def _create_history_views(con: duckdb.DuckDBPyConnection, previous: set[str]) -> None:
    """Every referral, plan start and episode of care known for each child, from this year's data
    and the year before's.

    An episode open across 31 March appears in both years' returns: referrals, plans and
    looked-after reviews are distinct (child, date) pairs; an episode of care of the year before is kept only when this year's data
    has no episode of that child starting that day (this year's row, with its end, wins).
    """
    statements = [
        _empty_sql(PREVIOUS, canonical.table(name))
        for name in HISTORY_TABLES
        if name not in previous
    ]
    statements.append(
        "CREATE TABLE main.referral_history AS SELECT DISTINCT person_id, referral_date FROM ("
        "SELECT cine_person_id AS person_id, cine_referral_date AS referral_date FROM main.ssd_cin_episodes "
        f"UNION ALL SELECT cine_person_id, cine_referral_date FROM {PREVIOUS}.ssd_cin_episodes) "
        "WHERE person_id IS NOT NULL AND referral_date IS NOT NULL"
    )
    statements.append(
        "CREATE TABLE main.cp_plan_history AS SELECT DISTINCT person_id, start_date FROM ("
        "SELECT cppl_person_id AS person_id, cppl_cp_plan_start_date AS start_date FROM main.ssd_cp_plans "
        f"UNION ALL SELECT cppl_person_id, cppl_cp_plan_start_date FROM {PREVIOUS}.ssd_cp_plans) "
        "WHERE person_id IS NOT NULL AND start_date IS NOT NULL"
    )
    statements.append(
        "CREATE TABLE main.cla_episode_history AS SELECT * FROM main.ssd_cla_episodes UNION ALL "
        f"SELECT p.* FROM {PREVIOUS}.ssd_cla_episodes p ANTI JOIN main.ssd_cla_episodes c "
        "ON c.clae_person_id = p.clae_person_id "
        "AND c.clae_cla_episode_start_date = p.clae_cla_episode_start_date"
    )
    statements.append(
        "CREATE TABLE main.cla_review_history AS SELECT DISTINCT person_id, review_date FROM ("
        "SELECT clar_person_id AS person_id, clar_cla_review_date AS review_date "
        f"FROM main.ssd_cla_reviews UNION ALL SELECT clar_person_id, clar_cla_review_date "
        f"FROM {PREVIOUS}.ssd_cla_reviews) WHERE person_id IS NOT NULL AND review_date IS NOT NULL"
    )
    con.execute(";\n".join(statements))


def _read_snapshot_table(name: str, path: Path) -> str:
    """The SELECT over a snapshot's Parquet file, in canonical columns: a column added to the
    canonical model after the snapshot was written reads as null (old snapshots stay readable)."""
    quoted = str(path).replace("'", "''")
    held = set(pq.read_schema(path).names)
    columns = [
        f'"{f.name}"' if f.name in held else f'NULL::{_SQL_TYPES[f.type]} AS "{f.name}"'
        for f in canonical.table(name).fields
    ]
    return f"SELECT {', '.join(columns)} FROM read_parquet('{quoted}')"


def _empty_sql(schema: str, spec: canonical.Table) -> str:
    columns = ", ".join(f'"{f.name}" {_SQL_TYPES[f.type]}' for f in spec.fields)
    return f"CREATE TABLE {schema}.{spec.name} ({columns})"
