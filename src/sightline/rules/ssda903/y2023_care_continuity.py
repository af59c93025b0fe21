"""SSDA903 2022/23, this year's return beside last year's: an episode open at the end of last year
is this year's first, with the same start (502) and the same details (503A-J); an episode that
began before this year is last year's latest (562).

Placement distance, local authority and location (503G, 503H, 503J) are the DfE's derived
fields: the distance between the home and placement postcodes and the authority the placement
postcode lies in, read from a postcode reference (`postcodes`: postcode, easting, northing, la);
whether the placement is in the council's own area also needs the council's code
(`council`: la)."""

from __future__ import annotations

from dataclasses import replace

from sightline.rules.engine import Rule, rule_set
from sightline.rules.shapes import query

# Each child's first episode this year and last year's latest episode, where it was still open.
_PAIRS = """
    WITH first_now AS (
        SELECT * FROM {now} WHERE "DECOM" IS NOT NULL
        QUALIFY row_number() OVER (PARTITION BY "CHILD" ORDER BY "DECOM", "_row") = 1),
    latest_last AS (
        SELECT * FROM {last} WHERE "DECOM" IS NOT NULL
        QUALIFY row_number() OVER (PARTITION BY "CHILD" ORDER BY "DECOM" DESC, "_row" DESC) = 1)
    SELECT f.*, l."{field}" AS previous_value FROM first_now f JOIN latest_last l USING ("CHILD")
    WHERE l."DEC_text" IS NULL"""
# The same pairs of the episodes as written, from the tables made once per validation.
_PAIRS_WRITTEN = """
    SELECT f.*, l."{field}" AS previous_value FROM "w_episodes_first" f
    JOIN "w_episodes_last_latest" l USING ("CHILD") WHERE l."DEC_text" IS NULL"""

# Episodes with the DfE's derived placement fields, from the postcode reference.
_POSTCODE = "upper(replace({}, ' ', ''))"


def with_placement_area(table: str, located: bool) -> str:
    """`table`'s episodes with PL_LA and PL_DISTANCE, and PL_LOCATION (IN the council's own area
    or OUT) when `located`."""
    own = 'SELECT CAST(la AS VARCHAR) FROM "council"' if located else "SELECT NULL"
    return f"""(
        SELECT e.*, CAST(p.la AS VARCHAR) AS "PL_LA",
               round(sqrt(power(CAST(h.easting AS DOUBLE) - CAST(p.easting AS DOUBLE), 2)
                          + power(CAST(h.northing AS DOUBLE) - CAST(p.northing AS DOUBLE), 2))
                     / 1000 / 1.6093, 1) AS "PL_DISTANCE",
               CASE WHEN p.la IS NULL THEN NULL WHEN CAST(p.la AS VARCHAR) IN ({own}) THEN 'IN'
                    ELSE 'OUT' END AS "PL_LOCATION"
        FROM "{table}" e
        LEFT JOIN "postcodes" h
          ON {_POSTCODE.format('h."postcode"')} = {_POSTCODE.format('e."HOME_POST_text"')}
        LEFT JOIN "postcodes" p
          ON {_POSTCODE.format('p."postcode"')} = {_POSTCODE.format('e."PL_POST_text"')})"""


def same_as_last_year(code: str, field: str, *, except_: str = "") -> Rule:
    """This year's first episode carries last year's open episode's <field>. `except_`: SQL on
    (value, previous_value) for a change the DfE allows."""
    pairs = _PAIRS_WRITTEN.format(field=f"{field}_text")
    allowed = f" AND NOT ({except_})" if except_ else ""
    rule = query(
        code,
        field,
        f"""
        SELECT "CHILD", "{field}_text", "_location" FROM ({pairs})
        WHERE "{field}_text" IS DISTINCT FROM previous_value{allowed}""",
        module="Episodes",
    )
    return replace(rule, needs=("last_year",))


def _derived_same_as_last_year(code: str, field: str, needs: tuple[str, ...]) -> Rule:
    located = "council" in needs
    pairs = _PAIRS.format(
        now=with_placement_area("w_episodes", located),
        last=with_placement_area("w_episodes_last", located),
        field=field,
    )
    if field == "PL_DISTANCE":
        differs = (
            'abs("PL_DISTANCE" - previous_value) >= 0.2 '
            'OR ("PL_DISTANCE" IS NOT NULL AND previous_value IS NULL)'
        )
    else:
        differs = f'"{field}" IS DISTINCT FROM previous_value'
    rule = query(code, field, f"""
        SELECT "CHILD", CAST("{field}" AS VARCHAR), "_location" FROM ({pairs})
        WHERE {differs}""", module="Episodes")  # fmt: skip
    return replace(rule, needs=("last_year", *needs))


rule_set("ssda903", 2023).add(
    # Last year's open episode started on the day this year's first episode started.
    replace(query("502", "DECOM", """
        SELECT DISTINCT f."CHILD", f."DECOM_text", f."_location" FROM "w_episodes_first" f
        JOIN "w_episodes_last" l USING ("CHILD")
        WHERE l."DEC_text" IS NULL AND l."DECOM" IS DISTINCT FROM f."DECOM"
        """, module="Episodes"), needs=("last_year",)),
    same_as_last_year("503A", "RNE"),
    same_as_last_year("503B", "LS"),
    same_as_last_year("503C", "CIN"),
    same_as_last_year("503D", "PLACE"),
    same_as_last_year("503E", "PLACE_PROVIDER"),
    same_as_last_year("503F", "URN"),
    _derived_same_as_last_year("503G", "PL_DISTANCE", ("postcodes",)),
    _derived_same_as_last_year("503H", "PL_LA", ("postcodes",)),
    _derived_same_as_last_year("503J", "PL_LOCATION", ("postcodes", "council")),
    # The earliest episode that began before this year is last year's latest episode.
    replace(query("562", "DECOM", """
        WITH first_before AS (
            SELECT * FROM "w_episodes" WHERE "DECOM" < collection_start()
            QUALIFY row_number() OVER (PARTITION BY "CHILD" ORDER BY "DECOM", "_row") = 1),
        latest_last AS (
            SELECT "CHILD", max("DECOM") AS decom FROM "w_episodes_last" GROUP BY "CHILD")
        SELECT f."CHILD", f."DECOM_text", f."_location" FROM first_before f
        WHERE NOT EXISTS (SELECT 1 FROM latest_last l
                          WHERE l."CHILD" = f."CHILD" AND l.decom = f."DECOM")
        """, module="Episodes"), needs=("last_year",)),
    origin=__name__,
)  # fmt: skip
