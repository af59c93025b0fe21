"""SSDA903 2022/23, the child's episodes, care leaver, health and identity items (131-179): each
code is the year's, each date a date; an episode that is followed by another has ended; care
leaver and adoption items are not both completed; the substance misuse items agree; the mother
status fits the child's sex and time in care; the placement postcodes resolve (with a postcode
reference)."""

from __future__ import annotations

from dataclasses import replace

from sightline.rules.engine import Rule, rule_set
from sightline.rules.shapes import row
from sightline.rules.ssda903._children import (
    CONTINUOUSLY_LOOKED_AFTER,
    FEMALE,
    MALE,
    any_blank,
    any_written,
    blank,
    cell,
    code_of_year,
    not_a_date,
    one_of,
    sql,
)

OC3_ITEMS = ("IN_TOUCH", "ACTIV", "ACCOM")
AD1_ITEMS = ("DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR")
# The DfE's accommodation codes: no fixed abode (S) and custody (X) are never suitable (1).
ACCOM = (
    *(f"{kind}{suitable}" for kind in "BCDEGHKRSTUVWXYZ" for suitable in "12"
      if f"{kind}{suitable}" not in ("S1", "X1")),
    "0",
)  # fmt: skip
# Placement types with no placement provider (2022/23 to 2024/25).
NO_PROVIDER = "('T0', 'T1', 'T2', 'T3', 'T4', 'Z1')"
# A UPN: a letter (not I, O or S), then 12 digits or 11 digits and a letter; or UN1 to UN5.
UPN = "^([A-HJ-NP-RT-Z]([0-9]{12}|[0-9]{11}[A-Z])|UN[1-5])$"


def placement_provider(code: str, no_provider: str) -> Rule:
    """If written, PLACE_PROVIDER is a code of the year's list and the placement type is one
    that has a provider."""
    return cell(code, "episodes", "PLACE_PROVIDER",
                "\"PLACE_PROVIDER_text\" IS NOT NULL AND (NOT is_code('PLACE_PROVIDER', "
                f'"PLACE_PROVIDER_text") OR "PLACE_text" IN {no_provider})')  # fmt: skip


# The placement's postcode is found in the postcode reference (the DfE derives the placement's
# local authority, location and distance from it; `w_episodes_p` holds them); short breaks (V3,
# V4) need none. Findings are on the Episodes table.
_PLACEMENT_UNRESOLVED = """coalesce("LS_text", '') NOT IN ('V3', 'V4') AND "{given}" IS NULL
    AND NOT coalesce(pl_post_known, false)"""


def _placed(code: str, field: str, fails: str, **check: str) -> Rule:
    rule = row(code, "episodes_p", field, fails, **check)
    return replace(rule, module="Episodes", needs=("postcodes",))


