"""The reference lists the DfE's 903 tool takes beside the return, and the views the placement
rules (200-499) read.

- Ofsted's lists of providers (`read_providers`): the Children's homes list and the Social care
  providers list as Ofsted publishes them (XLSX: a "Provider information" sheet, or "Settings and
  Inspection Info" with "Address Details"; the social care providers' current and closed sheets;
  the combined list), or a CSV with the same columns. What the rules need from them: URN, the
  setting's postcode, its placement codes and provider codes, and its registration and closure
  dates. Read into one table, one row per URN (`providers`).
- A postcode reference (`read_postcodes`): postcode, easting, northing (metres, as the ONS
  postcode directory writes them) and optionally the local authority (ONS code) of each postcode.
  Placement distances (`PL_DISTANCE`, miles) and the placement's local authority (`PL_LA`) come
  from the return where it carries them, else from this list.

A file that cannot be read raises `ReferenceListError` with a plain sentence; nothing of it is
kept.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

import duckdb
import pyarrow as pa

from sightline.specs.ssda903 import columns_and_codes


class ReferenceListError(ValueError):
    """A reference list that cannot be used, in words a user can act on."""


# Column -> the headings Ofsted's lists give it (lower case, spaces collapsed).
_PROVIDER_COLUMNS: dict[str, tuple[str, ...]] = {
    "URN": ("urn",),
    "LA": ("local authority", "provider local authority"),
    "PLACE_CODES": ("provider placement code", "placement code"),
    "PROVIDER_CODES": ("provider code", "placement provider code"),
    "REGISTERED": ("registration date", "registered date", "date of registration"),
    "CLOSED": ("closed date", "deregistration date", "date closed"),
    "POSTCODE": ("setting postcode", "setting address postcode", "postcode"),
}
_POSTCODE_COLUMNS: dict[str, tuple[str, ...]] = {
    "postcode": ("postcode", "pcd", "pcds", "pcd2"),
    "easting": ("easting", "oseast1m"),
    "northing": ("northing", "osnrth1m"),
    "la": ("la", "laua", "oslaua", "local authority code"),
}


def _heading(text: object) -> str:
    return re.sub(r"\s+", " ", str(text or "").strip().lower())


def _sheets(content: bytes, name: str) -> Iterator[tuple[str, list[list[object]]]]:
    """Each sheet (or the CSV) as rows of cells."""
    if content[:2] == b"PK":  # an XLSX is a zip
        import openpyxl

        try:
            book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception:
            raise ReferenceListError(
                f"{name} could not be opened as a spreadsheet: save it again as .xlsx or .csv."
            ) from None
        try:
            for sheet in book.worksheets:
                yield sheet.title, [list(row) for row in sheet.iter_rows(values_only=True)]
        finally:
            book.close()
        return
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = content.decode("cp1252")
        except UnicodeDecodeError:
            raise ReferenceListError(
                f"{name} is neither a spreadsheet (.xlsx) nor a text file (.csv)."
            ) from None
    yield name, [list(row) for row in csv.reader(io.StringIO(text))]


def _header_row(rows: list[list[object]], wanted: Mapping[str, tuple[str, ...]]) -> int | None:
    """The row the headings are on (Ofsted's sheets may have a title above them)."""
    for i, row in enumerate(rows[:20]):
        headings = {_heading(c) for c in row}
        if any(h in headings for h in wanted["URN" if "URN" in wanted else "postcode"]):
            return i
    return None


def _columns(
    heading_row: list[object], wanted: Mapping[str, tuple[str, ...]]
) -> dict[str, int | None]:
    """Each wanted column's position on the heading row (None where the sheet lacks it)."""
    headings = [_heading(c) for c in heading_row]
    return {
        column: next((headings.index(h) for h in spellings if h in headings), None)
        for column, spellings in wanted.items()
    }


def _as_date(value: object, column: str, where: str) -> str | None:
    if value is None or str(value).strip() == "":
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    for layout in ("%d/%m/%Y", "%Y-%m-%d", "%d/%m/%y", "%Y-%m-%d %H:%M:%S"):
        try:
            return datetime.strptime(text, layout).date().isoformat()
        except ValueError:
            continue
    raise ReferenceListError(f"{where}: {column} {text!r} is not a date (dd/mm/yyyy).")


def _cells(row: list[object], index: Mapping[str, int | None]) -> Callable[[str], object]:
    """The row's cell under a column's heading (None where the sheet has no such column)."""

    def cell(column: str) -> object:
        i = index[column]
        return row[i] if i is not None and i < len(row) else None

    return cell


def _postcode(value: object) -> str | None:
    text = re.sub(r"\s+", "", str(value or "")).upper()
    return text or None


def _source(source: Path | bytes, name: str | None) -> tuple[bytes, str]:
    if isinstance(source, Path):
        try:
            return source.read_bytes(), name or source.name
        except OSError as error:
            raise ReferenceListError(
                f"{name or source.name} could not be read ({error})."
            ) from None
    return source, name or "the uploaded list"


def read_providers(sources: Iterable[Path | bytes], names: Iterable[str] = ()) -> pa.Table:
    """Ofsted's provider lists (one or more files) as one table: URN, LA (the name Ofsted
    gives), PLACE_CODES and PROVIDER_CODES (comma-separated), REGISTERED and CLOSED (ISO dates),
    POSTCODE (upper case, no spaces). Where several sheets give a URN, the first value of each
    column wins (a closed provider's sheet adds its closure date)."""
    merged: dict[str, dict[str, str | None]] = {}
    name_list = list(names)
    found_any = False
    for n, source in enumerate(sources):
        content, name = _source(source, name_list[n] if n < len(name_list) else None)
        if not content.strip():
            raise ReferenceListError(f"{name} is empty.")
        file_has_urn = False
        for sheet, rows in _sheets(content, name):
            at = _header_row(rows, _PROVIDER_COLUMNS)
            if at is None:
                continue
            index = _columns(rows[at], _PROVIDER_COLUMNS)
            if all(index[c] is None for c in ("POSTCODE", "PLACE_CODES", "CLOSED", "REGISTERED")):
                continue  # a sheet of URNs alone says nothing the rules use
            file_has_urn = True
            # The supported accommodation sheet of Ofsted's combined list gives no placement or
            # provider codes: its settings are supported accommodation (K3), private (PR4), as
            # the open validator reads it. A sheet of addresses alone has no dates.
            supported = (
                index["PLACE_CODES"] is None
                and index["PROVIDER_CODES"] is None
                and (index["CLOSED"] is not None or index["REGISTERED"] is not None)
            )
            for line, row in enumerate(rows[at + 1 :], start=at + 2):
                cell = _cells(row, index)
                urn = str(cell("URN") or "").strip()
                if urn.endswith(".0"):
                    urn = urn[:-2]
                if not urn:
                    continue
                where = f"{name}, sheet {sheet!r}, row {line}"
                values: dict[str, str | None] = {
                    "LA": str(cell("LA")).strip() if cell("LA") else None,
                    "PLACE_CODES": "K3" if supported else _codes(cell("PLACE_CODES")),
                    "PROVIDER_CODES": "PR4" if supported else _codes(cell("PROVIDER_CODES")),
                    "REGISTERED": _as_date(cell("REGISTERED"), "the registration date", where),
                    "CLOSED": _as_date(cell("CLOSED"), "the closure date", where),
                    "POSTCODE": _postcode(cell("POSTCODE")),
                }
                held = merged.setdefault(urn, {})
                for column, value in values.items():
                    if held.get(column) is None:
                        held[column] = value
        if not file_has_urn:
            raise ReferenceListError(
                f"{name} is not one of Ofsted's provider lists: no sheet has a URN column with "
                "the setting's postcode, placement codes or dates (expected headings such as "
                "'URN', 'Setting postcode', 'Provider Placement Code', 'Closed date')."
            )
        found_any = True
    if not found_any:
        raise ReferenceListError("No provider list was given.")
    urns = sorted(merged)
    columns = ("LA", "PLACE_CODES", "PROVIDER_CODES", "REGISTERED", "CLOSED", "POSTCODE")
    data = {"URN": pa.array(urns, pa.string())}
    for column in columns:
        data[column] = pa.array([merged[u].get(column) for u in urns], pa.string())
    return pa.table(data)


def _codes(value: object) -> str | None:
    if value is None:
        return None
    parts = [p.strip().upper() for p in re.split(r"[/,;]", str(value)) if p.strip()]
    return ",".join(parts) or None


def read_postcodes(source: Path | bytes, name: str | None = None) -> pa.Table:
    """A postcode reference: postcode (upper case, no spaces), easting and northing (metres),
    la (the local authority's ONS code, where the file gives it)."""
    content, label = _source(source, name)
    if not content.strip():
        raise ReferenceListError(f"{label} is empty.")
    for _sheet, rows in _sheets(content, label):
        at = _header_row(rows, _POSTCODE_COLUMNS)
        if at is None:
            continue
        index = _columns(rows[at], _POSTCODE_COLUMNS)
        lacking = [c for c in ("easting", "northing") if index[c] is None]
        if lacking:
            raise ReferenceListError(
                f"{label} has postcodes but no {' or '.join(lacking)} column: the distance "
                "rules need each postcode's easting and northing (as the ONS postcode "
                "directory gives them: oseast1m, osnrth1m)."
            )
        out: dict[str, list[object]] = {"postcode": [], "easting": [], "northing": [], "la": []}
        for line, row in enumerate(rows[at + 1 :], start=at + 2):
            cell = _cells(row, index)
            postcode = _postcode(cell("postcode"))
            if not postcode:
                continue
            coordinates: list[float | None] = []
            for c in ("easting", "northing"):
                text = str(cell(c) or "").strip()
                if not text:
                    coordinates.append(None)
                    continue
                try:
                    coordinates.append(float(text))
                except ValueError:
                    raise ReferenceListError(
                        f"{label}, row {line}: {c} {text!r} for {postcode} is not a number."
                    ) from None
            out["postcode"].append(postcode)
            out["easting"].append(coordinates[0])
            out["northing"].append(coordinates[1])
            la = cell("la")
            out["la"].append(str(la).strip() if la else None)
        return pa.table(
            {
                "postcode": pa.array(out["postcode"], pa.string()),
                "easting": pa.array(out["easting"], pa.float64()),
                "northing": pa.array(out["northing"], pa.float64()),
                "la": pa.array(out["la"], pa.string()),
            }
        )
    raise ReferenceListError(f"{label} has no postcode column (expected 'postcode' or 'pcd').")


def council(la_code: str) -> pa.Table:
    """The council's own code as the rules read it (`council`: which providers are its own,
    which placements are in its area): an ONS local authority code such as E09000033."""
    code = str(la_code or "").strip().upper()
    if not re.fullmatch(r"[ENSW]\d{8}", code):
        raise ReferenceListError(
            f"{la_code!r} is not a local authority's ONS code (a letter and eight digits, "
            "e.g. E09000033)."
        )
    return pa.table({"la": pa.array([code], pa.string())})


@lru_cache(maxsize=1)
def _ons_codes() -> dict[str, str]:
    """Old 3-digit LA code -> ONS code, as the DfE's published statistics pair them (each council's
    latest pairing: a published file read newest year last)."""
    from sightline.paths import PUBLISHED

    found: dict[str, str] = {}
    for path in sorted(PUBLISHED.glob("*.csv")):
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            if not {"old_la_code", "new_la_code"} <= set(reader.fieldnames or ()):
                continue
            for row in reader:
                old, new = (row.get("old_la_code") or "").strip(), (row.get("new_la_code") or "")
                if old and re.fullmatch(r"[ENSW]\d{8}", new.strip()):
                    found[old] = new.strip()
        if len(found) >= 150:  # one file of every council is enough
            break
    return found


def ons_code(la_code: str) -> str | None:
    """A council's ONS code from its 3-digit LA code (e.g. 202 -> E09000007), as the DfE's
    published statistics give it; None for a code they do not name (a synthetic council)."""
    return _ons_codes().get(str(la_code or "").strip())


# -- Views for the placement rules ---------------------------------------------------------------
_EXTRAS = ("PL_DISTANCE", "PL_LA", "PL_LOCATION")  # what the DfE's tool derives, if the file has it
_NEIGHBOURS = (
    "DECOM", "DEC", "RNE", "REC", "LS", "PLACE", "PL_POST", "URN", "PLACE_PROVIDER",
    "REASON_PLACE_CHANGE",
)  # fmt: skip


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def register_placement_views(
    connection: duckdb.DuckDBPyConnection, tables: Mapping[str, pa.Table], year: int
) -> None:
    """`w_episodes_p`: each episode with the child's header (DOB, SEX, UPN, MOTHER), whether the
    child is or was UASC (`uasc`: a row in this or last year's UASC table), its place among the
    child's episodes (`seq`, `n_eps`; ordered by DECOM, then row), the previous and next
    episode's columns (`prev_<COL>`, `next_<COL>`, `prev2_<COL>`), `PL_DISTANCE` (miles) and
    `PL_LA`; `b_header` (one row per child); `b_providers` (typed); macro
    `is_code_on(field, value, day)` (a code of the year's list, or one withdrawn after `day`: valid
    for a record begun that day). Each is a temporary table, made once: as a view, every rule
    reading it would work out its windows and joins again (some 40 rules read `w_episodes_p`)."""
    listed = [
        (column, code)
        for specs in columns_and_codes(max(year, 2017)).values()
        for column, spec in specs.items()
        for code in spec.codes
    ]
    connection.register(
        "b_codes",
        pa.table({"field": [f for f, _ in listed], "code": [c for _, c in listed]}),
    )
    withdrawn = [
        (column, code, until)
        for specs in columns_and_codes(max(year, 2017)).values()
        for column, spec in specs.items()
        for code, until in spec.withdrawn
    ]
    rows = (
        " UNION ALL ".join(
            f"SELECT {_lit(c)} AS field, {_lit(k)} AS code, DATE '{u.isoformat()}' AS until"
            for c, k, u in withdrawn
        )
        or "SELECT NULL::VARCHAR AS field, NULL::VARCHAR AS code, NULL::DATE AS until WHERE false"
    )
    connection.execute(f"CREATE TEMP TABLE ssda903_withdrawn AS {rows}")
    connection.execute(
        "CREATE MACRO is_code_on(field_name, value, day) AS "
        "value IN (SELECT code FROM b_codes WHERE field = field_name) OR "
        "EXISTS (SELECT 1 FROM ssda903_withdrawn w WHERE w.field = field_name "
        "AND w.code = value AND day < w.until)"
    )
    connection.execute(
        'CREATE TEMP TABLE b_header AS SELECT * FROM "w_header" '
        'QUALIFY row_number() OVER (PARTITION BY "CHILD" ORDER BY "_row") = 1'
    )
    connection.execute(
        'CREATE TEMP TABLE b_header_last AS SELECT * FROM "w_header_last" '
        'QUALIFY row_number() OVER (PARTITION BY "CHILD" ORDER BY "_row") = 1'
    )
    if "providers" in tables:
        given = set(tables["providers"].column_names)
        col = lambda c: f'CAST("{c}" AS VARCHAR)' if c in given else "CAST(NULL AS VARCHAR)"  # noqa: E731
        dates = ", ".join(
            f"coalesce(TRY_CAST(TRY_STRPTIME({col(c)}, '%d/%m/%Y') AS DATE), "
            f"TRY_CAST({col(c)} AS DATE)) AS {c.lower()}"
            for c in ("REGISTERED", "CLOSED")
        )
        connection.execute(
            f"CREATE TEMP TABLE b_providers AS SELECT upper(trim({col('URN')})) AS urn, "
            f"upper(replace({col('POSTCODE')}, ' ', '')) AS postcode, "
            f"',' || upper(replace(coalesce({col('PLACE_CODES')}, ''), ' ', '')) || ',' "
            f"AS place_codes, ',' || upper(replace(coalesce({col('PROVIDER_CODES')}, ''), ' ', "
            f"'')) || ',' AS provider_codes, {dates} FROM providers "
            "QUALIFY row_number() OVER (PARTITION BY upper(trim(" + col("URN") + "))) = 1"
        )
    _register_uasc(connection, tables)
    has_postcodes = "postcodes" in tables
    if has_postcodes:
        have = set(tables["postcodes"].column_names)
        pcol = lambda c: f'CAST("{c}" AS VARCHAR)' if c in have else "CAST(NULL AS VARCHAR)"  # noqa: E731
        connection.execute(
            f"CREATE TEMP TABLE b_postcodes AS SELECT upper(replace({pcol('postcode')}, ' ', '')) "
            f"AS pc, TRY_CAST({pcol('easting')} AS DOUBLE) AS e, "
            f"TRY_CAST({pcol('northing')} AS DOUBLE) AS n, {pcol('la')} AS la FROM postcodes "
            "QUALIFY row_number() OVER (PARTITION BY pc) = 1"
        )
    _episodes_view(connection, tables, "episodes", "", has_postcodes)
    _episodes_view(connection, tables, "episodes_last", "b_header_last", has_postcodes)


def _episodes_view(
    connection: duckdb.DuckDBPyConnection,
    tables: Mapping[str, pa.Table],
    name: str,
    header: str,
    has_postcodes: bool,
) -> None:
    """`w_<name>_p`: the episodes with their child's header, neighbours and placement place."""
    raw = tables.get(name)
    extras = [c for c in _EXTRAS if raw is not None and c in raw.column_names]
    if extras and raw is not None:
        connection.register(
            f"b_{name}_extras",
            pa.table(
                {"_row": pa.array(range(1, raw.num_rows + 1), pa.int64())}
                | {c: raw.column(c).cast(pa.string()) for c in extras}
            ),
        )
    window = '(PARTITION BY "CHILD" ORDER BY "DECOM" NULLS LAST, "_row")'
    neighbours = ", ".join(
        f'lag("{c}") OVER w AS "prev_{c}", lead("{c}") OVER w AS "next_{c}", '
        f'lag("{c}", 2) OVER w AS "prev2_{c}"'
        for c in _NEIGHBOURS
    )
    computed = (
        "round(sqrt(power(hp.e - pp.e, 2) + power(hp.n - pp.n, 2)) / 1609.344, 1)"
        if has_postcodes
        else "CAST(NULL AS DOUBLE)"
    )
    given = lambda c: f'x."{c}"' if c in extras else "CAST(NULL AS VARCHAR)"  # noqa: E731
    joins = ""
    if extras:
        joins += f' LEFT JOIN b_{name}_extras x ON x."_row" = e."_row"'
    if has_postcodes:
        joins += (
            " LEFT JOIN b_postcodes hp ON hp.pc = upper(replace(e.\"HOME_POST\", ' ', ''))"
            " LEFT JOIN b_postcodes pp ON pp.pc = upper(replace(e.\"PL_POST\", ' ', ''))"
        )
    known = (
        "hp.pc IS NOT NULL AS home_post_known, pp.pc IS NOT NULL AS pl_post_known"
        if has_postcodes
        else "NULL AS home_post_known, NULL AS pl_post_known"
    )
    pl_la = "pp.la" if has_postcodes else "CAST(NULL AS VARCHAR)"
    connection.execute(f"""
        CREATE TEMP TABLE "w_{name}_p" AS
        SELECT e.*, h."DOB", h."SEX", h."UPN", h."MOTHER",
               (e."CHILD" IN (SELECT "CHILD" FROM "w_uasc")
                OR e."CHILD" IN (SELECT "CHILD" FROM "w_uasc_last")) AS uasc,
               coalesce(TRY_CAST({given("PL_DISTANCE")} AS DOUBLE), {computed}) AS "PL_DISTANCE",
               coalesce(nullif(trim({given("PL_LA")}), ''), {pl_la}) AS "PL_LA",
               nullif(trim({given("PL_LOCATION")}), '') AS "PL_LOCATION",
               {known}
        FROM (
            SELECT *, row_number() OVER w AS seq, count(*) OVER (PARTITION BY "CHILD") AS n_eps,
                   {neighbours}
            FROM "w_{name}" WINDOW w AS {window}
        ) e LEFT JOIN {header or "b_header"} h ON h."CHILD" = e."CHILD"{joins}""")


def _register_uasc(connection: duckdb.DuckDBPyConnection, tables: Mapping[str, pa.Table]) -> None:
    """`b_uasc`: for every child of either year, whether they are UASC this year (`now`) and
    last year (`last`), and the dates UASC ceased. A header that writes a UASC column (the DfE's
    tool accepts one) says it; otherwise a child is UASC in a year where that year's UASC table
    has a row for them."""
    status = {}
    for name, uasc in (("header", "w_uasc"), ("header_last", "w_uasc_last")):
        raw = tables.get(name)
        presence = f'k."CHILD" IN (SELECT "CHILD" FROM "{uasc}")'
        if raw is not None and "UASC" in raw.column_names:
            connection.register(
                f"b_{name}_flag",
                pa.table(
                    {
                        "_row": pa.array(range(1, raw.num_rows + 1), pa.int64()),
                        "UASC": raw.column("UASC").cast(pa.string()),
                    }
                ),
            )
            flag = (
                f'(SELECT any_value(trim(x."UASC") = \'1\') FROM "w_{name}" h JOIN "b_{name}_flag" x '
                f'ON x."_row" = h."_row" WHERE h."CHILD" = k."CHILD" AND x."UASC" IS NOT NULL)'
            )
            status[name] = f"coalesce({flag}, {presence})"
        else:
            status[name] = presence
    connection.execute(f"""
        CREATE TEMP TABLE b_uasc AS
        WITH kids AS (
            SELECT "CHILD" FROM "w_header" UNION SELECT "CHILD" FROM "w_uasc"
            UNION SELECT "CHILD" FROM "w_header_last" UNION SELECT "CHILD" FROM "w_uasc_last"
        )
        SELECT k."CHILD", {status["header"]} AS now, {status["header_last"]} AS last,
               k."CHILD" IN (SELECT "CHILD" FROM "w_header_last") AS in_last_header,
               (SELECT max("DUC") FROM "w_uasc" u WHERE u."CHILD" = k."CHILD") AS duc,
               (SELECT max("DUC") FROM "w_uasc_last" u WHERE u."CHILD" = k."CHILD") AS duc_last,
               (SELECT max("DOB") FROM "w_uasc_last" u WHERE u."CHILD" = k."CHILD") AS dob_last
        FROM kids k WHERE k."CHILD" IS NOT NULL""")
