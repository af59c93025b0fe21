"""SSDA903 2022/23, adoption: the adopters in AD1 (511-525), the decisions to place a child for
adoption (551-563, 579, 583, 1003), last year's decisions (559-561, 584) and adoptions in the
year (582, 601, 602).

A rule that joins two tables reports the row of each table that the analyst may need to correct
(the episode and the decision, the episode and the adopters), as the DfE's tool does, each under
its own table's name."""

from __future__ import annotations

from dataclasses import replace

from sightline.rules.engine import Rule, rule_set
from sightline.rules.shapes import query, row

PLACED_FOR_ADOPTION = "('A3', 'A4', 'A5', 'A6')"
ADOPTED = "('E11', 'E12')"
AD1_FIELDS = ("DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR")


def last_year(rule: Rule) -> Rule:
    return replace(rule, needs=("last_year",))


def _adopters(code: str, status: str, sexes: tuple[str, ...]) -> Rule:
    listed = ", ".join(f"'{s}'" for s in sexes)
    return row(
        code, "ad1", "SEX_ADOPTR",
        f"\"LS_ADOPTR_text\" = '{status}' AND coalesce(\"SEX_ADOPTR_text\", '') NOT IN ({listed})",
    )  # fmt: skip


def left_care_not_adopted(orders: tuple[str, ...]) -> Rule:
    """557: placed for adoption or under one of `orders` (placement order E1; freeing order D1
    to 2023/24), left care not adopted: the decision's end (date and reason) is recorded. The
    episode, and each decision row without its end."""
    listed = ", ".join(f"'{o}'" for o in orders)
    return query("557", "DATE_PLACED_CEASED", f"""
        WITH left_care AS (
            SELECT * FROM "w_episodes"
            WHERE ("PLACE_text" IN {PLACED_FOR_ADOPTION} OR "LS_text" IN ({listed}))
              AND "REC_text" IS NOT NULL AND "REC_text" NOT IN {ADOPTED} AND "REC_text" <> 'X1')
        SELECT e."CHILD", e."REC_text", e."_location", 'Episodes' FROM left_care e
        WHERE NOT EXISTS (SELECT 1 FROM "w_placed_for_adoption" p WHERE p."CHILD" = e."CHILD"
                          AND p."DATE_PLACED_CEASED_text" IS NOT NULL
                          AND p."REASON_PLACED_CEASED_text" IS NOT NULL)
        UNION ALL
        SELECT DISTINCT p."CHILD", p."DATE_PLACED_CEASED_text", p."_location", 'PlacedAdoption'
        FROM "w_placed_for_adoption" p JOIN left_care e USING ("CHILD")
        WHERE p."DATE_PLACED_CEASED_text" IS NULL OR p."REASON_PLACED_CEASED_text" IS NULL
        """, module="PlacedAdoption", tables=True)  # fmt: skip


def order_without_decision(code: str, order: str) -> Rule:
    """553 (placement order E1), 555 (freeing order D1): an order is granted, so a decision to
    place for adoption is recorded (the episode is reported), and while the order's episode is
    open the decision has not ceased (the decision is reported)."""
    return query(code, "DATE_PLACED", f"""
        SELECT e."CHILD", e."LS_text", e."_location", 'Episodes' FROM "w_episodes" e
        WHERE e."LS_text" = '{order}' AND NOT EXISTS (
            SELECT 1 FROM "w_placed_for_adoption" p WHERE p."CHILD" = e."CHILD")
        UNION ALL
        SELECT DISTINCT p."CHILD", p."DATE_PLACED_CEASED_text", p."_location", 'PlacedAdoption'
        FROM "w_placed_for_adoption" p JOIN "w_episodes" e USING ("CHILD")
        WHERE e."LS_text" = '{order}' AND e."DEC_text" IS NULL
          AND (p."DATE_PLACED_CEASED_text" IS NOT NULL OR p."REASON_PLACED_CEASED_text" IS NOT NULL)
        """, module="PlacedAdoption", tables=True)  # fmt: skip


