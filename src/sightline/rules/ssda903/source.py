"""The SSDA903 return as the files write it, for the DfE's validation rules.

The DfE writes its 903 rules against the return's tables and columns (`DECOM` of `Episodes`, the
`Header`'s `DOB`), compares this year's return with last year's, and reads reference lists beside
it (Ofsted's providers, postcodes). An analyst fixes what a finding names in those terms, so the
rules run on tables shaped like the files rather than on the canonical tables, which drop what a
rule must see (a row repeated, a value that is not a code, a date written wrongly).

On a connection each table is `w_<table>` (`w_episodes`, `w_header`, `w_placed_for_adoption`):
every column of the year's layout, dates as DATE (null where the text is no date) and every column
as written in `<COLUMN>_text`; `_location` (`episodes.csv line 3`), `_line` (3) and `_row` (the
row's position in its table). Last year's return, when loaded, is `w_<table>_last` in the same
shape; `has_last()` says whether it is. The reference lists a council loads are `<list>` tables
(`providers`, `postcodes`), registered only when loaded (a rule that needs one says so in
`Rule.needs` and is otherwise listed as not run). Macros: `reference_date()` (31 March),
`period_start()` (1 April), `collection_start()` and `collection_end()` (the same, as the DfE's
texts name them), `dmy(text)` (a date written dd/mm/yyyy).

What many rules derive from the episodes is made once per validation, as tables (`DERIVED`):
each child's first and latest episode, last year's latest, the periods of care, and the OC2
cohort. A rule reads them instead of ordering the episodes again.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

import duckdb
import pyarrow as pa

from sightline.specs.ssda903 import (
    DOLO_FIRST_YEAR,
    ColumnSpec,
    columns_and_codes,
    table_columns,
)

LAST = "_last"  # suffix of last year's tables
LAST_YEAR = "last_year"  # Rule.needs: the previous year's return
# The reference lists rules may need, and what the report tells a user to load for each.
REFERENCES = {
    LAST_YEAR: "last year's 903 return (import the previous collection year's return)",
    "providers": "Ofsted's list of providers (URN, postcode, registration and closure dates)",
    "postcodes": "a postcode reference (postcode, easting, northing)",
    "council": "the council's own local authority code (ONS, e.g. E09000033)",
}


def period_start(reference: date) -> date:
    """The first day of the collection year: the day after the reference date a year before."""
    try:
        return reference.replace(year=reference.year - 1) + timedelta(days=1)
    except ValueError:  # 29 February
        return reference.replace(year=reference.year - 1, day=28) + timedelta(days=1)


def layout(year: int) -> dict[str, dict[str, ColumnSpec]]:
    """Every table of the year's layout (the deprivation of liberty table from 2026/27)."""
    specs = dict(columns_and_codes(max(year, 2017)))
    if year < DOLO_FIRST_YEAR:
        specs.pop("dolo", None)
    return specs


def _date(text: str) -> str:
    # The DfE's format is dd/mm/yyyy; the XML form writes ISO dates.
    return (
        f"coalesce(TRY_CAST(TRY_STRPTIME({text}, '%d/%m/%Y') AS DATE), "
        f"TRY_CAST(TRY_STRPTIME({text}, '%Y-%m-%d') AS DATE))"
    )


def _typed_table(
    connection: duckdb.DuckDBPyConnection, name: str, specs: dict[str, ColumnSpec], raw: pa.Table
) -> None:
    given = set(raw.column_names)
    columns = []
    for column, spec in specs.items():
        text = f'"{column}"' if column in given else "CAST(NULL AS VARCHAR)"
        if spec.kind == "date":
            columns.append(f'{_date(text)} AS "{column}"')
        else:
            columns.append(f'{text} AS "{column}"')
        columns.append(f'{text} AS "{column}_text"')
    location = '"_location"' if "_location" in given else "CAST(NULL AS VARCHAR)"
    columns.append(f'{location} AS "_location"')
    columns.append(
        f"TRY_CAST(nullif(regexp_extract({location}, ' line ([0-9]+)$', 1), '') AS INTEGER) "
        'AS "_line"'
    )
    columns.append('row_number() OVER () AS "_row"')
    connection.register(f"raw_{name}", raw)
    connection.execute(
        f'CREATE TEMP TABLE "w_{name}" AS SELECT {", ".join(columns)} FROM "raw_{name}"'
    )


def _empty(specs: dict[str, ColumnSpec]) -> pa.Table:
    return pa.table(
        {c: pa.array([], pa.string()) for c in specs} | {"_location": pa.array([], pa.string())}
    )


