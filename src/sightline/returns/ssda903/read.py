"""Read an SSDA903 return -- a folder of CSV tables, or its XML form -- into canonical tables.

CSV: each file's table is recognised by its exact set of columns (order free; any year's layout);
a file matching none is reported with the nearest table and the columns missing or extra, and blocks
the import. Files are read by pyarrow as strings (BOMs removed; a file that is not UTF-8 is read as
Windows-1252 and a warning says so), then checked column by column with Arrow kernels (checks.py)
against the specification of the collection year, then mapped (mapping.py).

The collection year (2025 = 2024/25) comes from the caller (`--year`), else from a folder named
for the year (as the synthetic generator writes), else from the latest episode start or end
date (the 31 March on or after it), and a warning says what was inferred.

The XML form (EXPSSDA903, formats/ssda903/CLA.xsd) is read into the same string tables (xml.py)
and checked the same way.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from sightline.returns.problems import WARNING, Problems
from sightline.returns.reading import ReadResult, decode, first_cells, header_of
from sightline.returns.ssda903.checks import (
    RawTable,
    check_column,
    normalise_strings,
    parse_dates,
)
from sightline.returns.ssda903.mapping import to_canonical
from sightline.specs.ssda903 import (
    DOLO_FIRST_YEAR,
    SPEC_DIR,
    ColumnSpec,
    columns_and_codes,
    table_columns,
)

RETURN = "ssda903"
FIRST_YEAR, LAST_YEAR = 2017, 2030
# Dates that say which collection a return is for (episodes: reviews are often planned ahead).
YEAR_DATES = {"episodes": ("DECOM", "DEC")}


def _layout_years() -> list[int]:
    """The years whose layout differs from the year before: the base, each diff, dolo's first."""
    years = {FIRST_YEAR, DOLO_FIRST_YEAR}
    for path in SPEC_DIR.glob("SSDA903_schema_*.diff.yml"):
        year = path.name.removeprefix("SSDA903_schema_").removesuffix(".diff.yml")
        if year.isdigit():
            years.add(int(year))
    return sorted(years)


def _layouts() -> dict[frozenset[str], str]:
    """Every table's column set, in any year's layout -> table name."""
    layouts: dict[frozenset[str], str] = {}
    for year in _layout_years():
        for table, columns in table_columns(year).items():
            layouts.setdefault(frozenset(columns), table)
    return layouts


_LAYOUTS: dict[frozenset[str], str] | None = None


def recognise(columns: list[str]) -> str | None:
    """The 903 table these columns make, or None."""
    global _LAYOUTS
    if _LAYOUTS is None:
        _LAYOUTS = _layouts()
    return _LAYOUTS.get(frozenset(columns))


