"""Read an Ofsted Annex A workbook (sheets "List 1" to "List 11") into canonical tables.

Headings and code spellings vary between councils: each heading is matched to the specification's
column (`specs/annex_a/Annex_A_schema.yml`) by its name (case and spacing ignored) or its
`header_regex`; each value of a coded column is matched to a code by the accepted spellings (`name`)
in the specification. Unknown spellings, unreadable dates and blank required values are reported
with the sheet, row and column; unknown headings are ignored with a warning. A workbook with no list
sheets, or where a list sheet is missing and another sheet is there instead (renamed), is refused.

Canonical tables filled: ssd_person and ssd_disability (every list), ssd_contacts (1),
ssd_early_help_episodes (2), ssd_cin_episodes (3, with 6's primary need and closure merged in by
child and date), ssd_cin_assessments (4), ssd_s47_enquiry and ssd_initial_cp_conference (5),
ssd_cin_visits (6: date last seen), ssd_cp_plans and ssd_cp_visits (7), ssd_cla_episodes,
ssd_cla_reviews and ssd_cla_visits (8), ssd_care_leavers (9), ssd_permanence (10). List 11 (adopters)
is checked but has no canonical table. Row IDs: `<child>/<date>/L<list>`. Codes are kept as the
specification spells them (e.g. `a) Male`, `N1 - Abuse or Neglect`).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from sightline.paths import SPECS
from sightline.returns.annex_a.mapping import to_canonical
from sightline.returns.problems import WARNING, Problems
from sightline.returns.reading import ReadResult, date_message
from sightline.tables import build_from_records

RETURN = "annex_a"
HEADING_SEARCH_ROWS = 20
LISTS = [f"list_{n}" for n in range(1, 12)]
_FILE_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})")


@cache
def _schema() -> dict[str, dict[str, dict[str, Any]]]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with (SPECS / "annex_a" / "Annex_A_schema.yml").open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=loader)["column_map"]


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", str(text).replace("\xa0", " ")).strip().lower()


def _regexes(spec: dict[str, Any]) -> list[re.Pattern[str]]:
    found = []
    for raw in spec.get("header_regex", []) or []:
        match = re.match(r"^/(.*)/([a-z]*)", str(raw).strip())
        if match:
            flags = re.I if "i" in match.group(2) else 0
            try:
                found.append(re.compile(match.group(1), flags))
            except re.error:
                continue
    return found


@cache
def _spellings(list_name: str, column: str) -> dict[str, str]:
    spec = _schema()[list_name][column]
    spellings: dict[str, str] = {}
    for entry in spec.get("category", []) or []:
        code = str(entry["code"])
        names = entry.get("name", [])
        names = names if isinstance(names, list) else [names]
        for name in [code, *names]:
            spellings.setdefault(_norm(str(name)), code)
    return spellings


def match_headers(list_name: str, headers: list[str]) -> dict[int, str]:
    """Column position -> specification column, by name first, then by heading pattern."""
    columns = _schema()[list_name]
    by_name = {_norm(c): c for c in columns}
    matched: dict[int, str] = {}
    taken: set[str] = set()
    for i, header in enumerate(headers):
        column = by_name.get(_norm(header))
        if column and column not in taken:
            matched[i] = column
            taken.add(column)
    for i, header in enumerate(headers):
        if i in matched or not str(header).strip():
            continue
        for column, spec in columns.items():
            if column not in taken and any(r.search(str(header)) for r in _regexes(spec)):
                matched[i] = column
                taken.add(column)
                break
    return matched


def _sheet_list(name: str) -> str | None:
    match = re.fullmatch(r"\s*list[\s_-]*(\d{1,2})\b.*", name, re.I)
    if match and 1 <= int(match.group(1)) <= 11:
        return f"list_{int(match.group(1))}"
    return None


class _ListReader:
    def __init__(self, list_name: str, sheet: str, problems: Problems) -> None:
        self.list_name = list_name
        self.sheet = sheet
        self.problems = problems
        self.specs = _schema()[list_name]

    def value(self, column: str, raw: Any, row: int, child: str, heading: str = "") -> Any:
        """The cell as the specification's type; problems name the heading as written."""
        spec = self.specs[column]
        where = f"{self.sheet}!row {row}"
        heading = heading or column
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if spec.get("canbeblank") is False:
                self.problems.add(
                    "missing_field",
                    f"{heading} is required in {self.sheet} but is blank.",
                    location=where,
                    child_id=child,
                    field=heading,
                )
            return None
        if "date" in spec:
            if isinstance(raw, datetime):
                return raw.date()
            if isinstance(raw, date):
                return raw
            text = str(raw).strip()
            for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
                try:
                    return datetime.strptime(text, fmt).date()
                except ValueError:
                    continue
            self.problems.add(
                "bad_date_format",
                f"{heading}: " + date_message(text, "a date (dd/mm/YYYY)"),
                location=where,
                child_id=child,
                field=heading,
                value=text,
            )
            return None
        if "category" in spec:
            text = _cell_text(raw)
            code = _spellings(self.list_name, column).get(_norm(text))
            if code is None:
                self.problems.add(
                    "bad_code",
                    f"{text!r} is not a recognised value for {heading}.",
                    location=where,
                    child_id=child,
                    field=heading,
                    value=text,
                )
                return text
            return code
        if "numeric" in spec:
            try:
                number = float(str(raw).strip())
            except ValueError:
                self.problems.add(
                    "bad_value",
                    f"{heading} must be a number.",
                    location=where,
                    child_id=child,
                    field=heading,
                    value=raw,
                )
                return None
            return int(number) if number.is_integer() else number
        return _cell_text(raw)


