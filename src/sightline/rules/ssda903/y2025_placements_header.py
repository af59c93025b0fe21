"""SSDA903 2024/25, the child's header: UASC under 11 (231), sex unknown (232), and 393 as sex
is now written F."""

from __future__ import annotations

from sightline.rules.engine import rule_set
from sightline.rules.shapes import in_module, row
from sightline.rules.ssda903.y2023_placements_header import NOT_RESPITE, has_episode

rule_set("ssda903", 2025).add(
    # UASC this year: the child has a row in the UASC table.
    in_module(
        "Header",
        row(
            "231",
            "header",
            "DOB",
            """"DOB" > reference_date() - INTERVAL 11 YEAR
        AND "CHILD" IN (SELECT "CHILD" FROM "w_uasc")""",
        ),
    ),
    row("232", "header", "SEX", "upper(\"SEX_text\") = 'U'"),
    origin=__name__,
)
rule_set("ssda903", 2025).replace(
    row(
        "393",
        "header",
        "MOTHER",
        'upper("SEX_text") = \'F\' AND "MOTHER_text" IS NULL AND ' + has_episode(NOT_RESPITE),
    ),
    origin=__name__,
)
