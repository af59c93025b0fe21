"""SSDA903 2022/23, the child's header and the adoption decisions (101-120): sex, date of birth
and ethnicity are valid codes and dates; the UASC dates and status; the AD1 and placed for
adoption dates are dates, and the decision dates fall within the child's time in care."""

from __future__ import annotations

from sightline.rules.engine import rule_set
from sightline.rules.ssda903._children import cell, code_of_year, not_a_date, sql

rule_set("ssda903", 2023).add(
    code_of_year("101", "header", "SEX", required=True),
    not_a_date("102", "header", "DOB", required=True),
    code_of_year("103", "header", "ETHNIC", required=True),
    # If provided, DUC is a date, and not before the collection year began.
    cell("104", "uasc", "DUC",
         '("DUC_text" IS NOT NULL AND "DUC" IS NULL) OR "DUC" < collection_start()'),
    # The header's UASC flag (0/1) is written in the XML form only (the CSV form has none).
    cell("105", "header", "UASC", '"UASC_text" IS NOT NULL AND "UASC_text" NOT IN (\'0\', \'1\')'),
    not_a_date("112", "ad1", "DATE_INT"),
    not_a_date("113", "ad1", "DATE_MATCH"),
    code_of_year("114", "ad1", "FOSTER_CARE"),
    not_a_date("115", "placed_for_adoption", "DATE_PLACED"),
    not_a_date("116", "placed_for_adoption", "DATE_PLACED_CEASED"),
    # Neither decision date is after the collection end, nor after the end of the child's
    # latest episode that did not end X1.
    sql("117", "placed_for_adoption", "DATE_PLACED", """
        SELECT p."CHILD",
               CASE WHEN p."DATE_PLACED" > collection_end() OR p."DATE_PLACED" > e."DEC"
                    THEN p."DATE_PLACED_text" ELSE p."DATE_PLACED_CEASED_text" END,
               p."_location"
        FROM "w_placed_for_adoption" p
        LEFT JOIN (
            SELECT "CHILD", arg_max("DEC", ("DECOM", "_row")) AS "DEC" FROM "w_episodes"
            WHERE "DECOM" IS NOT NULL AND coalesce("REC_text", '') <> 'X1' GROUP BY "CHILD"
        ) e ON e."CHILD" = p."CHILD"
        WHERE p."DATE_PLACED" > collection_end() OR p."DATE_PLACED" > e."DEC"
           OR p."DATE_PLACED_CEASED" > collection_end() OR p."DATE_PLACED_CEASED" > e."DEC"
    """),
    # The decision to no longer place is not before the collection year, nor before the start
    # of the child's earliest episode that is not a short break (V3, V4).
    sql("118", "placed_for_adoption", "DATE_PLACED_CEASED", """
        SELECT p."CHILD", p."DATE_PLACED_CEASED_text", p."_location"
        FROM "w_placed_for_adoption" p
        LEFT JOIN (
            SELECT "CHILD", min("DECOM") AS first_start FROM "w_episodes"
            WHERE coalesce("LS_text", '') NOT IN ('V3', 'V4') GROUP BY "CHILD"
        ) e ON e."CHILD" = p."CHILD"
        WHERE p."DATE_PLACED_CEASED" < collection_start()
           OR p."DATE_PLACED_CEASED" < e.first_start
    """),
    cell("119", "placed_for_adoption", "REASON_PLACED_CEASED",
         '("DATE_PLACED_CEASED_text" IS NULL) <> ("REASON_PLACED_CEASED_text" IS NULL)'),
    code_of_year("120", "placed_for_adoption", "REASON_PLACED_CEASED"),
    origin=__name__,
)  # fmt: skip
