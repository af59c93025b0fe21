"""CIN 2022/23: the header, the child's identifiers and characteristics, and the council-level
queries (the DfE rule text is in specs/cin/cin_rule_info.csv; each rule's cases are beside it)."""

from __future__ import annotations

from sightline.rules.engine import QUERY, rule_set
from sightline.rules.shapes import (
    at_most_one,
    on_or_after,
    on_or_before,
    query,
    required,
    row,
    unique,
    valid_code,
    within,
)

CHILD = "ChildIdentifiers"
# The child has a CINdetails module that is not a referral with no further action.
FURTHER_ACTION = "further_action"
UPN_PRESENT = '"UPN_text" IS NOT NULL'

rule_set("cin", 2023).add(
    row("100", "Header", "ReferenceDate",
        """"ReferenceDate" IS NULL
           OR "ReferenceDate" <> make_date(TRY_CAST("Year" AS INTEGER), 3, 31)"""),
    row("1510", CHILD, "UPN",
        f"""{UPN_PRESENT} AND length("UPN") = 13
            AND substr("UPN", 1, 1) <> upn_check_letter("UPN")"""),
    unique("1520", CHILD, "UPN"),
    row("1530", CHILD, "UPN",
        f"""{UPN_PRESENT} AND length("UPN") = 13
            AND substr("UPN", 2, 3) NOT IN (SELECT code FROM la_codes)"""),
    row("1540", CHILD, "UPN",
        f"""{UPN_PRESENT} AND NOT regexp_full_match(substr("UPN", 5, 8), '[0-9]{{8}}')"""),
    row("1550", CHILD, "UPN",
        f"""{UPN_PRESENT} AND NOT regexp_full_match(substr("UPN", 13, 1), '[0-9A-HJ-NP-RT-Z]')"""),
    row("1560Q", CHILD, "FormerUPN",
        # The UPN's format (data item N00001), check letter included.
        """"FormerUPN_text" IS NOT NULL AND (
            NOT regexp_full_match("FormerUPN", '[A-HJ-NP-RT-Z][0-9]{11}[0-9A-HJ-NP-RT-Z]')
            OR substr("FormerUPN", 1, 1) <> upn_check_letter("FormerUPN"))""",
        severity=QUERY),
    valid_code("4180", CHILD, "GenderCurrent", required=True),
    valid_code("4220", CHILD, "Ethnicity", required=True),
    required("8500", CHILD, "LAchildID"),
    unique("8510", CHILD, "LAchildID"),
    on_or_before("8520", CHILD, "PersonBirthDate", "reference_date()"),
    row("8525Q", CHILD, "PersonBirthDate",
        '("PersonBirthDate_text" IS NULL) = ("ExpectedPersonBirthDate_text" IS NULL)',
        severity=QUERY),
    row("8530Q", CHILD, "ExpectedPersonBirthDate",
        """"ExpectedPersonBirthDate" < reference_date() - INTERVAL 30 DAY
           OR "ExpectedPersonBirthDate" > reference_date() + INTERVAL 9 MONTH""",
        severity=QUERY),
    on_or_after("8535Q", CHILD, "PersonDeathDate", "PersonBirthDate", severity=QUERY),
    within("8545Q", CHILD, "PersonDeathDate", severity=QUERY),
    row("8590", CHILD, "LAchildID",
        "n_cin_details = 0"),
    row("8750", CHILD, "GenderCurrent",
        """"ExpectedPersonBirthDate_text" IS NOT NULL AND "PersonBirthDate_text" IS NULL
           AND coalesce("GenderCurrent_text", '') <> '0'"""),
    row("8770Q", CHILD, "UPN",
        f"""{FURTHER_ACTION} AND "PersonBirthDate" < reference_date() - INTERVAL 6 YEAR
            AND "UPN_text" IS NULL AND NOT coalesce(is_code('UPNunknown', "UPNunknown_text"), false)""",
        severity=QUERY),
    row("8772", CHILD, "UPNunknown",
        """"UPNunknown_text" = 'UN7' AND NOT all_nfa"""),
    row("8775Q", "CINdetails", "PersonBirthDate",
        """"PersonBirthDate" < reference_date() - INTERVAL 25 YEAR
           AND ("CINclosureDate" IS NULL OR "CINclosureDate" > "PersonBirthDate" + INTERVAL 25 YEAR)""",
        severity=QUERY),
    # Disabilities
    query("8540", "Disability", f"""
        SELECT "LAchildID", NULL, _line FROM "w_ChildIdentifiers"
        WHERE "PersonBirthDate" IS NOT NULL AND {FURTHER_ACTION}
          AND n_disabilities = 0
        UNION ALL
        SELECT "LAchildID", "Disability_text", _line FROM "Disabilities"
        WHERE "Disability_text" IS NULL OR NOT is_code('Disability', "Disability_text")"""),
    query("8790", "Disability", """
        SELECT "LAchildID", "Disability_text", _line FROM "Disabilities"
        WHERE "Disability_text" = 'NONE' AND _child IN (
            SELECT _child FROM "Disabilities" GROUP BY _child
            HAVING bool_or("Disability_text" <> 'NONE'))"""),
    at_most_one("8794", "Disabilities", "Disability", '"Disability_text" IS NOT NULL',
                ("_child", '"Disability_text"')),
    # Council-level queries: no one child fails them.
    query("2886Q", "GenderCurrent", """
        SELECT NULL, printf('%.1f%%', share), NULL FROM (
            SELECT 100.0 * count(*) FILTER (
                WHERE coalesce("GenderCurrent_text", '0') = '0'
                  AND "ExpectedPersonBirthDate_text" IS NULL) / count(*) AS share
            FROM "ChildIdentifiers") WHERE share > 2""", severity=QUERY),
    query("2887Q", "Disability", """
        SELECT NULL, CAST(count(DISTINCT "Disability_text") AS VARCHAR), NULL FROM "Disabilities"
        WHERE "Disability_text" <> 'NONE' HAVING count(DISTINCT "Disability_text") <= 7""",
          severity=QUERY),
    query("2888Q", "Disability", """
        SELECT NULL, NULL, NULL WHERE NOT EXISTS (
            SELECT _child FROM "Disabilities" WHERE "Disability_text" <> 'NONE'
            GROUP BY _child HAVING count(DISTINCT "Disability_text") > 1)""", severity=QUERY),
    origin=__name__,
)  # fmt: skip
