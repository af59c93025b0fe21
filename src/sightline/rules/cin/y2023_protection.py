"""CIN 2022/23: child protection plans and their reviews."""

from __future__ import annotations

from sightline.rules.engine import QUERY, rule_set
from sightline.rules.shapes import (
    at_most_one,
    end_not_before_start,
    no_overlap,
    not_same_day,
    on_or_after,
    on_or_before,
    query,
    row,
    valid_code,
    within,
)

C = "ChildProtectionPlans"
IN_PERIOD = "BETWEEN period_start() AND reference_date()"

rule_set("cin", 2023).add(
    on_or_after("1105", C, "CPPstartDate", "CINreferralDate"),
    query("2883", "CPPstartDate", f"""
        SELECT NULL, CAST(plans AS VARCHAR), NULL FROM (
            SELECT (SELECT count(*) FROM "ChildProtectionPlans" WHERE "CPPstartDate" {IN_PERIOD}) AS plans,
                   (SELECT count(*) FROM "CINdetails" WHERE "DateOfInitialCPC" {IN_PERIOD})
                 + (SELECT count(*) FROM "Section47" WHERE "DateOfInitialCPC" {IN_PERIOD}) AS conferences)
        WHERE plans > conferences"""),
    # On the date of an initial conference of the plan's section 47 enquiries, or of the CINdetails
    # when it has no section 47 enquiry.
    query("2885", "CPPstartDate", f"""
        SELECT p."LAchildID", p."CPPstartDate_text", coalesce(p."_line_CPPstartDate", p._line)
        FROM "w_ChildProtectionPlans" p
        WHERE p."CPPstartDate" {IN_PERIOD}
          AND NOT EXISTS (SELECT 1 FROM "Section47" x WHERE x._child = p._child AND x._cin = p._cin
                          AND x."DateOfInitialCPC" = p."CPPstartDate")
          AND NOT (p.n_section47 = 0 AND p."CINdetails_DateOfInitialCPC" = p."CPPstartDate")"""),
    row("8720", C, "CPPstartDate", '"CPPstartDate" IS NULL OR "CPPstartDate" > reference_date()'),
    row("8730", C, "NumberOfPreviousCPP",
        'coalesce(TRY_CAST("NumberOfPreviousCPP_text" AS INTEGER), -1) < 0'),
    row("8832", C, "ReferralNFA", '"ReferralNFA" = true', value='CAST("ReferralNFA" AS VARCHAR)'),
    not_same_day("8840", C, "CPPendDate", "CPPstartDate"),
    row("8841", "Reviews", "CPPreviewDate", '"CPPreviewDate" <= "CPPstartDate"'),
    row("8842Q", "Reviews", "CPPreviewDate", '"CPPreviewDate" IS NULL', severity=QUERY),
    valid_code("8905", C, "InitialCategoryOfAbuse", required=True),
    valid_code("8910", C, "LatestCategoryOfAbuse", required=True),
    on_or_before("8915", C, "CPPstartDate", "PersonDeathDate"),
    on_or_before("8920", C, "CPPendDate", "PersonDeathDate"),
    end_not_before_start("8925", C, "CPPstartDate", "CPPendDate"),
    within("8930", C, "CPPendDate"),
    at_most_one("8935", C, "CPPendDate", '"CPPendDate_text" IS NULL', ("_child",)),
    no_overlap("8940", C, "CPPstartDate", "CPPendDate", ("_child",), ids=("_cin", "_k")),
    origin=__name__,
)  # fmt: skip
