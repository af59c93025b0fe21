"""Read the XML form of the SSDA903 return (EXPSSDA903/CHILD; formats/ssda903/CLA.xsd).

Each CHILD is turned into rows of the same string tables the CSV form has (HEADER -> header,
AREVIEW -> reviews, EPISODE -> episodes with PL as PLACE, ...), located by XPath, and then checked and
mapped exactly as the CSVs are (read.py), so both forms give the same canonical tables.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pyarrow as pa
from lxml import etree

from sightline.returns.problems import Problems
from sightline.returns.reading import ReadResult
from sightline.returns.ssda903.checks import RawTable, normalise_strings
from sightline.returns.ssda903.read import RETURN, _year_of, as_written, check_and_map
from sightline.specs.ssda903 import DOLO_FIRST_YEAR, table_columns

# Repeating blocks inside CHILD (or its HEADER) -> the 903 table their rows belong to
BLOCKS = {
    "EPISODE": "episodes",
    "AREVIEW": "reviews",
    "AMISSING": "missing",
    "AD_PLACED": "placed_for_adoption",
}
# One-per-child tables: written when any of their own fields is present
SINGLE = {
    "uasc": ("DUC",),
    "oc2": (
        "SDQ_SCORE",
        "SDQ_REASON",
        "CONVICTED",
        "HEALTH_CHECK",
        "IMMUNISATIONS",
        "TEETH_CHECK",
        "HEALTH_ASSESSMENT",
        "SUBSTANCE_MISUSE",
        "INTERVENTION_RECEIVED",
        "INTERVENTION_OFFERED",
    ),
    "oc3": ("IN_TOUCH", "ACTIV", "ACCOM"),
    "ad1": ("DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"),
    "previous_permanence": ("PREV_PERM", "LA_PERM", "DATE_PERM"),
}
RENAMES = {"CHILDID": "CHILD", "PL": "PLACE"}
# Columns a table of the XML form writes beyond the CSV layout, kept as written for the rules
# that read them: the header's UASC flag (0 or 1; rules 105, 205A-D, 303).
XML_ONLY = {"header": ("UASC",)}


def _local(tag: Any) -> str | None:
    return tag.rpartition("}")[2] if isinstance(tag, str) else None


class _Tables:
    def __init__(self, year_layout: dict[str, list[str]]) -> None:
        self.layout = year_layout
        self.rows: dict[str, list[dict[str, str | None]]] = {}
        self.where: dict[str, list[str]] = {}

    def add(self, table: str, values: dict[str, str | None], where: str) -> None:
        self.rows.setdefault(table, []).append(values)
        self.where.setdefault(table, []).append(where)

    def raw_tables(self, problems: Problems) -> list[RawTable]:
        raws = []
        for table, rows in self.rows.items():
            columns = list(self.layout[table])
            columns += [c for c in XML_ONLY.get(table, ()) if any(c in r for r in rows)]
            data = pa.table({c: pa.array([r.get(c) for r in rows], pa.string()) for c in columns})
            raws.append(
                RawTable(
                    table,
                    normalise_strings(data),
                    pa.array(self.where[table], pa.string()),
                    problems,
                )
            )
        return raws


def _simple_values(element: Any) -> dict[str, str | None]:
    """Every leaf below element, by name (first one wins)."""
    values: dict[str, str | None] = {}
    for sub in element.iter():
        name = _local(sub.tag)
        if name is None or len(sub):
            continue
        values.setdefault(RENAMES.get(name, name), sub.text)
    return values


def _child(element: Any, n: int, tables: _Tables) -> None:
    where = f"/EXPSSDA903/CHILD[{n}]"
    header = None
    counts: dict[str, int] = {}
    blocks: list[tuple[str, Any, str]] = []
    for sub in element.iter():
        name = _local(sub.tag)
        if name == "HEADER" and header is None:
            header = sub
        elif name in BLOCKS:
            k = counts[name] = counts.get(name, 0) + 1
            blocks.append((BLOCKS[name], sub, f"{where}//{name}[{k}]"))
    header_values: dict[str, str | None] = {}
    if header is not None:
        for sub in header:
            name = _local(sub.tag)
            if name is not None and not len(sub):
                header_values[RENAMES.get(name, name)] = sub.text
            elif name is not None and name not in BLOCKS:
                for leaf in sub.iter():
                    leaf_name = _local(leaf.tag)
                    if leaf_name is not None and not len(leaf):
                        header_values.setdefault(leaf_name, leaf.text)
    child = header_values.get("CHILD")
    tables.add("header", header_values, f"{where}/HEADER")
    for table, fields in SINGLE.items():
        if any((header_values.get(f) or "").strip() for f in fields):
            tables.add(table, header_values, f"{where}/HEADER")
    for table, block, block_where in blocks:
        values = _simple_values(block)
        values["CHILD"] = child
        values["DOB"] = header_values.get("DOB")
        tables.add(table, values, block_where)


def read_903_xml(
    source: Path | bytes,
    name: str | None = None,
    year: int | None = None,
    *,
    canonical: bool = True,
) -> ReadResult:
    file_name = name or (source.name if isinstance(source, Path) else "upload.xml")
    problems = Problems(RETURN, file_name)
    result = ReadResult(RETURN, [source] if isinstance(source, Path) else [])
    layout = {t: cols for t, cols in table_columns(DOLO_FIRST_YEAR).items()}
    tables = _Tables(layout)
    n = 0
    stream: Any = str(source) if isinstance(source, Path) else io.BytesIO(source)
    try:
        for _event, element in etree.iterparse(
            stream,
            events=("end",),
            tag="{*}CHILD",
            recover=False,
            huge_tree=True,
            resolve_entities=False,
            no_network=True,
        ):
            n += 1
            _child(element, n, tables)
            element.clear(keep_tail=True)
    except etree.XMLSyntaxError as error:
        line = error.position[0] if error.position else None
        problems.block(
            "unreadable_xml",
            "The file is not complete, well-formed XML"
            + (f": it breaks at line {line}" if line else "")
            + ". Nothing from it was imported.",
            location=f"line {line}" if line else "",
        )
    if not problems.blocked and n == 0:
        problems.block("no_children", "The 903 XML has no children (no EXPSSDA903/CHILD).")
    if problems.blocked:
        result.problems = problems.items
        return result
    raws = tables.raw_tables(problems)
    return_problems = Problems(RETURN, file_name)
    result.year = _year_of(raws, year, None, return_problems)
    if canonical:  # the validation rules read the tables as written only
        result.tables = check_and_map(raws, result.year)
    result.as_written = as_written(raws)
    result.problems = [*return_problems.items, *problems.items]
    result.file_years = {file_name: result.year}
    return result
