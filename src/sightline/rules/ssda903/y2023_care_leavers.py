"""SSDA903 2022/23, care leavers (OC3): information is given only for young people who are care
leavers (1000-1002, 1007, 1010, 1011), no other table holds rows for care leavers with no episode
this year (1012), UASC information is not for care leavers (1014), and accommodation around the
17th birthday is not with former foster carers (3001).

Several rules look at last year's episodes too, where they are loaded (1000 reads them when
there; 1001, 1002 and 1010 need them)."""

from __future__ import annotations

from dataclasses import replace

from sightline.rules.engine import Rule, rule_set
from sightline.rules.shapes import query
from sightline.rules.ssda903._children import module

# An OC3 row with care leaver information completed.
COMPLETED = (
    '(o."IN_TOUCH_text" IS NOT NULL OR o."ACTIV_text" IS NOT NULL OR o."ACCOM_text" IS NOT NULL)'
)
# Episodes of this year and last year's (empty when not loaded).
BOTH_YEARS = """(SELECT "CHILD", "DECOM", "DEC", "DEC_text", "LS_text", "REC_text", "_row"
                 FROM "w_episodes"
                 UNION ALL BY NAME
                 SELECT "CHILD", "DECOM", "DEC", "DEC_text", "LS_text", "REC_text",
                        "_row" + 1000000000 AS "_row" FROM "w_episodes_last")"""


def last_birthday(dob: str) -> str:
    """The latest birthday on or before 31 March."""
    this_year = f"({dob} + to_years(year(collection_end()) - year({dob})))"
    return f"CASE WHEN {this_year} > collection_end() THEN {this_year} - INTERVAL 1 YEAR ELSE {this_year} END"


def _oc3(code: str, condition: str, *, needs: tuple[str, ...] = ()) -> Rule:
    rule = query(
        code,
        "IN_TOUCH",
        f"""
        SELECT o."CHILD", o."IN_TOUCH_text", o."_location" FROM "w_oc3" o
        WHERE {COMPLETED} AND ({condition})""",
        module="OC3",
    )
    return replace(rule, needs=needs)


def aged_out_after_birthday() -> Rule:
    """1016: 17 at 31 March and care ended on or after the 17th birthday, or 18 and after the
    18th: still looked after then, so not a care leaver to report."""
    return _oc3(
        "1016",
        """
        EXISTS (SELECT 1 FROM "w_episodes" e WHERE e."CHILD" = o."CHILD" AND (
            (o."DOB" + INTERVAL 17 YEAR <= collection_end()
             AND o."DOB" + INTERVAL 18 YEAR > collection_end()
             AND e."DEC" >= o."DOB" + INTERVAL 17 YEAR)
         OR (o."DOB" + INTERVAL 18 YEAR <= collection_end()
             AND o."DOB" + INTERVAL 19 YEAR > collection_end()
             AND e."DEC" >= o."DOB" + INTERVAL 18 YEAR)))""",
    )


# 1001: looked after for at least 13 weeks (91 days) after the 14th birthday and for some time
# after the 16th (episodes of both years, short breaks V3 and V4 aside; an open latest episode
# runs to 31 March), and not adopted at the end of the latest episode.
_RELEVANT = f"""
    WITH eps AS (
        SELECT * FROM {BOTH_YEARS} WHERE "DECOM" IS NOT NULL
        QUALIFY row_number() OVER (
            PARTITION BY "CHILD", "DECOM" ORDER BY "DEC" NULLS LAST, "_row") = 1),
    ended AS (
        SELECT *, CASE WHEN "DEC" IS NULL AND "DECOM" = max("DECOM") OVER (PARTITION BY "CHILD")
                       THEN collection_end() ELSE "DEC" END AS until
        FROM eps),
    care AS (
        SELECT e."CHILD",
               sum(greatest(0, date_diff('day', greatest(e."DECOM", h."DOB" + INTERVAL 14 YEAR),
                                          e.until))) AS after14,
               sum(greatest(0, date_diff('day', greatest(e."DECOM", h."DOB" + INTERVAL 16 YEAR),
                                          e.until))) AS after16
        FROM ended e JOIN "w_header" h USING ("CHILD")
        WHERE h."DOB" IS NOT NULL AND h."DOB" + INTERVAL 20 YEAR > collection_end()
          AND coalesce(e."LS_text", '') NOT IN ('V3', 'V4')
        GROUP BY e."CHILD"),
    adopted AS (
        SELECT "CHILD" FROM eps
        QUALIFY row_number() OVER (PARTITION BY "CHILD" ORDER BY "DECOM" DESC, "_row") = 1
            AND upper(coalesce("REC_text", '')) IN ('E11', 'E12'))
    SELECT "CHILD" FROM "w_oc3"
    WHERE "CHILD" IN (SELECT "CHILD" FROM adopted)
       OR "CHILD" NOT IN (SELECT "CHILD" FROM care WHERE after14 >= 91 AND after16 >= 1)"""