rule_set("ssda903", 2023).add(
    one_of("131", "oc3", "IN_TOUCH", ("YES", "NO", "DIED", "REFU", "NREQ", "RHOM"),
           required=True),
    code_of_year("132", "oc3", "ACTIV", required=True),
    one_of("133", "oc3", "ACCOM", ACCOM, required=True),
    # A child with adoption data in AD1 has no care leaver data in OC3.
    sql("134", "ad1", "DATE_INT", f"""
        SELECT a."CHILD", a."DATE_INT_text", a."_location" FROM "w_ad1" a
        WHERE {any_written(*AD1_ITEMS)} AND a."CHILD" IN (
            SELECT "CHILD" FROM "w_oc3" WHERE "CHILD" IS NOT NULL AND {any_written(*OC3_ITEMS)})
    """),
    not_a_date("141", "episodes", "DECOM"),
    # Every episode but the child's latest has an end date and a reason.
    sql("142", "episodes", "DEC", """
        SELECT "CHILD", "DEC_text", "_location" FROM (
            SELECT *, row_number() OVER (
                PARTITION BY "CHILD" ORDER BY "DECOM" DESC, "_row" DESC) AS from_last
            FROM "w_episodes" WHERE "DECOM" IS NOT NULL AND "CHILD" IS NOT NULL
        ) WHERE from_last > 1 AND ("DEC_text" IS NULL OR "REC_text" IS NULL)
    """),
    code_of_year("143", "episodes", "RNE"),
    code_of_year("144", "episodes", "LS"),
    code_of_year("145", "episodes", "CIN"),
    code_of_year("146", "episodes", "PLACE"),
    not_a_date("147", "episodes", "DEC"),
    cell("148", "episodes", "DEC", '("DEC_text" IS NULL) <> ("REC_text" IS NULL)'),
    code_of_year("149", "episodes", "REC"),
    cell("151", "ad1", "DATE_INT",
         f"{any_written(*AD1_ITEMS)} AND {any_blank(*AD1_ITEMS)}"),
    cell("153", "oc3", "IN_TOUCH",
         f"{any_written(*OC3_ITEMS)} AND {any_blank(*OC3_ITEMS)}"),
    # SDQ1 (the child was under 4 or over 17) for a child of 4 at the start of the year and 16
    # or under at its end, looked after for 12 months.
    sql("157", "oc2", "SDQ_REASON", f"""
        SELECT "CHILD", "SDQ_REASON_text", "_location" FROM "w_oc2"
        WHERE "SDQ_REASON_text" = 'SDQ1' AND "SDQ_SCORE_text" IS NULL
          AND "DOB" + INTERVAL 4 YEAR <= collection_start()
          AND "DOB" + INTERVAL 16 YEAR >= collection_end()
          AND "CHILD" IN ({CONTINUOUSLY_LOOKED_AFTER})
    """),
    cell("158", "oc2", "INTERVENTION_OFFERED",
         '"INTERVENTION_RECEIVED_text" = \'1\' AND "INTERVENTION_OFFERED_text" IS NOT NULL'),
    cell("159", "oc2", "INTERVENTION_OFFERED",
         '"SUBSTANCE_MISUSE_text" = \'1\' AND "INTERVENTION_RECEIVED_text" = \'0\' AND '
         + blank("INTERVENTION_OFFERED")),
    # The distance between home and placement, where known (derived from both postcodes, or as
    # the return writes it), is 0 to 999.9 miles (children who are or were UASC are not checked;
    # a distance that cannot be derived is 392a's, a postcode not found 392c's).
    _placed("164", "PL_DISTANCE",
            'NOT uasc AND ("PL_DISTANCE" < 0 OR "PL_DISTANCE" > 999.9)'),
    # The mother status: 0 or 1; not for boys; for girls looked after in the year, and not for
    # girls only in the care leavers' table.
    sql("165", "header", "MOTHER", f"""
        WITH in_year AS (
            SELECT DISTINCT "CHILD" FROM "w_episodes"
            WHERE "CHILD" IS NOT NULL AND coalesce("LS_text", '') NOT IN ('V3', 'V4')
              AND "DECOM" <= collection_end()
              AND coalesce("DEC", collection_end()) >= collection_start()),
        leavers AS (
            SELECT DISTINCT "CHILD" FROM "w_oc3"
            WHERE "CHILD" IS NOT NULL AND {any_written(*OC3_ITEMS)})
        SELECT h."CHILD", h."MOTHER_text", h."_location" FROM "w_header" h
        WHERE (h."MOTHER_text" IS NOT NULL AND h."MOTHER_text" NOT IN ('0', '1'))
           OR (h."MOTHER_text" IS NOT NULL AND h."SEX_text" IN {MALE})
           OR (h."MOTHER_text" IS NULL AND h."SEX_text" IN {FEMALE}
               AND h."CHILD" IN (SELECT "CHILD" FROM in_year))
           OR (h."MOTHER_text" IS NOT NULL AND h."SEX_text" IN {FEMALE}
               AND h."CHILD" NOT IN (SELECT "CHILD" FROM in_year)
               AND h."CHILD" IN (SELECT "CHILD" FROM leavers))
    """),
    not_a_date("166", "reviews", "REVIEW", required=True),
    cell("167", "reviews", "REVIEW_CODE",
         "NOT ((\"REVIEW_text\" IS NOT NULL "
         "AND coalesce(is_code('REVIEW_CODE', \"REVIEW_CODE_text\"), false)) "
         'OR ("REVIEW_text" IS NULL AND "REVIEW_CODE_text" IS NULL))'),
    cell("168", "header", "UPN",
         f"\"UPN_text\" IS NOT NULL AND NOT regexp_full_match(\"UPN_text\", '{UPN}')"),
    _placed("169", "PL_LA", _PLACEMENT_UNRESOLVED.format(given="PL_LA"), value='"PL_POST_text"'),
    not_a_date("171", "header", "MC_DOB"),
    cell("174", "header", "MC_DOB", f'"SEX_text" IN {MALE} AND "MC_DOB_text" IS NOT NULL'),
    one_of("175", "ad1", "NB_ADOPTR", ("1", "2")),
    code_of_year("176", "ad1", "SEX_ADOPTR"),
    code_of_year("177", "ad1", "LS_ADOPTR"),
    placement_provider("178", NO_PROVIDER),
    _placed("179", "PL_LOCATION", _PLACEMENT_UNRESOLVED.format(given="PL_LOCATION"), value='"PL_POST_text"'),
    origin=__name__,
)  # fmt: skip
