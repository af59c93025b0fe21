"""CIN 2022/23: child in need plans, and how they sit with child protection plans."""

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
    within,
)

P = "CINplanDates"

rule_set("cin", 2023).add(
    row("4000", P, "ReferralNFA", '"ReferralNFA" = true'),
    row("4001", P, "CINPlanEndDate", '"CINPlanEndDate_text" IS NULL AND open_cp_plans > 0'),
    query("4003", "CPPreviewDate", """
        SELECT DISTINCT r."LAchildID", r."CPPreviewDate_text", r._line FROM "w_Reviews" r
        JOIN "CINplanDates" x USING (_child, _cin)
        WHERE r."CPPreviewDate" >= x."CINPlanStartDate"
          AND r."CPPreviewDate" <= coalesce(x."CINPlanEndDate", reference_date())
          AND r."CPPreviewDate" IS DISTINCT FROM r."CPPendDate" """),
    at_most_one("4004", P, "CINPlanEndDate", '"CINPlanEndDate_text" IS NULL', ("_child",)),
    on_or_before("4008", P, "CINPlanStartDate", "PersonDeathDate"),
    on_or_before("4009Q", P, "CINPlanEndDate", "PersonDeathDate", severity=QUERY),
    row("4010", P, "CINPlanStartDate",
        '"CINPlanStartDate" IS NULL OR "CINPlanStartDate" > reference_date()'),
    end_not_before_start("4011", P, "CINPlanStartDate", "CINPlanEndDate"),
    not_same_day("4012Q", P, "CINPlanStartDate", "CINPlanEndDate", severity=QUERY),
    within("4013", P, "CINPlanEndDate"),
    no_overlap("4014", P, "CINPlanStartDate", "CINPlanEndDate", ("_child",), ids=("_cin", "_k")),
    on_or_after("4015", P, "CINPlanStartDate", "CINreferralDate"),
    query("4016", "CINPlanStartDate", """
        SELECT DISTINCT c."LAchildID", c."CINPlanStartDate_text", coalesce(c."_line_CINPlanStartDate", c._line)
        FROM "CINplanDates" c JOIN "ChildProtectionPlans" x USING (_child)
        WHERE c."CINPlanStartDate" >= x."CPPstartDate"
          AND c."CINPlanStartDate" <= coalesce(x."CPPendDate", reference_date())
          AND c."CINPlanStartDate" IS DISTINCT FROM x."CPPendDate" """),
    query("4017", "CPPstartDate", """
        SELECT DISTINCT p."LAchildID", p."CPPstartDate_text", coalesce(p."_line_CPPstartDate", p._line)
        FROM "ChildProtectionPlans" p JOIN "CINplanDates" x USING (_child)
        WHERE p."CPPstartDate" >= x."CINPlanStartDate"
          AND p."CPPstartDate" <= coalesce(x."CINPlanEndDate", reference_date())
          AND p."CPPstartDate" IS DISTINCT FROM x."CINPlanEndDate" """),
    origin=__name__,
)  # fmt: skip
