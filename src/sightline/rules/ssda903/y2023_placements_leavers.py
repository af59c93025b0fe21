"""SSDA903 2022/23, care leavers (OC3) and reviews: care leaver and 12-months data together
(215), activity and accommodation by contact (344, 345), ages (391), a child looked after only
for short breaks (399), participation in reviews by age (440, 441)."""

from __future__ import annotations

from sightline.rules.engine import rule_set
from sightline.rules.shapes import in_module, query, row

LEAVER = '("IN_TOUCH_text" IS NOT NULL OR "ACTIV_text" IS NOT NULL OR "ACCOM_text" IS NOT NULL)'
OC2_FIELDS = (
    "CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT",
    "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED",
)  # fmt: skip
OC2_FILLED = " OR ".join(f'o."{f}_text" IS NOT NULL' for f in OC2_FIELDS)
SHORT_BREAKS_ONLY = """SELECT "CHILD" FROM "w_episodes" GROUP BY "CHILD"
    HAVING bool_and(coalesce("LS_text" IN ('V3', 'V4'), false))"""

rule_set("ssda903", 2023).add(
    # Care leaver items and 12-month items for one child: the OC3 row and the OC2 row (the
    # DfE's rule names both tables).
    query(
        "215",
        "IN_TOUCH",
        f"""
        WITH pairs AS (
            SELECT c."CHILD", c."IN_TOUCH_text", c."_location" AS c_loc, o."_location" AS o_loc
            FROM "w_oc3" c JOIN "w_oc2" o ON o."CHILD" = c."CHILD"
            WHERE (c."IN_TOUCH_text" IS NOT NULL OR c."ACTIV_text" IS NOT NULL
                   OR c."ACCOM_text" IS NOT NULL) AND ({OC2_FILLED}))
        SELECT DISTINCT "CHILD", "IN_TOUCH_text", c_loc, 'OC3' FROM pairs
        UNION ALL SELECT DISTINCT "CHILD", NULL, o_loc, 'OC2' FROM pairs""",
        module="OC3",
        tables=True,
    ),
    row(
        "344",
        "oc3",
        "IN_TOUCH",
        """upper("IN_TOUCH_text") IN ('DIED', 'RHOM')
        AND ("ACTIV_text" IS DISTINCT FROM '0' OR "ACCOM_text" IS DISTINCT FROM '0')""",
    ),
    row(
        "345",
        "oc3",
        "IN_TOUCH",
        """upper("IN_TOUCH_text") = 'YES'
        AND ("ACTIV_text" = '0' OR "ACCOM_text" = '0')""",
    ),
    # Care leaver information is for young people 17 to 21 in the year: not under 17 at 31 March.
    in_module(
        "OC3", row("391", "oc3", "DOB", f'"DOB" + INTERVAL 17 YEAR > reference_date() AND {LEAVER}')
    ),
    query(
        "399",
        "LS",
        f"""
        SELECT e."CHILD", e."LS_text", e."_location" FROM "w_episodes" e
        WHERE e."CHILD" IN ({SHORT_BREAKS_ONLY}) AND (
            EXISTS (SELECT 1 FROM "w_header" h WHERE h."CHILD" = e."CHILD"
                    AND h."MOTHER_text" IS NOT NULL)
            OR EXISTS (SELECT 1 FROM "w_reviews" r WHERE r."CHILD" = e."CHILD"
                       AND (r."REVIEW_text" IS NOT NULL OR r."REVIEW_CODE_text" IS NOT NULL)))""",
        module="Episodes",
    ),
    row(
        "440",
        "reviews",
        "REVIEW_CODE",
        """"REVIEW_CODE_text" = 'PN0'
        AND "REVIEW" > "DOB" + INTERVAL 4 YEAR""",
    ),
    row(
        "441",
        "reviews",
        "REVIEW_CODE",
        """"REVIEW_CODE_text" IN
        ('PN1', 'PN2', 'PN3', 'PN4', 'PN5', 'PN6', 'PN7') AND "REVIEW" < "DOB" + INTERVAL 4 YEAR""",
    ),
    origin=__name__,
)
