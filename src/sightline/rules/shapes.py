"""The shapes most validation rules take, so a rule is a line or two: the DfE's sentence, in code.

Each returns a `Rule`. Fields are named as the file writes them; `table` is the module (table) the
row rules read; `when` narrows a rule to the rows it applies to (SQL). Row shapes are evaluated
together per table; the shapes across rows (`at_most_one`, `unique`, `no_overlap`) are queries and
name the child by `child` and the line by `_line_<field>` (or the row's `_line`).
"""

from __future__ import annotations

from dataclasses import replace

from sightline.rules.engine import ERROR, Query, Row, Rule


def _q(name: str) -> str:
    return name if name.endswith(")") or name.startswith('"') else f'"{name}"'


def _when(condition: str, when: str | None) -> str:
    return f"({when}) AND ({condition})" if when else condition


def row(
    code: str, table: str, field: str, fails: str, *, severity: str = ERROR, **check: str
) -> Rule:
    """Any condition on one row (true where the row fails)."""
    return Rule(code, field, Row(table, fails, **check), severity=severity)


def required(
    code: str, table: str, field: str, *, when: str | None = None, severity: str = ERROR
) -> Rule:
    """<field> must be present (where `when`)."""
    return row(code, table, field, _when(f"{_q(field)} IS NULL", when), severity=severity)


def on_or_after(
    code: str,
    table: str,
    field: str,
    other: str,
    *,
    when: str | None = None,
    severity: str = ERROR,
) -> Rule:
    """Where both are present, <field> is on or after <other> (a field or SQL such as
    `reference_date()`)."""
    return row(code, table, field, _when(f"{_q(field)} < {_q(other)}", when), severity=severity)


def on_or_before(
    code: str,
    table: str,
    field: str,
    other: str,
    *,
    when: str | None = None,
    severity: str = ERROR,
) -> Rule:
    """Where both are present, <field> is on or before <other>."""
    return row(code, table, field, _when(f"{_q(field)} > {_q(other)}", when), severity=severity)


def end_not_before_start(
    code: str, table: str, start: str, end: str, *, severity: str = ERROR
) -> Rule:
    """An end date, where present, is on or after its start."""
    return on_or_after(code, table, end, start, severity=severity)


def within(
    code: str,
    table: str,
    field: str,
    start: str = "period_start()",
    end: str = "reference_date()",
    *,
    required: bool = False,
    when: str | None = None,
    severity: str = ERROR,
) -> Rule:
    """<field> falls on or between `start` and `end` (the census period by default); when
    `required`, a missing value fails too."""
    f = _q(field)
    outside = f"{f} < {_q(start)} OR {f} > {_q(end)}"
    if required:
        outside = f"{f} IS NULL OR {outside}"
    return row(code, table, field, _when(outside, when), severity=severity)


def valid_code(
    code: str,
    table: str,
    field: str,
    *,
    required: bool = False,
    when: str | None = None,
    severity: str = ERROR,
    element: str | None = None,
) -> Rule:
    """<field>, where present, is a code of its list for the year (`is_code` on the source);
    when `required`, it must be present too."""
    text = f'"{field}_text"'
    bad = f"{text} IS NOT NULL AND NOT is_code('{element or field}', {text})"
    if required:
        bad = f"{text} IS NULL OR ({bad})"
    return row(code, table, field, _when(bad, when), severity=severity)


def in_list(
    code: str,
    table: str,
    field: str,
    values: tuple[str, ...],
    *,
    required: bool = False,
    when: str | None = None,
    severity: str = ERROR,
) -> Rule:
    """<field>, where present, is one of `values` (as written)."""
    listed = ", ".join("'" + v.replace("'", "''") + "'" for v in values)
    text = f'"{field}_text"'
    bad = f"{text} IS NOT NULL AND {text} NOT IN ({listed})"
    if required:
        bad = f"{text} IS NULL OR ({bad})"
    return row(code, table, field, _when(bad, when), severity=severity)


def not_same_day(code: str, table: str, field: str, other: str, *, severity: str = ERROR) -> Rule:
    """<field> and <other> are not the same date."""
    return row(code, table, field, f"{_q(field)} = {_q(other)}", severity=severity)


def weekday(code: str, table: str, field: str, *, severity: str = ERROR) -> Rule:
    """<field> is not a Saturday or Sunday."""
    return row(code, table, field, f"isodow({_q(field)}) IN (6, 7)", severity=severity)


def at_most_one(
    code: str,
    table: str,
    field: str,
    where: str,
    per: tuple[str, ...],
    *,
    child: str = '"LAchildID"',
    severity: str = ERROR,
) -> Rule:
    """Within each `per` group, at most one row matches `where`; every matching row of a group
    with more than one is reported."""
    keys = ", ".join(per)
    sql = f"""
        SELECT {child}, "{field}_text", coalesce("_line_{field}", _line) FROM (
            SELECT *, count(*) OVER (PARTITION BY {keys}) AS n FROM "w_{table}" WHERE {where}
        ) WHERE n > 1"""
    return Rule(code, field, Query(sql), severity=severity)


def unique(
    code: str, table: str, field: str, *, child: str = '"LAchildID"', severity: str = ERROR
) -> Rule:
    """No two rows carry the same <field>; every row of a repeated value is reported."""
    return at_most_one(
        code, table, field, f'"{field}_text" IS NOT NULL', (f'"{field}_text"',), child=child,
        severity=severity,
    )  # fmt: skip


def no_overlap(
    code: str,
    table: str,
    start: str,
    end: str,
    per: tuple[str, ...],
    *,
    open_until: str = "reference_date()",
    where: str = "true",
    strict: bool = False,
    child: str = '"LAchildID"',
    severity: str = ERROR,
    field: str | None = None,
    ids: tuple[str, ...] = ("_k",),
) -> Rule:
    """Within each `per` group, no row's <start> falls within another row's <start> to <end> (to
    `open_until` while it has no end). `strict`: a start on the other's end day is allowed."""
    on = " AND ".join(f"a.{k} = b.{k}" for k in per)
    differ = " OR ".join(f"a.{k} <> b.{k}" for k in ids)
    upper = f'coalesce(b."{end}", {open_until})'
    inside = f'a."{start}" >= b."{start}" AND a."{start}" {"<" if strict else "<="} {upper}'
    sql = f"""
        SELECT DISTINCT a.{child}, a."{start}_text", coalesce(a."_line_{start}", a._line)
        FROM "w_{table}" a JOIN "w_{table}" b ON {on} AND ({differ})
        WHERE a."{start}" IS NOT NULL AND b."{start}" IS NOT NULL
          AND ({where.replace("?", "b")}) AND {inside}"""
    return Rule(code, field or start, Query(sql), severity=severity)


def query(
    code: str,
    field: str,
    sql: str,
    *,
    severity: str = ERROR,
    module: str = "",
    tables: bool = False,
) -> Rule:
    """Any query returning (child, value, location) per failure; with `tables`, a fourth column
    names each row's module (a rule reporting rows of two tables; `module` where it is null)."""
    return Rule(code, field, Query(sql, tables), severity=severity, module=module)


def in_module(module: str, rule: Rule) -> Rule:
    """Name the module a finding is in where the field alone does not say (DateOfInitialCPC is
    written in both CINdetails and Section47)."""
    return replace(rule, module=module)
