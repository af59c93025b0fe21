"""CIN 2022/23: the CINdetails module (referral, closure, need) and what may hang off it."""

from __future__ import annotations

from sightline.rules.engine import QUERY, rule_set
from sightline.rules.shapes import (
    at_most_one,
    in_module,
    no_overlap,
    on_or_after,
    on_or_before,
    required,
    row,
    valid_code,
    within,
)

D = "CINdetails"


CLOSED = '"CINclosureDate"'

rule_set("cin", 2023).add(
    on_or_before("8555Q", D, "CINreferralDate", "PersonDeathDate", severity=QUERY),
    row("8565", D, "CINclosureDate", f"""{CLOSED} < greatest(
        "DateOfInitialCPC", assessments_last_start, assessments_last_auth, section47_last_start,
        section47_last_icpc, cp_plans_last_end, cin_plans_last_start, cin_plans_last_end)"""),
    row("8568", D, "ReferralNFA",
        """"ReferralNFA_text" IS NULL OR lower("ReferralNFA_text") NOT IN ('0', '1', 'true', 'false')"""),
    row("8569Q", D, "ReferralNFA",
        '"CINreferralDate" < start_minus_1_wd() AND "ReferralNFA" IS DISTINCT FROM false', severity=QUERY),
    row("8585Q", D, "ReasonForClosure",
        """"ReasonForClosure_text" = 'RC2' AND "PersonDeathDate" IS NULL""", severity=QUERY),
    row("8600", D, "CINreferralDate",
        '"CINreferralDate" IS NULL OR "CINreferralDate" > reference_date()'),
    row("8606", D, "CINreferralDate",
        """"CINreferralDate" < "PersonBirthDate" - INTERVAL 280 DAY
           OR "CINreferralDate" < "ExpectedPersonBirthDate" - INTERVAL 280 DAY"""),
    required("8610", D, "PrimaryNeedCode", when='"ReferralNFA" = false'),
    within("8620", D, "CINclosureDate"),
    on_or_after("8630", D, "CINclosureDate", "CINreferralDate"),
    valid_code("8640", D, "ReasonForClosure"),
    valid_code("8650", D, "PrimaryNeedCode"),
    row("8805", D, "ReasonForClosure",
        '"CINclosureDate_text" IS NOT NULL AND "ReasonForClosure_text" IS NULL'),
    row("8810", D, "CINclosureDate",
        '"ReasonForClosure_text" IS NOT NULL AND "CINclosureDate_text" IS NULL'),
    at_most_one("8815", D, "CINclosureDate",
                '"CINclosureDate_text" IS NULL AND "ReferralNFA" = false', ("_child",)),
    row("8816", D, "CINreferralDate",
        """"CINclosureDate_text" IS NULL AND "ReferralNFA" = false
           AND "CINreferralDate" < last_referral"""),
    no_overlap("8820", D, "CINreferralDate", "CINclosureDate", ("_child",), ids=("_cin",),
               where='?."CINclosureDate" IS NOT NULL OR ?."ReferralNFA" = false',
               # A referral on the day the other episode closed starts after it.
               strict=True),
    row("8825Q", D, "ReasonForClosure",
        """"ReasonForClosure_text" IN ('RC8', 'RC9') AND n_assessments = 0""",
        severity=QUERY),
    row("8831", D, "ReferralNFA", """"ReferralNFA" = true
        AND ("DateOfInitialCPC" IS NOT NULL OR assessments_dated OR section47_dated)"""),
    row("8866", D, "ReferralSource",
        """"CINreferralDate" >= DATE '2013-04-01' AND ("ReferralSource_text" IS NULL
           OR NOT is_code('ReferralSource', "ReferralSource_text"))"""),
    row("2990", D, "ReasonForClosure", """"ReasonForClosure_text" IN ('RC8', 'RC9') AND (
        "DateOfInitialCPC" IS NOT NULL OR n_section47 > 0 OR n_cp_plans > 0 OR n_cin_plans > 0)"""),
    in_module(D, row("2991Q", D, "Assessments",
                     "n_section47 > 0 AND n_assessments = 0", severity=QUERY)),
    origin=__name__,
)  # fmt: skip
