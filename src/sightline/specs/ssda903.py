"""The SSDA903 columns and code lists of a collection year.

The specification ships as a 2017 base (`specs/ssda903/SSDA903_schema_2017.yml`) plus one diff per
year that changed (`SSDA903_schema_<year>.diff.yml`). A diff key is a dotted path into the base
(`column_map.episodes.PLACE.category`) with `type: add | modify | remove` and a `value`. The year of
a diff is the collection year it takes effect in (2025 = the return for 2024/25).

The YAML names some tables differently from the names the product uses; `TABLE_NAMES` maps them.
Tables the YAML does not yet describe (the deprivation of liberty table from 2026/27) are added here.
"""

from __future__ import annotations

import copy
import dataclasses
import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from sightline.paths import SPECS

SPEC_DIR = SPECS / "ssda903"
# libyaml's parser when it is built in (ten times faster on the 2017 base), else the pure one
_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
BASE_YEAR = 2017

# YAML table name -> product table name (also the CSV file stem the synthetic council writes)
TABLE_NAMES: dict[str, str] = {
    "header": "header",
    "episodes": "episodes",
    "reviews": "reviews",
    "uasc": "uasc",
    "oc2": "oc2",
    "oc3": "oc3",
    "ad1": "ad1",
    "placed_adoption": "placed_for_adoption",
    "prev_perm": "previous_permanence",
    "missing": "missing",
    "social_worker": "sw_episodes",
}

# The deprivation of liberty orders table starts with the 2026/27 return (collection year 2027).
DOLO_FIRST_YEAR = 2027
_DOLO_SPEC: dict[str, dict[str, Any]] = {
    "CHILD": {"string": "alphanumeric", "canbeblank": False},
    "DOB": {"date": "%d/%m/%Y", "canbeblank": False},
    "DOLO_START": {"date": "%d/%m/%Y", "canbeblank": False},
    "DOLO_END": {"date": "%d/%m/%Y", "canbeblank": True},
}


@dataclass(frozen=True)
class ColumnSpec:
    """What one 903 column may hold in one collection year."""

    name: str
    kind: str  # "string" | "date" | "category" | "numeric"
    can_be_blank: bool
    codes: tuple[str, ...] = ()  # category columns: the codes allowed, as written in the file
    date_format: str = ""  # date columns: strptime format (always %d/%m/%Y so far)
    string_kind: str = ""  # string columns: "alphanumeric" | "postcode"
    integer: bool = False  # numeric columns
    min_value: float | None = None
    max_value: float | None = None
    aliases: tuple[tuple[str, str], ...] = ()  # (other spelling, code) accepted for a code
    # Codes the DfE withdrew, with the date of effect: not in `codes` (nothing new is written
    # with them), but still valid for an episode (or other record) that began before that date
    # (PLACE H5 and P2: 28/10/2023). `valid_on` says where a code holds.
    withdrawn: tuple[tuple[str, date], ...] = ()

    def valid_on(self, code: str, day: date | None) -> bool:
        """Whether `code` is a code of this column for a record that began on `day`: a code of
        the year's list, or a withdrawn one before its date of effect (not where the day is
        unknown)."""
        if code in self.codes:
            return True
        until = dict(self.withdrawn).get(code)
        return until is not None and day is not None and day < until


def _diff_files() -> list[tuple[int, Path]]:
    found = []
    for path in SPEC_DIR.glob("SSDA903_schema_*.diff.yml"):
        match = re.fullmatch(r"SSDA903_schema_(\d{4})\.diff\.yml", path.name)
        if match:
            found.append((int(match.group(1)), path))
    return sorted(found)


def _apply(column_map: dict[str, Any], dotted: str, change: dict[str, Any]) -> None:
    parts = dotted.split(".")
    if parts[0] != "column_map":
        raise ValueError(f"903 schema diff key {dotted!r} does not start with column_map")
    node: dict[str, Any] = column_map
    for part in parts[1:-1]:
        node = node.setdefault(part, {})
    kind = change.get("type")
    if kind in ("add", "modify"):
        node[parts[-1]] = change["value"]
    elif kind == "remove":
        node.pop(parts[-1], None)
    else:
        raise ValueError(f"903 schema diff {dotted!r} has unknown type {kind!r}")


