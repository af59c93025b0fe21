"""Validation rules as declarations, in yearly rule sets, run together on one DuckDB connection.

A rule is a code (the DfE's where there is one: CIN `8630`, 903 `356`), the field it names as the
file writes it, whether the DfE counts it an error or a query, and a check:
- `Row`: a SQL condition on each row of one table or view, true where the row fails. Every `Row`
  rule of a table is evaluated in one query (a column of masks per rule), so a simple rule costs
  a column, not a query.
- `Query`: a SQL query returning the failing rows as (child, value, location), for rules that join,
  window or count across rows.

A rule set belongs to a return and a collection year (the year of the 31 March it ends on: 2025
for 2024/25). It inherits the previous year's set and adds, replaces or removes codes, as the DfE
publishes each year's changes. Rule modules are found, not listed: every module under
`sightline.rules` is imported once, and declares into the set of its year with `rule_set(...)`.

Where the tables come from, how a row names its child and line, and the DfE messages belong to the
return's `Source` (`sightline.rules.sources`), so the same engine runs the CIN census and the 903.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

ERROR = "error"
QUERY = "query"
SEVERITIES = (ERROR, QUERY)


@dataclass(frozen=True)
class Row:
    """Fails each row of `table` where `fails` (SQL) is true. `value` and `line` default to the
    field's own text and line on the row."""

    table: str
    fails: str
    value: str | None = None
    line: str | None = None
    child: str | None = None


@dataclass(frozen=True)
class Query:
    """SQL returning one row per failure: child, value, location (a line number, or text such as
    `episodes.csv line 3` or an XPath); with `tables`, a fourth column names the module (table)
    each row is in, for a rule that reports rows of two tables."""

    sql: str
    tables: bool = False


Check = Row | Query


@dataclass(frozen=True)
class Rule:
    code: str
    field: str  # the field as the file writes it: what the council fixes
    check: Check
    severity: str = ERROR  # error | query (the DfE's "Error" and "QUERY")
    message: str = ""  # empty: the DfE message for the rule set's year
    module: str = ""  # empty: the module the source says the field is written in
    origin: str = ""  # the rule module that declared it (where its cases live); set on add
    since: int = 0  # the year of the set that declared it; set on add
    # What the rule reads beyond the return itself (`last_year`: the previous year's return; a
    # reference list such as `providers`). Without it the rule is not run, and the report says so.
    needs: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"rule {self.code}: severity must be one of {SEVERITIES}")


@dataclass
class RuleSet:
    """One return's rule changes for one collection year, over the previous year's set."""

    return_: str
    year: int
    added: dict[str, Rule] = field(default_factory=dict)
    replaced: dict[str, Rule] = field(default_factory=dict)
    removed: set[str] = field(default_factory=set)

    @property
    def label(self) -> str:
        return f"{self.year - 1}/{str(self.year)[2:]}"

    def _own(self, rule: Rule, origin: str) -> Rule:
        code = rule.code
        if code in self.added or code in self.replaced or code in self.removed:
            raise ValueError(f"{self.return_} {self.label}: rule {code} is declared twice")
        return replace(rule, origin=origin or rule.origin, since=self.year)

    def add(self, *rules: Rule, origin: str = "") -> None:
        """New codes in this year (a code the year already inherits is an error)."""
        for rule in rules:
            self.added[rule.code] = self._own(rule, origin)

    def replace(self, *rules: Rule, origin: str = "") -> None:
        """Codes whose logic or message changed this year (the code must be inherited)."""
        for rule in rules:
            self.replaced[rule.code] = self._own(rule, origin)

    def remove(self, *codes: str) -> None:
        """Codes the DfE withdrew this year."""
        for code in codes:
            if code in self.added or code in self.replaced:
                raise ValueError(f"{self.return_} {self.label}: rule {code} is declared twice")
            self.removed.add(code)


_SETS: dict[tuple[str, int], RuleSet] = {}


def rule_set(return_: str, year: int) -> RuleSet:
    """The set of a return's year to declare into (made on first use)."""
    key = (return_, year)
    if key not in _SETS:
        _SETS[key] = RuleSet(return_, year)
    return _SETS[key]


_ENGINE_MODULES = {"engine", "shapes", "cases", "report", "validate", "commands", "codes"}


