"""SSDA903 2022/23, the placement's provider: where a URN is required or not (214, 218, 222)
and, with Ofsted's provider lists loaded, whether the URN agrees with the placement type,
postcode and provider (219, 221, 224), was registered at the time (227, 228) and is in or out of
the council's area as the provider code says (229). Rules read `w_episodes_p` and
`b_providers`."""

from __future__ import annotations

from dataclasses import replace

from sightline.rules.engine import Rule, rule_set
from sightline.rules.shapes import query, row

EP = "episodes_p"
TEMPORARY = ("T0", "T1", "T2", "T3", "T4")
NO_URN = '"URN_text" IS NULL OR upper("URN_text") = \'XXXXXXX\''
GIVEN_URN = '"URN_text" IS NOT NULL AND upper("URN_text") <> \'XXXXXXX\''
# Placed outside England (the placement's local authority, where known).
OUTSIDE_ENGLAND = "upper(coalesce(\"PL_LA\", '')) SIMILAR TO '(N|W|S|C).*'"


def listed(codes: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"'{c}'" for c in codes) + ")"


def urn_required(code: str, exempt: tuple[str, ...], outside: str = OUTSIDE_ENGLAND) -> Rule:
    """Episodes open in the year, in a placement Ofsted registers, in England: a URN."""
    return row(
        code,
        EP,
        "URN",
        f"""("DEC" IS NULL OR "DEC" >= period_start())
        AND "URN_text" IS NULL AND "PLACE_text" NOT IN {listed(exempt)} AND NOT ({outside})""",
    )


def urn_not_expected(code: str, places: tuple[str, ...]) -> Rule:
    return row(code, EP, "URN", f'"PLACE_text" IN {listed(places)} AND {GIVEN_URN}')


def with_provider(
    code: str,
    field: str,
    fails: str,
    where: str = "true",
    *,
    joins: str = "",
    needs: tuple[str, ...] = ("providers",),
) -> Rule:
    """A rule on episodes with a URN, joined to Ofsted's list (p; null where the URN is not
    on it)."""
    sql = f"""
        SELECT e."CHILD", e."{field}_text", e."_location" FROM "w_episodes_p" e
        LEFT JOIN b_providers p ON p.urn = upper(trim(e."URN_text")) {joins}
        WHERE e."URN_text" IS NOT NULL AND upper(e."URN_text") <> 'XXXXXXX'
          AND ({where}) AND ({fails})"""
    return replace(query(code, field, sql, module="Episodes"), needs=needs)


def postcode_matches(code: str, places: tuple[str, ...]) -> Rule:
    return with_provider(
        code, "PL_POST",
        "p.postcode IS DISTINCT FROM upper(replace(e.\"PL_POST_text\", ' ', ''))",
        f"""coalesce(e."LS_text" NOT IN ('V3', 'V4'), true)
            AND e."PLACE_text" IN {listed(places)} AND e."PL_POST_text" IS NOT NULL""",
    )  # fmt: skip


def provider_area(code: str, exempt: tuple[str, ...] = ()) -> Rule:
    """PR1 (the council's own provision) is in the council's area, PR2 (another council's) is
    not, by the local authority of the provider's postcode."""
    return with_provider(
        code, "PLACE_PROVIDER",
        """(e."PLACE_PROVIDER_text" = 'PR1' AND pc.la IS DISTINCT FROM c.la)
           OR (e."PLACE_PROVIDER_text" = 'PR2' AND pc.la = c.la)""",
        f'e."PLACE_text" NOT IN {listed(exempt)}' if exempt else "true",
        joins="LEFT JOIN b_postcodes pc ON pc.pc = p.postcode "
        "CROSS JOIN (SELECT any_value(CAST(la AS VARCHAR)) AS la FROM council) c",
        needs=("providers", "postcodes", "council"),
    )  # fmt: skip


EXEMPT_2023 = ("H5", "P1", "P2", "P3", "R1", "R2", "R5", *TEMPORARY, "Z1")

rule_set("ssda903", 2023).add(
    row(
        "214",
        EP,
        "PL_POST",
        """"LS_text" IN ('V3', 'V4')
        AND ("PL_POST_text" IS NOT NULL OR "URN_text" IS NOT NULL)""",
    ),
    urn_required("218", EXEMPT_2023),
    with_provider(
        "219", "URN", "p.urn IS NULL OR strpos(p.place_codes, ',' || e.\"PLACE_text\" || ',') = 0"
    ),
    postcode_matches("221", ("K1", "K2", "R3", "S1")),
    urn_not_expected("222", EXEMPT_2023),
    with_provider(
        "224",
        "PLACE_PROVIDER",
        'p.urn IS NULL OR e."PLACE_PROVIDER_text" IS NULL '
        "OR strpos(p.provider_codes, ',' || e.\"PLACE_PROVIDER_text\" || ',') = 0",
    ),
    # The provider was registered when the placement began: not closed by then (the DfE's
    # text), nor registered only later (the list's registration date).
    with_provider("227", "URN", 'e."DECOM" >= p.closed OR e."DECOM" < p.registered'),
    with_provider("228", "URN", 'coalesce(e."DEC", reference_date()) > p.closed'),
    provider_area("229"),
    origin=__name__,
)
