"""Shapes the 903 rules on children's records share: a date that is not a date, a code that is
not the year's, a child missing from the header, a child written twice, and the DfE's
"looked after continuously for at least 12 months at 31 March" (the OC2 cohort) as SQL.

Every rule here names the DfE table its finding is in (`module`), since CHILD and DOB are
written in several tables."""

from __future__ import annotations

from dataclasses import replace

from sightline.rules.engine import ERROR, Rule
from sightline.rules.shapes import in_list, query, row, valid_code
from sightline.rules.ssda903 import DFE_TABLES


def module(table: str) -> str:
    return DFE_TABLES[table.removesuffix("_last")]


def on(table: str, rule: Rule) -> Rule:
    """The rule's findings are in `table` (the DfE's name for it)."""
    return replace(rule, module=module(table))


def cell(code: str, table: str, field: str, fails: str, *, severity: str = ERROR) -> Rule:
    """A condition on one row of `table`, reported at `field`."""
    return on(table, row(code, table, field, fails, severity=severity))


def not_a_date(code: str, table: str, field: str, *, required: bool = False) -> Rule:
    """<field>, where written, is a date (dd/mm/yyyy); when `required`, it must be written too."""
    fails = (
        f'"{field}" IS NULL' if required else f'"{field}_text" IS NOT NULL AND "{field}" IS NULL'
    )
    return cell(code, table, field, fails)


def code_of_year(code: str, table: str, field: str, *, required: bool = False) -> Rule:
    """<field>, where written, is a code of the year's list (`required`: it must be written)."""
    return on(table, valid_code(code, table, field, required=required))


def one_of(
    code: str, table: str, field: str, values: tuple[str, ...], *, required: bool = False
) -> Rule:
    return on(table, in_list(code, table, field, values, required=required))


def sql(code: str, table: str, field: str, text: str, *, needs: tuple[str, ...] = ()) -> Rule:
    """A query returning (CHILD, value, _location) per failing row of `table`."""
    return replace(query(code, field, text, module=module(table)), needs=needs)


def blank(*fields: str) -> str:
    return " AND ".join(f'"{f}_text" IS NULL' for f in fields)


def any_written(*fields: str) -> str:
    return "(" + " OR ".join(f'"{f}_text" IS NOT NULL' for f in fields) + ")"


def any_blank(*fields: str) -> str:
    return "(" + " OR ".join(f'"{f}_text" IS NULL' for f in fields) + ")"


# The children looked after continuously for at least 12 months at 31 March, as the DfE defines
# the OC2 cohort: looked after at some point in the year, and not one of their episodes starts
# care in the year (RNE S after 1 April), leaves care in the year (an end before 31 March other
# than X1) or is a short break (V3, V4) in the year. Made once per validation as the table
# `w_continuously_looked_after` (source.derive); CONTINUOUSLY_LOOKED_AFTER is a subquery of CHILD.
_IN_YEAR = '"DECOM" <= collection_end() AND ("DEC" >= collection_start() OR "DEC" IS NULL)'
CONTINUOUSLY_LOOKED_AFTER_SQL = f"""
    SELECT "CHILD" FROM "w_episodes" WHERE "CHILD" IS NOT NULL GROUP BY "CHILD"
    HAVING coalesce(bool_or({_IN_YEAR}), false) AND NOT coalesce(bool_or(
        ("RNE_text" = 'S' AND "DECOM" > collection_start() AND "DECOM" <= collection_end())
        OR (coalesce("REC_text", '') <> 'X1' AND "DEC" >= collection_start()
            AND "DEC" < collection_end())
        OR ("LS_text" IN ('V3', 'V4') AND {_IN_YEAR})), false)"""
CONTINUOUSLY_LOOKED_AFTER = 'SELECT "CHILD" FROM "w_continuously_looked_after"'

# Sex as the year writes it: 1/2 to 2023/24, M/F/U from 2024/25.
MALE = "('1', 'M')"
FEMALE = "('2', 'F')"