@cache
def discover(return_: str | None = None) -> None:
    """Import the rule modules under sightline.rules once (declaring is a side effect of import):
    every one, or with `return_` only its own package's (`sightline.rules.cin`) where it has one,
    so that checking a CIN census does not load the 903 rules and their specification."""
    import sightline.rules as package

    found: Any = package
    if return_ is not None:
        name = f"{package.__name__}.{return_}"
        try:
            found = importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name != name:
                raise
        if not hasattr(found, "__path__"):
            found = package
    for info in pkgutil.walk_packages(found.__path__, found.__name__ + "."):
        leaf = info.name.rpartition(".")[2]
        if leaf.startswith("_") or leaf in _ENGINE_MODULES or leaf == "source":
            continue
        importlib.import_module(info.name)


def years(return_: str) -> list[int]:
    discover(return_)
    return sorted(y for r, y in _SETS if r == return_)


def returns() -> list[str]:
    discover()
    return sorted({r for r, _ in _SETS})


def set_year(return_: str, year: int | None) -> int:
    """The rule set a file of `year` is checked against: its own year's, else the nearest earlier
    one; a file before the first set, or of no known year, gets the first or the newest set."""
    known = years(return_)
    if not known:
        raise LookupError(f"no rule sets for {return_!r}")
    if year is None:
        return known[-1]
    earlier = [y for y in known if y <= year]
    return earlier[-1] if earlier else known[0]


def resolve(return_: str, year: int | None) -> dict[str, Rule]:
    """The rules in force for a return's year: each earlier year's changes applied in order."""
    target = set_year(return_, year)
    rules: dict[str, Rule] = {}
    for y in years(return_):
        if y > target:
            break
        changes = _SETS[(return_, y)]
        label = f"{return_} {changes.label}"
        for code in changes.added:
            if code in rules:
                raise ValueError(f"{label}: adds {code}, which it inherits (use replace)")
        for code in list(changes.replaced) + sorted(changes.removed):
            if code not in rules:
                raise ValueError(f"{label}: changes {code}, which no earlier year declared")
        rules.update(changes.added)
        rules.update(changes.replaced)
        for code in changes.removed:
            del rules[code]
    return dict(sorted(rules.items(), key=lambda item: _code_key(item[0])))


def _code_key(code: str) -> tuple[int, str]:
    digits = "".join(c for c in code if c.isdigit())
    return (int(digits) if digits else 0, code)


# -- Sources -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Context:
    """What the rules of one file need to know beyond its tables."""

    year: int  # the rule set's year
    reference_date: date  # the census date (31 March, or the header's ReferenceDate)
    file: str = ""
    available: frozenset[str] = frozenset()  # what was loaded beside the return (Rule.needs)


@dataclass(frozen=True)
class Source:
    """How one return's tables are put on a connection and how its findings are named."""

    return_: str
    register: Callable[[duckdb.DuckDBPyConnection, Mapping[str, pa.Table], Context], None]
    view: Callable[[str], str]  # the view a Row rule on `table` reads
    child: str  # SQL naming the child on a row
    module_of: Callable[[str], str]  # the module (table as the file writes it) of a field
    message: Callable[[str, int], str]  # the DfE message of a code in a year ("" if none)
    case_tables: Callable[[Mapping[str, Any]], dict[str, pa.Table]]


_SOURCES: dict[str, Source] = {}


def register_source(source: Source) -> Source:
    _SOURCES[source.return_] = source
    return source


def source(return_: str) -> Source:
    discover(return_)
    return _SOURCES[return_]


# -- Running -------------------------------------------------------------------------------------
FINDING_SCHEMA = pa.schema(
    [
        ("return_", pa.string()),
        ("file", pa.string()),
        ("code", pa.string()),
        ("severity", pa.string()),  # error | query
        ("message", pa.string()),
        ("child_id", pa.string()),
        ("module", pa.string()),
        ("field", pa.string()),
        ("line", pa.int32()),
        ("location", pa.string()),  # where the line is not a number: an XPath or a file's row
        ("value", pa.string()),
    ]
)


def not_run(rules: Mapping[str, Rule], context: Context) -> dict[str, tuple[str, ...]]:
    """The rules that cannot run on what was loaded: code -> what is missing."""
    missing = {}
    for code, rule in rules.items():
        lacking = tuple(n for n in rule.needs if n not in context.available)
        if lacking:
            missing[code] = lacking
    return missing


def message_of(return_: str, rule: Rule, year: int) -> str:
    """The rule's own message, else the DfE's for the code in that year."""
    return rule.message or source(return_).message(rule.code, year) or rule.code


