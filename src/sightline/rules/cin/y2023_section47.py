"""CIN 2022/23: section 47 enquiries and their initial child protection conferences."""

from __future__ import annotations

from sightline.rules.engine import QUERY, rule_set
from sightline.rules.shapes import (
    at_most_one,
    in_module,
    no_overlap,
    on_or_after,
    row,
    weekday,
    within,
)

S = "Section47"
# No conference yet and one is needed: the enquiry is still open.
AWAITING = '"DateOfInitialCPC_text" IS NULL AND "ICPCnotRequired" IS DISTINCT FROM true'

rule_set("cin", 2023).add(
    in_module(S, on_or_after("1104", S, "DateOfInitialCPC", "CINreferralDate")),
    # The same conference (the same date) recorded on the section 47 and on its CINdetails.
    in_module(S, row("2884", S, "DateOfInitialCPC",
                     '"DateOfInitialCPC" = "CINdetails_DateOfInitialCPC"')),
    on_or_after("2889", S, "S47ActualStartDate", "CINreferralDate"),
    row("8615", S, "S47ActualStartDate", """"DateOfInitialCPC" IS NOT NULL
        AND ("S47ActualStartDate" IS NULL OR "S47ActualStartDate" > "DateOfInitialCPC")"""),
    row("8675Q", S, "S47ActualStartDate",
        """"DateOfInitialCPC_text" IS NULL AND "ICPCnotRequired" = false
           AND "S47ActualStartDate" < ref_minus_15_wd()""", severity=QUERY),
    in_module(S, within("8715", S, "DateOfInitialCPC")),
    within("8740", S, "S47ActualStartDate",
           when='"DateOfInitialCPC_text" IS NULL AND "ICPCnotRequired" = false'),
    in_module(S, at_most_one("8839", S, "DateOfInitialCPC", AWAITING, ("_child", "_cin"))),
    weekday("8870Q", S, "InitialCPCtarget", severity=QUERY),
    in_module(S, weekday("8875", S, "DateOfInitialCPC")),
    row("8868", S, "DateOfInitialCPC",
        f'"CINclosureDate" IS NOT NULL AND {AWAITING}'),
    no_overlap("8890", S, "S47ActualStartDate", "DateOfInitialCPC", ("_child", "_cin"),
               where='?."DateOfInitialCPC" IS NOT NULL OR ?."ICPCnotRequired" IS DISTINCT FROM true'),
    origin=__name__,
)  # fmt: skip
