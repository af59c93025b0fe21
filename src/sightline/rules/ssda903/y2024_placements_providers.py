"""SSDA903 2023/24: P2 is not a placement type from 28 October 2023 (217t); H5 (now supported
accommodation registered with Ofsted) needs a URN from then (230, 221, 222)."""

from __future__ import annotations

from sightline.rules.engine import rule_set
from sightline.rules.shapes import row
from sightline.rules.ssda903.y2023_placements_providers import (
    EP,
    NO_URN,
    TEMPORARY,
    postcode_matches,
    urn_not_expected,
)  # fmt: skip

rule_set("ssda903", 2024).add(
    # An episode in P2 that ran on past 28 October 2023.
    row(
        "217t",
        EP,
        "PLACE",
        """"PLACE_text" = 'P2'
        AND ("DEC" IS NULL OR "DEC" > DATE '2023-10-28')""",
    ),
    row(
        "230",
        EP,
        "URN",
        f""""PLACE_text" = 'H5'
        AND ("DEC" IS NULL OR "DEC" >= DATE '2023-10-29') AND ({NO_URN})
        AND NOT upper(coalesce("PL_LA", '')) SIMILAR TO '(N|W|S).*'""",
    ),
    origin=__name__,
)
rule_set("ssda903", 2024).replace(
    postcode_matches("221", ("H5", "K1", "K2", "R3", "S1")),
    urn_not_expected("222", ("P1", "P2", "P3", "R1", "R2", "R5", *TEMPORARY, "Z1")),
    origin=__name__,
)