def nearest_table(columns: list[str], named: str = "") -> tuple[str, list[str], list[str]] | None:
    """The 903 table closest to these columns (or the one the file is `named` for), with the
    columns missing and extra; None when the file shares too little with any table to be one."""
    global _LAYOUTS
    if _LAYOUTS is None:
        _LAYOUTS = _layouts()
    given = set(columns)
    by_name = [item for item in _LAYOUTS.items() if item[1] == named.lower()]
    best = max(
        by_name or list(_LAYOUTS.items()),
        key=lambda item: len(item[0] & given) - len(item[0] ^ given),
    )
    layout, table = best
    if not by_name and len(layout & given) < max(2, len(layout) // 2):
        return None
    order = {c: i for i, c in enumerate(table_columns(DOLO_FIRST_YEAR).get(table, sorted(layout)))}
    missing = sorted(layout - given, key=lambda c: order.get(c, 99))
    extra = [c for c in columns if c not in layout]
    return table, missing, extra


# --- Reading bytes ---------------------------------------------------------------------------------
def table_names() -> set[str]:
    """Every 903 table's name, as its CSV is named (header, episodes, ad1, ...)."""
    recognise([])
    assert _LAYOUTS is not None
    return set(_LAYOUTS.values())


def is_blank_table_file(path: Path, head: bytes) -> bool:
    """A file named for a 903 table that holds only blank lines: councils' systems write one when
    a table has no rows (it is read as that table, empty, with a warning)."""
    stem = path.stem.lower()
    return (
        bool(head)  # a file of no bytes at all is an export that failed: refused as empty
        and not head.strip(b" \t\r\n\xef\xbb\xbf")
        and stem != "header"  # every child is in the header table: a blank one is no return
        and stem in table_names()
    )


def without_blank_tail(columns: list[str]) -> list[str]:
    """The header without the empty names a trailing comma leaves."""
    while columns and not columns[-1]:
        columns = columns[:-1]
    return columns


def read_csv_table(path: Path, problems: Problems, data: bytes | None = None) -> RawTable | None:
    """One 903 CSV as strings, recognised by its columns; None (and a blocking problem) if not."""
    raw_bytes = path.read_bytes() if data is None else data
    text = decode(raw_bytes, problems)
    if is_blank_table_file(path, raw_bytes):
        problems.add(
            "blank_table_file",
            f"{path.name} holds only blank lines (no header row): it was read as an empty "
            f"{path.stem.lower()} table. If the table has rows, export it again.",
            severity=WARNING,
        )
        return None
    written = header_of(text)
    columns = without_blank_tail(written)
    if not text.strip() or not any(columns):
        problems.block("empty_file", "The file is empty: no header row and no data.")
        return None
    if len(columns) < len(written):
        problems.add(
            "trailing_comma",
            f"The header row ends with {len(written) - len(columns)} empty column name(s) (a "
            "trailing comma); the empty column(s) were ignored.",
            location="line 1",
            severity=WARNING,
        )
        columns = columns + [f"__blank_{n}" for n in range(len(written) - len(columns))]
    duplicates = sorted({c for c in columns if columns.count(c) > 1})
    if duplicates:
        problems.block(
            "duplicate_column", f"The header names a column twice: {', '.join(duplicates)}."
        )
        return None
    named = [c for c in columns if not c.startswith("__blank_")]
    table_name = recognise(named)
    if table_name is None:
        _report_unrecognised(named, problems, path.stem)
        return None
    bad_rows: list[tuple[int | None, str, int, int]] = []

    def invalid_row(row: pacsv.InvalidRow) -> str:
        bad_rows.append((row.number, row.text or "", row.expected_columns, row.actual_columns))
        return "skip"

    try:
        data_table = pacsv.read_csv(
            io.BytesIO(text.encode("utf-8")),
            read_options=pacsv.ReadOptions(
                column_names=columns, skip_rows=1, use_threads=False, block_size=1 << 24
            ),
            parse_options=pacsv.ParseOptions(invalid_row_handler=invalid_row),
            convert_options=pacsv.ConvertOptions(
                column_types={c: pa.string() for c in columns},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowException) as error:
        problems.block("unreadable_csv", f"The CSV cannot be read: {error}.")
        return None
    for number, row_text, expected, actual in bad_rows:
        problems.add(
            "bad_row",
            f"This row has {actual} values where the {table_name} table has {expected} columns; "
            "it was not imported.",
            location=f"line {number}" if number else "",
            child_id=(first_cells(row_text) or [""])[0] if row_text else "",
            value=row_text[:200],
        )
    skipped = np.array(sorted(n for n, *_ in bad_rows if n), dtype=np.int64)
    lines = _lines_after_skips(data_table.num_rows, skipped)
    locations = pc.binary_join_element_wise("line ", pc.cast(pa.array(lines), pa.string()), "")
    blank = [c for c in columns if c.startswith("__blank_")]
    data_table = data_table.drop_columns(blank) if blank else data_table
    return RawTable(table_name, normalise_strings(data_table), locations, problems, f"{path.name} ")


def _lines_after_skips(rows: int, skipped: np.ndarray) -> np.ndarray:
    """File line of each kept data row, when the rows at `skipped` lines were left out."""
    lines = np.arange(2, rows + 2 + len(skipped), dtype=np.int64)
    return lines[~np.isin(lines, skipped)][:rows]


def _report_unrecognised(columns: list[str], problems: Problems, stem: str) -> None:
    near = nearest_table(columns, stem)
    if near is None:
        problems.block(
            "unknown_table",
            "These columns are not those of any SSDA903 table (the header is "
            f"{', '.join(columns[:15])}).",
        )
        return
    table, missing, extra = near
    parts = []
    if missing:
        parts.append(f"missing column(s) {', '.join(missing)}")
    if extra:
        parts.append(f"extra column(s) {', '.join(extra)}")
    problems.block(
        "wrong_columns",
        f"This looks like the 903 {table} table but has {' and '.join(parts)}. Nothing from it was "
        "imported.",
        field=", ".join(missing + extra),
    )


# --- Checking and mapping --------------------------------------------------------------------------
def infer_year(raws: list[RawTable]) -> int | None:
    """The collection year whose 31 March is on or after the latest episode start or end date."""
    latest: date | None = None
    today = date.today()
    for raw in raws:
        for column in YEAR_DATES.get(raw.name, ()):
            if column not in raw.data.column_names:
                continue
            values = raw.data.column(column)
            parsed = parse_dates(values.combine_chunks())[0]
            parsed = pc.filter(parsed, pc.fill_null(pc.less_equal(parsed, pa.scalar(today)), False))
            top = pc.max(parsed).as_py()
            if top is not None and (latest is None or top.date() > latest):
                latest = top.date()
    if latest is None:
        return None
    return latest.year + 1 if latest.month >= 4 else latest.year


def _spec_for(table: str, year: int) -> dict[str, ColumnSpec]:
    specs = dict(columns_and_codes(year).get(table, {}))
    if not specs:  # a table from another year's layout: use the nearest year that has it
        for other in [*range(year, LAST_YEAR + 1), *range(year, FIRST_YEAR - 1, -1)]:
            specs = dict(columns_and_codes(other).get(table, {}))
            if specs:
                break
    if "DATE_PERM" in specs:  # may be partial (zz/mm/YYYY): kept as written
        old = specs["DATE_PERM"]
        specs["DATE_PERM"] = ColumnSpec("DATE_PERM", "string", old.can_be_blank)
    return specs


def as_written(raws: list[RawTable]) -> dict[str, pa.Table]:
    """Each table as the file writes it: its columns as trimmed strings (empty is null) and the
    row's place in the file (`_location`: `episodes.csv line 3`, or an XPath in the XML form)."""
    written: dict[str, pa.Table] = {}
    for raw in raws:
        table = raw.data.append_column("_location", raw.source_rows())
        if raw.name in written:  # the same table given twice (CSV and XML): both are checked
            table = pa.concat_tables([written[raw.name], table], promote_options="permissive")
        written[raw.name] = table
    return written


def check_and_map(raws: list[RawTable], year: int) -> dict[str, pa.Table]:
    """Check every table against the year's specification; canonical tables out."""
    typed: dict[str, dict[str, pa.Array]] = {}
    for raw in raws:
        specs = _spec_for(raw.name, year)
        columns: dict[str, pa.Array] = {}
        for name in raw.data.column_names:
            spec = specs.get(name)
            column = raw.data.column(name).combine_chunks()
            columns[name] = check_column(raw, spec, year) if spec else column
        for name in specs:  # a column of this year's layout the file's layout lacks
            columns.setdefault(name, pa.nulls(raw.num_rows, pa.string()))
        columns["_location"] = raw.source_rows()
        if raw.name in typed:  # the same table given twice (e.g. CSV and XML): keep both
            previous = typed[raw.name]
            columns = {k: pa.concat_arrays([previous[k], v]) for k, v in columns.items()}
        typed[raw.name] = columns
    return to_canonical(typed)


def _year_of(
    raws: list[RawTable], given: int | None, folder: Path | None, problems: Problems
) -> int:
    if given is not None:
        return given
    inferred = infer_year(raws)
    if folder is not None and folder.name.isdigit() and len(folder.name) == 4:
        year = int(folder.name)
        if FIRST_YEAR - 10 <= year <= LAST_YEAR:
            if inferred is not None and inferred != year:
                problems.add(
                    "year_disagrees",
                    f"The folder is named {year} (collection year {year - 1}/{str(year)[2:]}), "
                    f"but the latest episode dates are in {inferred - 1}/{str(inferred)[2:]}; it "
                    f"was read as {year}, as its folder says. Give --year to say otherwise.",
                    severity=WARNING,
                )
            return year
    if inferred is None:
        inferred = date.today().year
        problems.add(
            "year_unknown",
            f"The return has no dates to tell its collection year; {inferred} was assumed. Give "
            "--year to say which.",
            severity=WARNING,
        )
    else:
        problems.add(
            "year_inferred",
            f"Collection year {inferred - 1}/{str(inferred)[2:]} was inferred from the latest "
            "episode dates; give --year to say otherwise.",
            severity=WARNING,
        )
    return inferred


def read_903_csvs(
    paths: list[Path],
    year: int | None = None,
    data: dict[Path, bytes] | None = None,
    *,
    canonical: bool = True,
) -> ReadResult:
    """Read a set of 903 CSV tables (one return) into canonical tables and problems; without
    `canonical`, the tables as written only (what the validation rules read), with the problems
    that block reading them."""
    result = ReadResult(RETURN, list(paths))
    raws: list[RawTable] = []
    collectors: list[Problems] = []
    seen_tables: dict[str, str] = {}
    for path in paths:
        problems = Problems(RETURN, path.name)
        collectors.append(problems)
        raw = read_csv_table(path, problems, (data or {}).get(path))
        if raw is None:
            continue
        if raw.name in seen_tables:
            problems.block(
                "duplicate_table",
                f"Two files hold the {raw.name} table ({seen_tables[raw.name]} and {path.name}).",
            )
            continue
        seen_tables[raw.name] = path.name
        raws.append(raw)
    if any(p.blocked for p in collectors):
        result.problems = [p for c in collectors for p in c.items]
        return result
    folder = paths[0].parent if paths else None
    return_problems = Problems(RETURN, folder.name if folder else "")
    result.year = _year_of(raws, year, folder, return_problems)
    if canonical:
        result.tables = check_and_map(raws, result.year)
    result.as_written = as_written(raws)
    _check_duplicate_children(raws)
    result.problems = [*return_problems.items, *(p for c in collectors for p in c.items)]
    result.file_years = {path.name: result.year for path in paths}
    return result


def _check_duplicate_children(raws: list[RawTable]) -> None:
    """The one-row-per-child tables must not name a child twice."""
    for raw in raws:
        if raw.name not in ("header", "oc2", "oc3", "ad1", "uasc", "previous_permanence"):
            continue
        child = raw.child_ids()
        counts = pc.value_counts(child.drop_null())
        repeated = counts.filter(pc.greater(counts.field("counts"), 1)).field("values")
        if len(repeated) == 0:
            continue
        mask = pc.fill_null(pc.is_in(child, value_set=repeated), False).to_numpy(
            zero_copy_only=False
        )
        first: dict[str, str] = {}
        for i in np.flatnonzero(mask):
            child_id = child[i].as_py()
            location = raw.locations[i].as_py()
            if child_id not in first:
                first[child_id] = location
                continue
            raw.problems.add(
                "duplicate_child",
                f"This child appears twice in the {raw.name} table (first at {first[child_id]}).",
                location=location,
                child_id=child_id,
                field="CHILD",
                value=child_id,
            )