def decision_against_first_episode(
    code: str, episodes: str, fails: str, *, latest_only: bool = False
) -> Rule:
    """The child's first episode where `episodes` beside each decision to place for adoption
    (or only the latest, by its date), failing where `fails` (on `e` and `p`): the episode and
    the decision are reported."""
    decisions = (
        """(SELECT * FROM "w_placed_for_adoption" WHERE "DATE_PLACED" IS NOT NULL
            QUALIFY row_number() OVER (
                PARTITION BY "CHILD" ORDER BY "DATE_PLACED" DESC, "_row") = 1)"""
        if latest_only
        else '"w_placed_for_adoption"'
    )
    return query(code, "DATE_PLACED", f"""
        WITH first_eps AS (
            SELECT * FROM "w_episodes" WHERE ({episodes}) AND "DECOM" IS NOT NULL
            QUALIFY row_number() OVER (PARTITION BY "CHILD" ORDER BY "DECOM", "_row") = 1),
        failing AS (SELECT e."CHILD", e."DECOM_text" AS decom, e."_location" AS e_loc,
                           p."DATE_PLACED_text" AS placed, p."_location" AS p_loc
                    FROM first_eps e JOIN {decisions} p USING ("CHILD") WHERE {fails})
        SELECT DISTINCT "CHILD", decom, e_loc, 'Episodes' FROM failing
        UNION ALL SELECT DISTINCT "CHILD", placed, p_loc, 'PlacedAdoption' FROM failing
        """, module="PlacedAdoption", tables=True)  # fmt: skip


_ANY_AD1 = " OR ".join(f'd."{f}_text" IS NOT NULL' for f in AD1_FIELDS)
_ALL_AD1 = " AND ".join(f'd."{f}_text" IS NOT NULL' for f in AD1_FIELDS)