def _cell_text(raw: Any) -> str:
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw).replace("\xa0", " ").strip()


def _rows(workbook: Any, sheet: str) -> list[list[Any]]:
    return list(workbook.get_sheet_by_name(sheet).to_python(skip_empty_area=False))


def read_list(
    workbook: Any, sheet: str, list_name: str, problems: Problems
) -> list[dict[str, Any]]:
    rows = _rows(workbook, sheet)
    if not any(any(_cell_text(c) for c in row if c is not None) for row in rows):
        return []
    # Ofsted's template puts a title (and notes) above the headings: the heading row is the one
    # of the first rows whose cells name the most Annex A columns.
    top, best = 0, -1
    for i, row in enumerate(rows[:HEADING_SEARCH_ROWS]):
        count = len(match_headers(list_name, [_cell_text(c) if c is not None else "" for c in row]))
        if count > best:
            top, best = i, count
    if best <= 0:
        problems.add(
            "no_headings",
            f"{sheet} has no Annex A headings in its first {HEADING_SEARCH_ROWS} rows; nothing "
            "was read from it. Put the list's headings (Child Unique ID, ...) above its rows.",
            location=f"{sheet}!row 1",
            severity=WARNING,
        )
        return []
    titles = [r for r in rows[:top] if any(_cell_text(c) for c in r if c is not None)]
    if titles:
        problems.add(
            "heading_row",
            f"The headings of {sheet} are on row {top + 1}; the {len(titles)} row(s) above them "
            "were taken as titles and not read.",
            location=f"{sheet}!row {top + 1}",
            severity=WARNING,
        )
    headers = [_cell_text(c) if c is not None else "" for c in rows[top]]
    rows = rows[top:]
    matched = match_headers(list_name, headers)
    for i, header in enumerate(headers):
        if header and i not in matched:
            problems.add(
                "unknown_heading",
                f"The heading {header!r} in {sheet} is not one Annex A has; the column is ignored.",
                location=f"{sheet}!row {top + 1}",
                field=header,
                severity=WARNING,
            )
    id_positions = [i for i, c in matched.items() if "identifier" in c.lower() or "Unique ID" in c]
    reader = _ListReader(list_name, sheet, problems)
    records = []
    for n, row in enumerate(rows[1:], start=top + 2):
        if not any(_cell_text(c) for c in row if c is not None):
            continue
        child = (
            _cell_text(row[id_positions[0]]) if id_positions and id_positions[0] < len(row) else ""
        )
        record: dict[str, Any] = {"_row": f"{sheet}!row {n}", "_child": child}
        for i, column in matched.items():
            raw = row[i] if i < len(row) else None
            record[column] = reader.value(column, raw, n, child, headers[i])
        _check_date_order(list_name, record, headers, matched, problems)
        if id_positions and not child:
            continue  # reported as a blank required value; a row with no child cannot be used
        records.append(record)
    return records


