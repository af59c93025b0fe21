"""CIN 2026/27: the pre-proceedings and family group decision-making module (module 5,
`PreProceedingsandFGDM`, in a referral's CINdetails) and its rules; the rest is the 2025/26 set.

The shipped DfE rule list stops at 2024/25 and names no 2026/27 change, so the codes, types and
messages of this year are in `y2027_rule_info.csv` beside this module (the DfE's messages and rule
text, with their data item numbers). Where the open validator reads a rule differently, the DfE
text decides (docs/validation.md, "2026/27").
"""

from __future__ import annotations

from sightline.rules.engine import QUERY, Rule, rule_set
from sightline.rules.shapes import in_list, query, row, within

PP = "PreProceedingsandFGDM"
IN_PERIOD_OR = '"{f}" < period_start() OR "{f}" > reference_date()'


def _within_and_after(code: str, field: str, earlier: str) -> Rule:
    """<field>, where present, falls in the census period and on or after <earlier> (where that
    is present)."""
    outside = IN_PERIOD_OR.format(f=field)
    return row(code, PP, field, f'{outside} OR "{field}" < "{earlier}"')


rule_set("cin", 2027).add(
    query("8995Q", PP, f"""
        SELECT NULL, NULL, NULL WHERE NOT EXISTS (SELECT 1 FROM "w_{PP}")""", severity=QUERY,
        module=PP),
    row("9000Q", PP, "PPStartDate", '"PPStartDate_text" IS NULL', severity=QUERY),
    within("9005", PP, "PPStartDate"),
    _within_and_after("9006", "LBPSentDate", "PPStartDate"),
    row("9007", PP, "FGDMMeetingOffer",
        '"LBPSentDate_text" IS NOT NULL AND "FGDMMeetingOffer_text" IS NULL'),
    within("9008", PP, "InitialPPMeetingDate"),
    _within_and_after("9009", "StepDecisionDate", "PPStartDate"),
    row("9010Q", PP, "FGDMMeetingFac",
        '"FGDMMeetingOffer" AND "FGDMMeetingFac_text" IS NULL', severity=QUERY),
    in_list("9011", PP, "PPOutcome", ("A", "B", "C")),
    _within_and_after("9012", "CourtAppDate", "StepDecisionDate"),
    _within_and_after("9013", "LetterInitCPDate", "CourtAppDate"),
    row("9015Q", PP, "ReviewMeetingsCount",
        '"InitialPPMeetingDate_text" IS NOT NULL AND "ReviewMeetingsCount_text" IS NULL',
        severity=QUERY),
    origin=__name__,
)  # fmt: skip
