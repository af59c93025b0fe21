"""CIN 2024/25: Sex (M, F, U) replaces GenderCurrent; the UPN is expected from age 4, not 6; the
LA child ID's length and characters are checked; factor codes 18A and 19A are queried (18B/C and
19B/C replace them)."""

from __future__ import annotations

from sightline.rules.cin.y2023_child import CHILD, FURTHER_ACTION
from sightline.rules.engine import QUERY, rule_set
from sightline.rules.shapes import in_list, query, row

rule_set("cin", 2025).replace(
    in_list("4180", CHILD, "Sex", ("M", "F", "U"), required=True),
    row("8750", CHILD, "Sex",
        """"ExpectedPersonBirthDate_text" IS NOT NULL AND "PersonBirthDate_text" IS NULL
           AND coalesce("Sex_text", '') <> 'U'"""),
    # The DfE text reads "greater than or equal to [ReferenceDate minus 4 years]"; the rule is
    # about children of school age, so a child born on or before that date (docs/validation.md).
    row("8770Q", CHILD, "UPN",
        f"""{FURTHER_ACTION} AND "PersonBirthDate" <= reference_date() - INTERVAL 4 YEAR
            AND "UPN_text" IS NULL AND NOT coalesce(is_code('UPNunknown', "UPNunknown_text"), false)""",
        severity=QUERY),
    query("2886Q", "Sex", """
        SELECT NULL, printf('%.1f%%', share), NULL FROM (
            SELECT 100.0 * count(*) FILTER (
                WHERE coalesce("Sex_text", 'U') = 'U' AND "ExpectedPersonBirthDate_text" IS NULL)
                / count(*) AS share
            FROM "ChildIdentifiers") WHERE share > 2""", severity=QUERY),
    origin=__name__,
)  # fmt: skip
rule_set("cin", 2025).add(
    row("1570", CHILD, "LAchildID", 'length("LAchildID_text") > 20'),
    row("1580", CHILD, "LAchildID", """NOT regexp_full_match("LAchildID_text", '[A-Za-z0-9]+')"""),
    row("8945Q", "AssessmentFactors", "AssessmentFactors", """"AssessmentFactors_text" = '18A'""",
        severity=QUERY),
    row("8950Q", "AssessmentFactors", "AssessmentFactors", """"AssessmentFactors_text" = '19A'""",
        severity=QUERY),
    origin=__name__,
)  # fmt: skip
