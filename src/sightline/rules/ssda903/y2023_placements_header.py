"""SSDA903 2022/23, the child's header: against last year's header (202-208), UPN (209, 210,
442), dates of birth (301, 302, 351) and mother (393)."""

from __future__ import annotations

from dataclasses import replace

from sightline.rules.engine import Rule, rule_set
from sightline.rules.shapes import in_module, query, row
from sightline.rules.ssda903.source import LAST_YEAR

H = '"w_header"'
# The 2024/25 return writes sex as M/F where earlier years wrote 1/2: the same child, the same sex.
SEX = "CASE upper({0}) WHEN '1' THEN 'M' WHEN '2' THEN 'F' ELSE upper({0}) END"


def last_differs(code: str, field: str, this: str, last: str) -> Rule:
    """The child was in last year's header and <field> there differs from this year's."""
    return in_module("Header", row(
        code,
        "header",
        field,
        f"""EXISTS (SELECT 1 FROM b_header_last l
        WHERE l."CHILD" = {H}."CHILD" AND ({this}) IS DISTINCT FROM ({last}))""",
    ))  # fmt: skip


def has_episode(where: str = "true") -> str:
    return f'EXISTS (SELECT 1 FROM "w_episodes" e WHERE e."CHILD" = {H}."CHILD" AND ({where}))'


NOT_RESPITE = "e.\"LS_text\" IS NULL OR e.\"LS_text\" NOT IN ('V3', 'V4')"
UN = "('UN1', 'UN2', 'UN3', 'UN4', 'UN5')"

RULES = [
    last_differs("202", "SEX", SEX.format(f'{H}."SEX_text"'), SEX.format('l."SEX_text"')),
    last_differs("203", "DOB", f'{H}."DOB"', 'l."DOB"'),
    last_differs("204", "ETHNIC", f'upper({H}."ETHNIC_text")', 'upper(l."ETHNIC_text")'),
    # Mother was 1 last year and is not now, for a child still looked after.
    row(
        "207",
        "header",
        "MOTHER",
        f"""{has_episode()} AND EXISTS (SELECT 1 FROM b_header_last l
        WHERE l."CHILD" = {H}."CHILD" AND l."MOTHER_text" = '1'
          AND {H}."MOTHER_text" IS DISTINCT FROM '1')""",
    ),
    # A UPN changed, other than from unknown (blank or UN1-UN5) to a UPN or from blank/UN1 to
    # another UN code.
    row(
        "208",
        "header",
        "UPN",
        f"""EXISTS (SELECT 1 FROM b_header_last l
        WHERE l."CHILD" = {H}."CHILD"
          AND upper({H}."UPN_text") IS DISTINCT FROM upper(l."UPN_text")
          AND NOT (coalesce(upper(l."UPN_text"), 'UN1') = 'UN1'
                   AND upper({H}."UPN_text") IN ('UN2', 'UN3', 'UN4', 'UN5'))
          AND NOT ((l."UPN_text" IS NULL OR upper(l."UPN_text") IN {UN})
                   AND {H}."UPN_text" IS NOT NULL AND upper({H}."UPN_text") NOT IN {UN}))""",
    ),
]
RULES = [replace(r, needs=(LAST_YEAR,)) for r in RULES]  # they compare with last year's return

RULES += [
    # School age: four or over on 31 August before the collection year began.
    row(
        "209",
        "header",
        "UPN",
        """upper("UPN_text") = 'UN1' AND "DOB" + INTERVAL 4 YEAR
        <= make_date(year(period_start()) - 1, 8, 31)""",
    ),
    # UN4 (UPN not yet obtained) for a child looked after for more than a week at 31 March.
    row(
        "210",
        "header",
        "UPN",
        "upper(\"UPN_text\") = 'UN4' AND "
        + has_episode('e."DECOM" >= make_date(year(reference_date()), 3, 24)'),
    ),
    in_module("Header", row("301", "header", "DOB", '"DOB" > reference_date()')),
    query(
        "302",
        "DECOM",
        """
        SELECT "CHILD", "DECOM_text", "_location" FROM w_episodes_p
        WHERE seq = 1 AND "DECOM" < "DOB" """,
        module="Episodes",
    ),
    in_module("Header", row("351", "header", "DOB", '"DOB" + INTERVAL 25 YEAR < period_start()')),
    row(
        "393",
        "header",
        "MOTHER",
        '"SEX_text" = \'2\' AND "MOTHER_text" IS NULL AND ' + has_episode(NOT_RESPITE),
    ),
    row("442", "header", "UPN", '"UPN_text" IS NULL AND ' + has_episode(NOT_RESPITE)),
]

rule_set("ssda903", 2023).add(*RULES, origin=__name__)