def register(
    connection: duckdb.DuckDBPyConnection,
    tables: Mapping[str, pa.Table],
    year: int,
    reference: date,
) -> None:
    """This year's tables, last year's (`<table>_last`, empty when not loaded) and the reference
    lists given, typed once on one connection, and the collection period's macros."""
    # Some 300 small queries on small tables: planning, not reading, is most of their cost. Two
    # optimisers that cost more to plan than they save here are off (they change no result:
    # statistics propagation prunes by min/max, the IN-clause rewrite turns a list into a join),
    # and no progress bar is drawn on the terminal while a long return is checked.
    connection.execute("SET disabled_optimizers = 'statistics_propagation,in_clause'")
    connection.execute("SET enable_progress_bar = false")
    start = period_start(reference)
    for macro, day in (
        ("reference_date", reference),
        ("collection_end", reference),
        ("period_start", start),
        ("collection_start", start),
    ):
        connection.execute(f"CREATE MACRO {macro}() AS DATE '{day.isoformat()}'")
    connection.execute("CREATE MACRO dmy(t) AS TRY_CAST(TRY_STRPTIME(t, '%d/%m/%Y') AS DATE)")
    has_last = any(name.endswith(LAST) for name in tables)
    connection.execute(f"CREATE MACRO has_last() AS {'true' if has_last else 'false'}")
    this_year = layout(year)
    last_year = layout(year - 1)
    for name, specs in this_year.items():
        _typed_table(connection, name, specs, tables.get(name, _empty(specs)))
    for name, specs in last_year.items():
        _typed_table(connection, name + LAST, specs, tables.get(name + LAST, _empty(specs)))
    for name in REFERENCES:
        if name in tables:
            connection.register(name, tables[name])
    # -- children's records (header, identity, OC2, adoption, integrity, social workers) --
    # The header's UASC flag (0/1), which the XML form writes and the CSV form does not: as
    # written where given, else null (rule 105).
    header = tables.get("header")
    uasc = 'r."UASC"' if header is not None and "UASC" in header.column_names else "NULL"
    connection.execute(
        f'CREATE OR REPLACE TEMP TABLE "w_header" AS SELECT w.*, CAST({uasc} AS VARCHAR) '
        'AS "UASC_text" FROM "w_header" w POSITIONAL JOIN "raw_header" r'
    )
    # -- placements (rules 200-499) --
    from sightline.rules.ssda903.references import register_placement_views

    register_placement_views(connection, tables, year)
    # -- 903 rules from 500 --
    # The first year with deprivation of liberty orders compares with a year that had none: last
    # year's table is there, empty, so a rule comparing the two runs and finds nothing to compare.
    for name, specs in this_year.items():
        if name not in last_year:
            _typed_table(connection, name + LAST, specs, tables.get(name + LAST, _empty(specs)))
    derive(connection)


# Tables derived once per validation from the episodes, in the order made (a later one may read an
# earlier one). Ties of DECOM within a child are broken by the row's place in its file.
DERIVED: dict[str, str] = {
    # Each child's first episode with a start (DECOM), by start, then row.
    "w_episodes_first": """
        SELECT * FROM "w_episodes" WHERE "DECOM" IS NOT NULL
        QUALIFY row_number() OVER (PARTITION BY "CHILD" ORDER BY "DECOM", "_row") = 1""",
    # Each child's latest episode with a start, by start, then the earlier row.
    "w_episodes_latest": """
        SELECT * FROM "w_episodes" WHERE "DECOM" IS NOT NULL
        QUALIFY row_number() OVER (PARTITION BY "CHILD" ORDER BY "DECOM" DESC, "_row") = 1""",
    # Each child's latest episode of last year's return, by start, then the later row.
    "w_episodes_last_latest": """
        SELECT * FROM "w_episodes_last" WHERE "DECOM" IS NOT NULL
        QUALIFY row_number() OVER (
            PARTITION BY "CHILD" ORDER BY "DECOM" DESC, "_row" DESC) = 1""",
    # Periods of care: episodes joined where one starts on or before the day the previous one
    # (by start, then row) ended. One row per period: child, start, end (null while open).
    "w_periods_of_care": """
        SELECT "CHILD", min("DECOM") AS poc_start,
               CASE WHEN bool_or("DEC" IS NULL) THEN NULL ELSE max("DEC") END AS poc_end
        FROM (
            SELECT *, sum(CASE WHEN previous_end IS NOT NULL AND "DECOM" <= previous_end
                               THEN 0 ELSE 1 END) OVER (PARTITION BY "CHILD" ORDER BY "DECOM", "_row")
                      AS period
            FROM (SELECT *, lag("DEC") OVER (PARTITION BY "CHILD" ORDER BY "DECOM", "_row")
                            AS previous_end
                  FROM "w_episodes" WHERE "DECOM" IS NOT NULL))
        GROUP BY "CHILD", period""",
}


def derive(connection: duckdb.DuckDBPyConnection) -> None:
    """The derived tables (`DERIVED`, and the OC2 cohort), made once on the rule connection."""
    from sightline.rules.ssda903._children import CONTINUOUSLY_LOOKED_AFTER_SQL

    for name, sql in DERIVED.items():
        connection.execute(f'CREATE TEMP TABLE "{name}" AS {sql}')
    connection.execute(
        f'CREATE TEMP TABLE "w_continuously_looked_after" AS {CONTINUOUSLY_LOOKED_AFTER_SQL}'
    )


def field_table(year: int) -> dict[str, str]:
    """Column -> the table it is first written in (CHILD and DOB: header), for a finding's
    module where a rule does not name it."""
    found: dict[str, str] = {}
    for name, columns in table_columns(max(year, 2017)).items():
        for column in columns:
            found.setdefault(column, name)
    return found


def tables_from_rows(case: Mapping[str, Any]) -> dict[str, pa.Table]:
    """A case's tables: rows of values as written (dates dd/mm/yyyy, or ISO written as a date)."""
    tables: dict[str, pa.Table] = {}
    for name, rows in case.items():
        if name in ("reference", "available") or not isinstance(rows, list):
            continue
        columns: dict[str, list[Any]] = {}
        for row in rows:
            for column in row:
                columns.setdefault(column, [])
        for row in rows:
            for column, values in columns.items():
                values.append(_text(row.get(column)))
        stem = name.removesuffix(LAST)
        locations = [f"{stem}.csv line {n + 2}" for n in range(len(rows))]
        data = {c: pa.array(v, pa.string()) for c, v in columns.items()}
        if name not in REFERENCES:
            data["_location"] = pa.array(locations, pa.string())
        tables[name] = pa.table(data)
    return tables


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, date):  # YAML reads 2024-04-01 as a date: written as the return writes it
        return value.strftime("%d/%m/%Y")
    text = str(value).strip()
    return text or None
