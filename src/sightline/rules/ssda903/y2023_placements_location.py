"""SSDA903 2022/23, where the child is placed: postcodes and distance (392a-d, 398, 406), the
placement's local authority (411, 420) and this year's first episode against last year's last
(452, 453). The DfE's tool derives the distance (`PL_DISTANCE`, miles), the placement's local
authority (`PL_LA`) and whether it is in the council's area (`PL_LOCATION`) from the postcodes:
`w_episodes_p` takes them from the return where it carries them, else from the postcode list."""

from __future__ import annotations

from dataclasses import replace

from sightline.rules.engine import Rule, rule_set
from sightline.rules.shapes import query, row
from sightline.rules.ssda903.source import LAST_YEAR

EP = "episodes_p"
NOT_RESPITE = "coalesce(\"LS_text\" NOT IN ('V3', 'V4'), true)"
RESPITE = "\"LS_text\" IN ('V3', 'V4')"


def needing(rule: Rule, *needs: str) -> Rule:
    """The rule, not run without `needs`; its findings are on the Episodes table (the derived
    PL_ columns are not in the file's layout)."""
    return replace(rule, needs=needs, module="Episodes")


def against_last(code: str, field: str, differs: str) -> Rule:
    """This year's first episode continues last year's last one, still open, with the same
    reason for new episode: `differs` (t this year, l last year) must not hold. The placement's
    authority and distance come from the postcode list where the return does not carry them."""
    return needing(query(code, field, f"""
        SELECT t."CHILD", CAST(t."{field}" AS VARCHAR), t."_location" FROM "w_episodes_p" t
        JOIN "w_episodes_last_p" l ON l."CHILD" = t."CHILD" AND l.seq = l.n_eps
        WHERE t.seq = 1 AND l."DEC" IS NULL AND t."RNE_text" = l."RNE_text" AND ({differs})""",
        module="Episodes"), LAST_YEAR, "postcodes")  # fmt: skip


rule_set("ssda903", 2023).add(
    needing(
        row("392a", EP, "PL_DISTANCE", f'NOT uasc AND {NOT_RESPITE} AND "PL_DISTANCE" IS NULL'),
        "postcodes",
    ),
    row(
        "392b",
        EP,
        "PL_POST",
        f"""NOT uasc AND {NOT_RESPITE}
        AND ("HOME_POST_text" IS NULL OR "PL_POST_text" IS NULL)""",
    ),
    needing(
        row(
            "392c",
            EP,
            "PL_POST",
            """("HOME_POST_text" IS NOT NULL AND NOT home_post_known)
        OR ("PL_POST_text" IS NOT NULL AND NOT pl_post_known)""",
        ),
        "postcodes",
    ),
    row(
        "392d",
        EP,
        "PL_POST",
        """coalesce("PLACE_text", '') <> 'P1'
        AND upper(replace("HOME_POST_text", ' ', '')) = upper(replace("PL_POST_text", ' ', ''))""",
    ),
    row(
        "398",
        EP,
        "HOME_POST",
        f'{RESPITE} AND ("HOME_POST_text" IS NOT NULL OR "PL_POST_text" IS NOT NULL)',
    ),
    needing(row("406", EP, "PL_DISTANCE", 'uasc AND "PL_DISTANCE" IS NOT NULL'), "postcodes"),
    # Placed inside the council's area (IN), but the placement's authority is another.
    needing(
        row(
            "411",
            EP,
            "PL_LOCATION",
            """upper("PL_LOCATION") = 'IN'
        AND "PL_LA" IS DISTINCT FROM (SELECT any_value(CAST(la AS VARCHAR)) FROM council)""",
        ),
        "council",
    ),
    needing(row("420", EP, "PL_LA", f'{RESPITE} AND "PL_LA" IS NOT NULL'), "postcodes"),
    against_last("452", "PL_LA", 't."PL_LA" IS DISTINCT FROM l."PL_LA"'),
    against_last(
        "453",
        "PL_DISTANCE",
        """round(abs(t."PL_DISTANCE" - l."PL_DISTANCE"), 1) >= 0.2
        OR (l."PL_DISTANCE" IS NULL AND t."PL_DISTANCE" IS NOT NULL)""",
    ),
    origin=__name__,
)