def run(
    return_: str,
    tables: Mapping[str, pa.Table],
    context: Context,
    rules: Mapping[str, Rule] | None = None,
) -> pa.Table:
    """Every failure of every rule (of the context's year, or `rules`), as one findings table.
    All rules share one connection; the tables are registered on it once."""
    src = source(return_)
    chosen = resolve(return_, context.year) if rules is None else rules
    skipped = not_run(chosen, context)
    chosen = {code: rule for code, rule in chosen.items() if code not in skipped}
    # One thread: the tables of one return are small, and a query's fixed cost (threads to start
    # and join) would otherwise outweigh its work, many times over on a busy machine.
    connection = duckdb.connect(config={"threads": 1})
    try:
        src.register(connection, tables, context)
        by_table: dict[str, list[Rule]] = {}
        queries: list[Rule] = []
        for rule in chosen.values():
            if isinstance(rule.check, Row):
                by_table.setdefault(rule.check.table, []).append(rule)
            else:
                queries.append(rule)
        largest = max((table.num_rows for table in tables.values()), default=0)
        parts = _queries(connection, src, queries, context, largest < ONE_STATEMENT_BELOW)
        for table, group in by_table.items():
            parts.extend(_rows(connection, src, table, group, context))
    finally:
        connection.close()
    parts = [p for p in parts if p.num_rows]
    if not parts:
        return FINDING_SCHEMA.empty_table()
    return pa.concat_tables(parts)


def _describe(connection: duckdb.DuckDBPyConnection, view: str) -> set[str]:
    return {row[0] for row in connection.execute(f'DESCRIBE "{view}"').fetchall()}


def _rows(
    connection: duckdb.DuckDBPyConnection,
    src: Source,
    table: str,
    rules: list[Rule],
    context: Context,
) -> list[pa.Table]:
    """All Row rules of one table in one query: a mask, a value and a line column per rule."""
    view = src.view(table)
    columns = _describe(connection, view)
    selects = [f"CAST({src.child} AS VARCHAR) AS _child_id"]
    conditions = []
    for i, rule in enumerate(rules):
        check = rule.check
        assert isinstance(check, Row)
        value = check.value or _default_value(rule.field, columns)
        line = check.line or _default_line(rule.field, columns)
        selects.append(f"coalesce(({check.fails}), false) AS _f{i}")
        selects.append(f"CAST(({value}) AS VARCHAR) AS _v{i}")
        selects.append(f"CAST(({line}) AS INTEGER) AS _l{i}")
        if check.child:
            selects.append(f"CAST(({check.child}) AS VARCHAR) AS _c{i}")
        conditions.append(f"coalesce(({check.fails}), false)")
    if "_location" in columns:  # a row's place in its file, where a line alone does not say it
        selects.append('CAST("_location" AS VARCHAR) AS _where')
    sql = f'SELECT {", ".join(selects)} FROM "{view}" WHERE {" OR ".join(conditions)}'
    try:
        result = connection.execute(sql).fetch_arrow_table()
    except duckdb.Error as error:
        raise RuntimeError(f"{src.return_} rules on {table}: {error}") from error
    found = []
    where_column = ["_where"] if "_where" in result.column_names else []
    for i, rule in enumerate(rules):
        mask = result.column(f"_f{i}")
        if not pc.any(mask).as_py():
            continue
        # Only this rule's columns are filtered: the result has three or four for every rule of
        # the table (over 160 for the episodes), and filtering them all for each rule cost more
        # than the query.
        child_column = f"_c{i}" if rule.check.child else "_child_id"  # type: ignore[union-attr]
        chosen = result.select([child_column, f"_v{i}", f"_l{i}", *where_column]).filter(mask)
        child = chosen.column(child_column)
        where = chosen.column("_where") if where_column else None
        found.append(
            _findings(
                src, rule, context, child, chosen.column(f"_v{i}"), chosen.column(f"_l{i}"), where
            )
        )
    return found


def _default_value(field_name: str, columns: set[str]) -> str:
    if f"{field_name}_text" in columns:
        return f'"{field_name}_text"'
    if field_name in columns:
        return f'"{field_name}"'
    return "NULL"


def _default_line(field_name: str, columns: set[str]) -> str:
    if f"_line_{field_name}" in columns:
        return f'coalesce("_line_{field_name}", "_line")'
    return '"_line"' if "_line" in columns else "NULL"