_LATEST = '"w_episodes_latest"'
_LAST = ("last_year",)

rule_set("ssda903", 2023).add(
    # Died in care (E2), this year or last.
    _oc3("1000", f"""o."CHILD" IN (SELECT "CHILD" FROM {BOTH_YEARS}
                                  WHERE upper("REC_text") = 'E2')"""),
    _oc3("1001", f'o."CHILD" IN ({_RELEVANT})', needs=_LAST),
    _oc3("1002", f"""o."CHILD" NOT IN (SELECT "CHILD" FROM {BOTH_YEARS})""", needs=_LAST),
    # 17 or 18 at 31 March and looked after on the latest birthday.
    _oc3("1007", f"""
        o."DOB" + INTERVAL 17 YEAR <= collection_end()
        AND o."DOB" + INTERVAL 19 YEAR > collection_end()
        AND EXISTS (SELECT 1 FROM "w_episodes" e WHERE e."CHILD" = o."CHILD"
                    AND e."DECOM" <= {last_birthday('o."DOB"')}
                    AND (e."DEC_text" IS NULL OR e."DEC" > {last_birthday('o."DOB"')}))"""),
    # No episode this year though last year's latest episode was open.
    _oc3("1010", """
        o."CHILD" NOT IN (SELECT "CHILD" FROM "w_episodes")
        AND o."CHILD" IN (
            SELECT "CHILD" FROM "w_episodes_last" WHERE "DECOM" IS NOT NULL
            QUALIFY row_number() OVER (PARTITION BY "CHILD" ORDER BY "DECOM" DESC, "_row") = 1
                AND "DEC_text" IS NULL)""", needs=_LAST),
    # The final episode ended with care transferred to another authority (E3).
    _oc3("1011", f"""o."CHILD" IN (SELECT "CHILD" FROM {_LATEST} WHERE "REC_text" = 'E3')"""),
    # Care leavers with no episode this year: no rows in the other tables.
    query("1012", "CHILD", " UNION ALL ".join(f"""
        SELECT t."CHILD", t."CHILD_text", t."_location", '{module(table)}' FROM "w_{table}" t
        WHERE t."CHILD" IN (SELECT "CHILD" FROM "w_oc3")
          AND t."CHILD" NOT IN (SELECT "CHILD" FROM "w_episodes")"""
        for table in ("placed_for_adoption", "missing", "reviews", "ad1",
                      "previous_permanence", "oc2")), module="Episodes", tables=True),
    # UASC information for a young person not looked after in the year who has care leaver
    # information: the UASC row and the OC3 row.
    query("1014", "DUC", f"""
        WITH leavers AS (
            SELECT o."CHILD", o."_location" FROM "w_oc3" o
            WHERE {COMPLETED} AND o."CHILD" IN (SELECT "CHILD" FROM "w_uasc")
              AND o."CHILD" NOT IN (
                  SELECT "CHILD" FROM "w_episodes" WHERE "DECOM" <= collection_end()
                    AND ("DEC_text" IS NULL OR "DEC" >= collection_start())))
        SELECT u."CHILD", u."DUC_text", u."_location", 'UASC' FROM "w_uasc" u
        WHERE u."CHILD" IN (SELECT "CHILD" FROM leavers)
        UNION ALL SELECT "CHILD", NULL, "_location", 'OC3' FROM leavers
        """, module="UASC", tables=True),
    # 17th birthday in the year: not accommodated with former foster carers (Z1, Z2).
    query("3001", "ACCOM", """
        SELECT o."CHILD", o."ACCOM_text", o."_location" FROM "w_oc3" o
        JOIN "w_header" h USING ("CHILD")
        WHERE upper(o."ACCOM_text") IN ('Z1', 'Z2')
          AND h."DOB" + INTERVAL 17 YEAR BETWEEN collection_start() AND collection_end()
        """, module="OC3"),
    origin=__name__,
)  # fmt: skip

rule_set("ssda903", 2024).add(aged_out_after_birthday(), origin=__name__)
