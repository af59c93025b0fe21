"""SSDA903 2022/23, adoption: the dates of the decision, the match and the placement (331, 333,
334) and whether the child was adopted by their foster carers (335)."""

from __future__ import annotations

from sightline.rules.engine import rule_set
from sightline.rules.shapes import query, row

rule_set("ssda903", 2023).add(
    # Matched after the child was placed for adoption (the episode that ceased E11 or E12).
    query(
        "331",
        "DATE_MATCH",
        """
        SELECT DISTINCT a."CHILD", a."DATE_MATCH_text", a."_location" FROM "w_ad1" a
        JOIN "w_episodes" e ON e."CHILD" = a."CHILD"
        WHERE e."REC_text" IN ('E11', 'E12') AND a."DATE_MATCH" > e."DECOM" """,
        module="AD1",
    ),
    row(
        "333",
        "ad1",
        "DATE_INT",
        """"DATE_MATCH" IS NOT NULL
        AND ("DATE_INT" IS NULL OR "DATE_INT" > "DATE_MATCH")""",
    ),
    # The decision that the child should be placed for adoption comes after the latest period of
    # care began (the latest episode with RNE S).
    query(
        "334",
        "DATE_INT",
        """
        SELECT a."CHILD", a."DATE_INT_text", a."_location" FROM "w_ad1" a
        JOIN (SELECT "CHILD", max("DECOM") AS started FROM "w_episodes"
              WHERE "RNE_text" = 'S' GROUP BY "CHILD") s ON s."CHILD" = a."CHILD"
        WHERE a."DATE_INT" < s.started""",
        module="AD1",
    ),
    query(
        "335",
        "FOSTER_CARE",
        """
        SELECT e."CHILD", a."FOSTER_CARE_text", e."_location" FROM "w_episodes" e
        JOIN "w_ad1" a ON a."CHILD" = e."CHILD"
        WHERE e."REC_text" IN ('E1', 'E11', 'E12') AND (
            (e."PLACE_text" IN ('A2', 'A3', 'A5') AND a."FOSTER_CARE_text" = '0')
            OR (e."PLACE_text" IN ('A1', 'A4', 'A6') AND a."FOSTER_CARE_text" = '1'))""",
        module="Episodes",
    ),
    origin=__name__,
)