rule_set("ssda903", 2023).add(
    row("511", "ad1", "SEX_ADOPTR",
        "\"NB_ADOPTR_text\" = '2' AND \"SEX_ADOPTR_text\" IN ('M1', 'F1')"),
    # L0 (a single adopter): the genders must say one adopter (M1 or F1).
    _adopters("514", "L0", ("M1", "F1")),
    _adopters("517", "L3", ("MF",)),
    _adopters("518", "L4", ("MM", "FF")),
    _adopters("519", "L2", ("MM", "FF", "MF")),
    _adopters("520", "L11", ("MF",)),
    _adopters("524", "L12", ("MM", "FF")),
    # The decision that adoption is in the child's interest is on or before each placement for
    # adoption: the episode and the AD1 row.
    query("521", "DATE_INT", f"""
        SELECT e."CHILD", e."DECOM_text", e."_location", 'Episodes' FROM "w_episodes" e
        JOIN "w_ad1" d USING ("CHILD")
        WHERE e."PLACE_text" IN {PLACED_FOR_ADOPTION} AND d."DATE_INT" > e."DECOM"
        UNION ALL
        SELECT DISTINCT d."CHILD", d."DATE_INT_text", d."_location", 'AD1' FROM "w_episodes" e
        JOIN "w_ad1" d USING ("CHILD")
        WHERE e."PLACE_text" IN {PLACED_FOR_ADOPTION} AND d."DATE_INT" > e."DECOM"
        """, module="AD1", tables=True),
    row("522", "placed_for_adoption", "DATE_PLACED", '"DATE_PLACED_CEASED" < "DATE_PLACED"'),
    query("523", "DATE_PLACED", """
        SELECT DISTINCT p."CHILD", p."DATE_PLACED_text", p."_location", 'PlacedAdoption'
        FROM "w_placed_for_adoption" p
        JOIN "w_ad1" d USING ("CHILD") WHERE p."DATE_PLACED" <> d."DATE_INT"
        UNION ALL
        SELECT DISTINCT d."CHILD", d."DATE_INT_text", d."_location", 'AD1' FROM "w_placed_for_adoption" p
        JOIN "w_ad1" d USING ("CHILD") WHERE p."DATE_PLACED" <> d."DATE_INT"
        """, module="PlacedAdoption", tables=True),
    # A reversed decision (a date it ceased) and adoption details in the same year.
    query("525", "DATE_PLACED_CEASED", f"""
        SELECT DISTINCT p."CHILD", p."DATE_PLACED_CEASED_text", p."_location", 'PlacedAdoption'
        FROM "w_placed_for_adoption" p JOIN "w_ad1" d USING ("CHILD")
        WHERE p."DATE_PLACED_CEASED_text" IS NOT NULL AND ({_ANY_AD1})
        UNION ALL
        SELECT DISTINCT d."CHILD", p."DATE_PLACED_CEASED_text", d."_location", 'AD1'
        FROM "w_placed_for_adoption" p JOIN "w_ad1" d USING ("CHILD")
        WHERE p."DATE_PLACED_CEASED_text" IS NOT NULL AND ({_ANY_AD1})
        """, module="PlacedAdoption", tables=True),
    query("551", "DATE_PLACED", f"""
        SELECT e."CHILD", e."PLACE_text", e."_location" FROM "w_episodes" e
        WHERE e."PLACE_text" IN {PLACED_FOR_ADOPTION} AND NOT EXISTS (
            SELECT 1 FROM "w_placed_for_adoption" p
            WHERE p."CHILD" = e."CHILD" AND p."DATE_PLACED" IS NOT NULL)
        """, module="Episodes"),
    # The latest decision is on or before the first placement for adoption.
    decision_against_first_episode(
        "552", f'"PLACE_text" IN {PLACED_FOR_ADOPTION}', 'e."DECOM" < p."DATE_PLACED"',
        latest_only=True),
    order_without_decision("553", "E1"),
    # The decision is on or before the placement order was granted (the first E1 episode).
    decision_against_first_episode("554", "\"LS_text\" = 'E1'", 'p."DATE_PLACED" > e."DECOM"'),
    order_without_decision("555", "D1"),
    query("556", "DATE_PLACED", """
        SELECT DISTINCT e."CHILD", e."DECOM_text", e."_location" FROM "w_episodes" e
        JOIN "w_placed_for_adoption" p USING ("CHILD")
        WHERE e."LS_text" = 'D1' AND p."DATE_PLACED" > e."DECOM"
        """, module="Episodes"),
    left_care_not_adopted(("D1", "E1")),
    # Adopted: the latest decision to place for adoption has not ceased.
    query("558", "DATE_PLACED_CEASED", f"""
        WITH latest AS (
            SELECT * FROM "w_placed_for_adoption"
            QUALIFY row_number() OVER (
                PARTITION BY "CHILD" ORDER BY "DATE_PLACED" DESC NULLS LAST, "_row" DESC) = 1)
        SELECT e."CHILD", e."REC_text", e."_location" FROM "w_episodes" e
        JOIN latest p USING ("CHILD")
        WHERE e."REC_text" IN {ADOPTED} AND p."DATE_PLACED_CEASED_text" IS NOT NULL
        """, module="Episodes"),
    last_year(query("559", "DATE_PLACED", """
        SELECT p."CHILD", p."DATE_PLACED_text", p."_location" FROM "w_placed_for_adoption" p
        WHERE p."DATE_PLACED" < collection_start() AND NOT EXISTS (
            SELECT 1 FROM "w_placed_for_adoption_last" l
            WHERE l."CHILD" = p."CHILD" AND l."DATE_PLACED" IS NOT NULL)
        """, module="PlacedAdoption")),
    # Last year's decision still open: this year's decision carries the same date.
    last_year(query("560", "DATE_PLACED", """
        SELECT DISTINCT p."CHILD", p."DATE_PLACED_text", p."_location"
        FROM "w_placed_for_adoption" p JOIN "w_placed_for_adoption_last" l USING ("CHILD")
        WHERE l."DATE_PLACED" IS NOT NULL AND l."DATE_PLACED_CEASED_text" IS NULL
          AND p."DATE_PLACED" IS DISTINCT FROM l."DATE_PLACED"
        """, module="PlacedAdoption")),
    last_year(query("561", "DATE_PLACED", """
        SELECT DISTINCT p."CHILD", p."DATE_PLACED_text", p."_location"
        FROM "w_placed_for_adoption" p JOIN "w_placed_for_adoption_last" l USING ("CHILD")
        WHERE p."DATE_PLACED" = l."DATE_PLACED"
          AND (l."DATE_PLACED_CEASED_text" IS NOT NULL OR l."REASON_PLACED_CEASED_text" IS NOT NULL)
        """, module="PlacedAdoption")),
    row("563", "placed_for_adoption", "DATE_PLACED",
        '"REASON_PLACED_CEASED_text" IS NOT NULL AND "DATE_PLACED_CEASED_text" IS NOT NULL '
        'AND "DATE_PLACED_text" IS NULL'),
    # Decisions in date order: a new one starts only after the previous one ceased.
    query("579", "DATE_PLACED", """
        SELECT "CHILD", "DATE_PLACED_text", "_location" FROM (
            SELECT *, lag("DATE_PLACED_CEASED") OVER w AS prev_ceased,
                      lag("_row") OVER w AS prev_row
            FROM "w_placed_for_adoption" WHERE "DATE_PLACED" IS NOT NULL
            WINDOW w AS (PARTITION BY "CHILD" ORDER BY "DATE_PLACED", "_row"))
        WHERE prev_row IS NOT NULL AND (prev_ceased IS NULL OR "DATE_PLACED" < prev_ceased)
        """, module="PlacedAdoption"),
    query("582", "DATE_MATCH", f"""
        SELECT DISTINCT e."CHILD", e."DEC_text", e."_location" FROM "w_episodes" e
        JOIN "w_ad1" d USING ("CHILD")
        WHERE e."REC_text" IN {ADOPTED} AND e."DEC" = d."DATE_MATCH"
        """, module="Episodes", severity="query"),
    # Every decision but the latest has a date it ceased.
    query("583", "DATE_PLACED_CEASED", """
        SELECT "CHILD", "DATE_PLACED_text", "_location" FROM (
            SELECT *, row_number() OVER (
                PARTITION BY "CHILD" ORDER BY "DATE_PLACED" DESC NULLS LAST, "_row") AS n
            FROM "w_placed_for_adoption")
        WHERE n > 1 AND "DATE_PLACED_CEASED_text" IS NULL
        """, module="PlacedAdoption"),
    # Last year's decision ceased: a decision this year is a new one, after last year's.
    last_year(query("584", "DATE_PLACED", """
        SELECT DISTINCT p."CHILD", p."DATE_PLACED_text", p."_location"
        FROM "w_placed_for_adoption" p JOIN "w_placed_for_adoption_last" l USING ("CHILD")
        WHERE (l."DATE_PLACED_CEASED_text" IS NOT NULL OR l."REASON_PLACED_CEASED_text" IS NOT NULL)
          AND (p."DATE_PLACED" IS NULL OR p."DATE_PLACED" <= l."DATE_PLACED")
        """, module="PlacedAdoption")),
    # Adopted in the year: every AD1 item is completed.
    query("601", "DATE_INT", f"""
        WITH adopted AS (
            SELECT e."CHILD", e."REC_text", e."_location" AS e_loc, d."_location" AS d_loc
            FROM "w_episodes" e JOIN "w_ad1" d USING ("CHILD")
            WHERE e."REC_text" IN {ADOPTED}
              AND e."DEC" BETWEEN collection_start() AND collection_end() AND NOT ({_ALL_AD1}))
        SELECT DISTINCT "CHILD", "REC_text", e_loc, 'Episodes' FROM adopted
        UNION ALL SELECT DISTINCT "CHILD", "REC_text", d_loc, 'AD1' FROM adopted
        """, module="AD1", tables=True),
    # AD1 completed for a child whose episodes show no adoption in the year.
    query("602", "CHILD", f"""
        SELECT d."CHILD", d."CHILD_text", d."_location" FROM "w_ad1" d
        WHERE ({_ANY_AD1}) AND NOT EXISTS (
            SELECT 1 FROM "w_episodes" e WHERE e."CHILD" = d."CHILD" AND e."REC_text" IN {ADOPTED}
              AND e."DEC" BETWEEN collection_start() AND collection_end())
        """, module="AD1"),
    # The decision to place for adoption is not before the child's first period of care
    # began (the first episode with reason S).
    decision_against_first_episode("1003", "\"RNE_text\" = 'S'", 'p."DATE_PLACED" < e."DECOM"'),
    origin=__name__,
)  # fmt: skip
