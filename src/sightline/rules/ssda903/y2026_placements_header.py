"""SSDA903 2025/26, the child's header: a UPN reported for two children (444)."""

from __future__ import annotations

from sightline.rules.engine import rule_set
from sightline.rules.shapes import row

rule_set("ssda903", 2026).add(
    row(
        "444",
        "header",
        "UPN",
        """"UPN_text" IS NOT NULL
        AND upper("UPN_text") NOT IN ('UN1', 'UN2', 'UN3', 'UN4', 'UN5')
        AND (SELECT count(*) FROM "w_header" o WHERE upper(o."UPN_text") = upper("w_header"."UPN_text")) > 1""",
    ),
    origin=__name__,
)