# The Query rules of a return whose tables are all under this many rows run as one statement;
# a larger one's run rule by rule. DuckDB 1.4 can hang for good, uninterruptibly, on one UNION ALL
# of many such queries over large tables (an England-sized census, 560,000 children, hung with
# 24 rules in one statement and not with 8; each rule alone took under 0.5 s): the open issue
# duckdb/duckdb#24961 describes the same. At 50,000 children one statement and one per rule cost
# the same (0.12 s for the census's 25 Query rules); below it, one statement saves the 903's 97
# rules their fixed costs.
ONE_STATEMENT_BELOW = 50_000


def _queries(
    connection: duckdb.DuckDBPyConnection,
    src: Source,
    rules: list[Rule],
    context: Context,
    together: bool = True,
) -> list[pa.Table]:
    """The Query rules in one statement (UNION ALL, a column naming the rule), so each costs its
    work and not a round trip; if it fails, rule by rule, to name the rule that failed. Not
    `together`: rule by rule from the start."""
    if not rules:
        return []
    if not together:
        return [_query(connection, src, rule, context) for rule in rules]
    sql = " UNION ALL ".join(
        f"SELECT {i} AS _rule, * FROM ({_wrapped(rule)})" for i, rule in enumerate(rules)
    )
    try:
        result = connection.execute(sql).fetch_arrow_table()
    except duckdb.Error:
        return [_query(connection, src, rule, context) for rule in rules]
    found = []
    for i, rule in enumerate(rules):
        chosen = result.filter(pc.equal(result.column("_rule"), i))
        if chosen.num_rows:
            found.append(_as_findings(src, rule, context, chosen))
    return found


def _wrapped(rule: Rule) -> str:
    check = rule.check
    assert isinstance(check, Query)
    # A bare number is a line; `file line N` names the file and its line; anything else (an
    # XPath) is kept as the location.
    return f"""
        SELECT CAST(c AS VARCHAR) AS c, CAST(v AS VARCHAR) AS v,
               CASE WHEN regexp_full_match(CAST(l AS VARCHAR), '[0-9]+') THEN CAST(l AS INTEGER)
                    ELSE TRY_CAST(nullif(regexp_extract(CAST(l AS VARCHAR), ' line ([0-9]+)$', 1), '')
                                  AS INTEGER) END AS line,
               CASE WHEN regexp_full_match(CAST(l AS VARCHAR), '[0-9]+') THEN NULL
                    ELSE CAST(l AS VARCHAR) END AS loc,
               {"CAST(m AS VARCHAR)" if check.tables else "CAST(NULL AS VARCHAR)"} AS m
        FROM ({check.sql}) AS t(c, v, l{", m" if check.tables else ""})"""


def _query(
    connection: duckdb.DuckDBPyConnection, src: Source, rule: Rule, context: Context
) -> pa.Table:
    try:
        result = connection.execute(_wrapped(rule)).fetch_arrow_table()
    except duckdb.Error as error:
        raise RuntimeError(f"{src.return_} rule {rule.code}: {error}") from error
    if not result.num_rows:
        return FINDING_SCHEMA.empty_table()
    return _as_findings(src, rule, context, result)


def _as_findings(src: Source, rule: Rule, context: Context, result: pa.Table) -> pa.Table:
    line, where = result.column("line"), result.column("loc")
    found = _findings(src, rule, context, result.column("c"), result.column("v"), line, where)
    if isinstance(rule.check, Query) and rule.check.tables:
        at = found.schema.get_field_index("module")
        given = pc.coalesce(result.column("m"), found.column(at))
        found = found.set_column(at, found.schema.field(at), given)
    return found


def _findings(
    src: Source,
    rule: Rule,
    context: Context,
    child: Any,
    value: Any,
    line: Any,
    location: Any,
) -> pa.Table:
    n = len(child)
    module = rule.module or src.module_of(rule.field)
    where = location if location is not None else pa.nulls(n, pa.string())
    return pa.table(
        {
            "return_": pa.repeat(src.return_, n),
            "file": pa.repeat(context.file, n),
            "code": pa.repeat(rule.code, n),
            "severity": pa.repeat(rule.severity, n),
            "message": pa.repeat(message_of(src.return_, rule, context.year), n),
            "child_id": child,
            "module": pa.repeat(module, n),
            "field": pa.repeat(rule.field, n),
            "line": pc.cast(line, pa.int32()),
            "location": where,
            "value": value,
        },
        schema=FINDING_SCHEMA,
    )