# (start, end) columns where the end cannot come before the start. Checked here rather than as a
# registered rule (sightline.rules) because the problem must name the heading as this workbook
# writes it, and headings vary between councils; the canonical tables no longer know it.
DATE_ORDER = {
    "list_7": [("Child Protection Plan Start Date", "Child Protection Plan End Date")],
    "list_8": [("Date Started to be Looked After", "Date Ceased to be Looked After")],
}


def _check_date_order(
    list_name: str,
    record: dict[str, Any],
    headers: list[str],
    matched: dict[int, str],
    problems: Problems,
) -> None:
    written = {column: headers[i] for i, column in matched.items()}
    for start, end in DATE_ORDER.get(list_name, []):
        first, last = record.get(start), record.get(end)
        if isinstance(first, date) and isinstance(last, date) and last < first:
            problems.add(
                "dates_out_of_order",
                f"{written[end]} ({last:%d/%m/%Y}) is before {written[start]} ({first:%d/%m/%Y}).",
                location=record["_row"],
                child_id=record["_child"],
                field=written[end],
                value=last.isoformat(),
            )


def known_spelling(list_name: str, column: str, text: str) -> bool:
    """Whether `text` is an accepted spelling of a code in this Annex A column."""
    return _norm(text) in _spellings(list_name, column)


def read_annex_a(path: Path) -> ReadResult:
    from python_calamine import CalamineWorkbook

    problems = Problems(RETURN, path.name)
    result = ReadResult(RETURN, [path])
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception as error:  # calamine raises its own error types for broken workbooks
        problems.block("unreadable_xlsx", f"The workbook cannot be opened ({error}).")
        result.problems = problems.items
        return result
    sheets = {name: _sheet_list(name) for name in workbook.sheet_names}
    present = {v for v in sheets.values() if v}
    others = [name for name, list_name in sheets.items() if list_name is None]
    missing = [n for n in LISTS if n not in present]
    if not present:
        problems.block(
            "not_annex_a",
            f"This workbook has no sheets named List 1 to List 11 (it has {', '.join(others)}).",
        )
    elif missing and others:
        problems.block(
            "renamed_sheet",
            f"Sheet(s) {', '.join(repr(o) for o in others)} are not Annex A lists, and "
            f"{', '.join(m.replace('list_', 'List ') for m in missing)} is missing: was a sheet "
            "renamed? Name the sheets List 1 to List 11.",
        )
    if problems.blocked:
        result.problems = problems.items
        return result
    lists: dict[str, list[dict[str, Any]]] = {}
    for sheet, list_name in sheets.items():
        if list_name:
            lists[list_name] = read_list(workbook, sheet, list_name, problems)
    for list_name in missing:
        problems.add(
            "missing_list",
            f"The workbook has no {list_name.replace('list_', 'List ')}.",
            severity=WARNING,
        )
    result.tables = to_canonical(lists)
    end = _period_end(path, lists)
    result.year = end.year + (1 if end.month > 3 else 0) if end else None
    result.file_years = {path.name: result.year}
    result.problems = problems.items
    return result


def _period_end(path: Path, lists: dict[str, list[dict[str, Any]]]) -> date | None:
    match = _FILE_DATE.search(path.name)
    if match:
        try:
            return date.fromisoformat(match.group(1))
        except ValueError:
            pass
    latest = None
    for records in lists.values():
        for record in records:
            for value in record.values():
                if (
                    isinstance(value, date)
                    and value <= date.today()
                    and (latest is None or value > latest)
                ):
                    latest = value
    return latest


build = build_from_records  # the name mapping.py used
