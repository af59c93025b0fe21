"""SSDA903 2022/23, placement providers: every placement but a temporary one names its provider
(526); a provider code fits the placement (527-531, 550); a URN is one of Ofsted's (1008).

Ofsted's list of providers (`providers`, loaded beside the return) has the columns the DfE's tool
reads from Ofsted's children's homes and social care providers lists: URN, LA_NAME_FROM_FILE,
PLACE_CODES, PROVIDER_CODES, REG_END, POSTCODE, LA_CODE_INFERRED, LA_NAME_INFERRED.

The council's own provision placed outside its area (1015) reads the placement's authority from
the postcode reference and the council's code (see `y2023_care_continuity`)."""

from __future__ import annotations

from dataclasses import replace

from sightline.rules.engine import Rule, rule_set
from sightline.rules.shapes import query, row
from sightline.rules.ssda903.y2023_care_continuity import with_placement_area


def _listed(values: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


def provider_missing(code: str, temporary: tuple[str, ...]) -> Rule:
    """The placement, other than a temporary one (`temporary`), names its provider."""
    return row(code, "episodes", "PLACE_PROVIDER",
               f'"PLACE_PROVIDER_text" IS NULL AND "PLACE_text" IS NOT NULL '
               f'AND "PLACE_text" NOT IN {_listed(temporary)}')  # fmt: skip


def provider_cannot(code: str, provider: str, places: tuple[str, ...]) -> Rule:
    return row(code, "episodes", "PLACE_PROVIDER",
               f"\"PLACE_PROVIDER_text\" = '{provider}' AND \"PLACE_text\" IN {_listed(places)}")  # fmt: skip


TEMPORARY_2023 = ("T0", "T1", "T2", "T3", "T4", "Z1")
FOSTERING_OR_ADOPTION_2023 = ("A3", "A4", "A5", "A6", "U1", "U2", "U3", "U4", "U5", "U6")


def own_provision_elsewhere(places: tuple[str, ...]) -> Rule:
    """1015: the council's own provision (PR1), other than fostering or adoption (`places`) and
    short breaks (V3, V4), is in its own area; a placement whose authority the postcode
    reference does not give is not judged."""
    return replace(
        query(
            "1015",
            "PL_LA",
            f"""
        SELECT "CHILD", "PL_LA", "_location" FROM {with_placement_area("w_episodes", True)}
        WHERE "PLACE_PROVIDER_text" = 'PR1' AND "PLACE_text" NOT IN {_listed(places)}
          AND "LS_text" NOT IN ('V3', 'V4') AND "PL_LA" IS NOT NULL
          AND "PL_LA" NOT IN (SELECT CAST(la AS VARCHAR) FROM "council")
        """,
            module="Episodes",
        ),
        needs=("postcodes", "council"),
    )


rule_set("ssda903", 2023).add(
    provider_missing("526", TEMPORARY_2023),
    provider_cannot("527", "PR1", ("P1", "R2", "R5")),
    provider_cannot("528", "PR2", ("P1", "R2", "R5")),
    provider_cannot("529", "PR3", ("P1", "A3", "A4", "A5", "A6", "K1", "K2",
                                   "U1", "U2", "U3", "U4", "U5", "U6")),
    provider_cannot("530", "PR4", ("P1",)),
    provider_cannot("531", "PR5", ("P1",)),
    row("550", "episodes", "PLACE_PROVIDER",
        "\"PLACE_PROVIDER_text\" = 'PR0' AND coalesce(\"PLACE_text\", '') <> 'P1'"),
    # A URN (other than XXXXXXX, no URN) is on Ofsted's lists.
    replace(query("1008", "URN", """
        SELECT e."CHILD", e."URN_text", e."_location" FROM "w_episodes" e
        WHERE e."URN_text" IS NOT NULL AND upper(e."URN_text") <> 'XXXXXXX'
          AND e."URN_text" NOT IN (
              SELECT trim(CAST("URN" AS VARCHAR)) FROM "providers" WHERE "URN" IS NOT NULL)
        """, module="Episodes"), needs=("providers",)),
    own_provision_elsewhere(FOSTERING_OR_ADOPTION_2023),
    origin=__name__,
)  # fmt: skip