@cache
def _parsed(path: Path) -> Any:
    """A spec file parsed once per process (read-only: copy before changing it)."""
    with path.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_LOADER)  # a safe loader (C or Python)


@cache
def _raw_column_map(year: int) -> dict[str, Any]:
    base = _parsed(SPEC_DIR / f"SSDA903_schema_{BASE_YEAR}.yml")
    column_map: dict[str, Any] = copy.deepcopy(base["column_map"])
    for diff_year, path in _diff_files():
        if diff_year > year:
            break
        for dotted, change in (_parsed(path) or {}).items():
            _apply(column_map, dotted, copy.deepcopy(change))
    if year >= DOLO_FIRST_YEAR:
        column_map["dolo"] = _DOLO_SPEC
    return column_map


def _code_and_aliases(entry: dict[str, Any]) -> tuple[str, list[tuple[str, str]]]:
    code = str(entry["code"])
    names = entry.get("name")
    if names is None:
        return code, []
    spellings = names if isinstance(names, list) else [names]
    return code, [(str(n), code) for n in spellings]


def _date_of_effect(value: Any, where: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return datetime.strptime(str(value).strip(), "%d/%m/%Y").date()
    except ValueError:
        raise ValueError(
            f"903 schema: {where} withdrawn date {value!r} is not dd/mm/yyyy"
        ) from None


def _column_spec(name: str, raw: dict[str, Any]) -> ColumnSpec:
    blank = bool(raw.get("canbeblank", False))
    if "category" in raw:
        codes: list[str] = []
        aliases: list[tuple[str, str]] = []
        withdrawn: list[tuple[str, date]] = []
        for entry in raw["category"]:
            code, more = _code_and_aliases(entry)
            if entry.get("withdrawn") is not None:
                withdrawn.append((code, _date_of_effect(entry["withdrawn"], f"{name} {code}")))
                continue
            codes.append(code)
            aliases.extend(more)
        return ColumnSpec(
            name,
            "category",
            blank,
            codes=tuple(codes),
            aliases=tuple(aliases),
            withdrawn=tuple(withdrawn),
        )
    if "date" in raw:
        return ColumnSpec(name, "date", blank, date_format=str(raw["date"]))
    if "numeric" in raw:
        numeric = raw["numeric"] or {}
        return ColumnSpec(
            name,
            "numeric",
            blank,
            integer=numeric.get("type") == "integer",
            min_value=numeric.get("min_value"),
            max_value=numeric.get("max_value"),
        )
    return ColumnSpec(name, "string", blank, string_kind=str(raw.get("string", "")))


@cache
def columns_and_codes(year: int) -> dict[str, dict[str, ColumnSpec]]:
    """Every 903 table of collection `year` (2025 = 2024/25), its columns in specification order
    and what each may hold. Years before 2017 use the 2017 base."""
    result: dict[str, dict[str, ColumnSpec]] = {}
    for yaml_name, columns in _raw_column_map(year).items():
        table = TABLE_NAMES.get(yaml_name, yaml_name)
        result[table] = {col: _column_spec(col, raw) for col, raw in columns.items()}
    for table, columns in _withdrawn_codes().items():
        for column, codes in columns.items():
            spec = result.get(table, {}).get(column)
            if spec is None:
                continue
            dates = tuple(
                (code, _date_of_effect(entry["withdrawn"], f"{table}.{column} {code}"))
                for code, entry in codes.items()
                if year >= int(entry["from_year"]) and code not in spec.codes
            )
            result[table][column] = dataclasses.replace(spec, withdrawn=spec.withdrawn + dates)
    return result


@cache
def _withdrawn_codes() -> dict[str, dict[str, dict[str, dict[str, Any]]]]:
    """withdrawn_codes.yml: table -> column -> code -> {from_year, withdrawn}."""
    return _parsed(SPEC_DIR / "withdrawn_codes.yml") or {}


def table_columns(year: int) -> dict[str, list[str]]:
    """Each table's column names for `year`, in specification order."""
    return {table: list(cols) for table, cols in columns_and_codes(year).items()}
