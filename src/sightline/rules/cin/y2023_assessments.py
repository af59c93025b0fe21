"""CIN 2022/23: assessments and the factors identified at them."""

from __future__ import annotations

from sightline.rules.engine import QUERY, rule_set
from sightline.rules.shapes import (
    at_most_one,
    end_not_before_start,
    in_module,
    no_overlap,
    on_or_after,
    query,
    row,
    within,
)

A = "Assessments"
OPEN = '"AssessmentAuthorisationDate_text" IS NULL'

rule_set("cin", 2023).add(
    on_or_after("1103", A, "AssessmentActualStartDate", "CINreferralDate"),
    end_not_before_start("8608", A, "AssessmentActualStartDate", "AssessmentAuthorisationDate"),
    row("8614", A, "AssessmentFactors", f"{OPEN} AND n_factors > 0"),
    row("8670Q", A, "AssessmentActualStartDate",
        f'{OPEN} AND "AssessmentActualStartDate" < ref_minus_45_wd()', severity=QUERY),
    within("8696", A, "AssessmentAuthorisationDate"),
    within("8736", A, "AssessmentActualStartDate", when=OPEN),
    no_overlap("8863Q", A, "AssessmentActualStartDate", "AssessmentAuthorisationDate",
               ("_child", "_cin"), severity=QUERY),
    query("8869", "AssessmentFactors", """
        SELECT "LAchildID", "AssessmentFactors_text", _line FROM "AssessmentFactors"
        WHERE "AssessmentFactors_text" = '21' AND (_child, _cin, _k) IN (
            SELECT (_child, _cin, _k) FROM "AssessmentFactors" WHERE "AssessmentFactors_text" IS NOT NULL
            GROUP BY _child, _cin, _k HAVING count(*) > 1)"""),
    row("8873Q", A, "AssessmentFactors",
        """n_assessments = 1 AND factor_21
           AND coalesce("ReasonForClosure", '') NOT IN ('RC8', 'RC9')""",
        value='"ReasonForClosure"', severity=QUERY),
    in_module("CINdetails", row("8867", A, "AssessmentAuthorisationDate",
                                f'"CINclosureDate" IS NOT NULL AND {OPEN}')),
    at_most_one("8896", A, "AssessmentAuthorisationDate", OPEN, ("_child", "_cin")),
    row("8897Q", A, "AssessmentFactors",
        """"AssessmentAuthorisationDate" >= period_start() AND (n_factors = 0 OR bad_factors > 0)""",
        severity=QUERY),
    at_most_one("8898", "AssessmentFactors", "AssessmentFactors",
                '"AssessmentFactors_text" IS NOT NULL',
                ("_child", "_cin", "_k", '"AssessmentFactors_text"')),
    origin=__name__,
)  # fmt: skip
