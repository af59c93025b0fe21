"""SSDA903 2022/23, previous permanence: a child starting care this year has the previous
permanence option (630); its code, date and authority are valid (631-633); it is given only for
children who started care from 1 April 2016 (634) and with no date or authority where the option
is Z1 (635).

DATE_PERM may be written with its day, or day and month, unknown (ZZ/05/2016, ZZ/ZZ/2016): the
DfE's rules take the latest day it could be (31/05/2016, 31/12/2016)."""

from __future__ import annotations

from sightline.rules.engine import Rule, rule_set
from sightline.rules.shapes import query, row

# English authorities by their DfE (old) codes, 999 (not known) and the other nations.
_CODES_2023 = (
    "201 202 203 204 205 206 207 208 209 210 211 212 213 301 302 303 304 305 306 307 308 309 "
    "310 311 312 313 314 315 316 317 318 319 320 330 331 332 333 334 335 336 340 341 342 343 "
    "344 350 351 352 353 354 355 356 357 358 359 370 371 372 373 380 381 382 383 384 390 391 "
    "392 393 394 420 800 801 802 803 805 806 807 808 810 811 812 813 815 816 821 822 823 825 "
    "826 830 831 835 836 837 838 839 840 841 845 846 850 851 852 855 856 857 860 861 865 866 "
    "867 868 869 870 871 872 873 874 876 877 878 879 880 881 882 883 884 885 886 887 888 889 "
    "890 891 892 893 894 895 896 908 909 916 919 921 925 926 928 929 931 933 935 936 937 938 "
    "940 941 999 WAL SCO NUK NIR"
)
LA_PERM_CODES_2023 = tuple(_CODES_2023.split())
# Cumberland, and Westmorland and Furness, from 1 April 2023.
LA_PERM_CODES_2024 = (*LA_PERM_CODES_2023, "942", "943")

# DATE_PERM as the DfE reads it: a date, or the latest day a partly unknown date could be.
DATE_PERM = """CASE
    WHEN regexp_full_match("DATE_PERM_text", 'ZZ/ZZ/[0-9]{4}')
        THEN make_date(CAST(right("DATE_PERM_text", 4) AS INTEGER), 12, 31)
    WHEN regexp_full_match("DATE_PERM_text", 'ZZ/[0-9]{2}/[0-9]{4}')
        THEN TRY_CAST(last_day(TRY_CAST(make_date(CAST(right("DATE_PERM_text", 4) AS INTEGER),
             CAST(substr("DATE_PERM_text", 4, 2) AS INTEGER), 1) AS DATE)) AS DATE)
    ELSE "DATE_PERM" END"""


def la_perm_valid(codes: tuple[str, ...]) -> Rule:
    listed = ", ".join(f"'{c}'" for c in codes)
    return row("633", "previous_permanence", "LA_PERM",
               f'"LA_PERM_text" IS NOT NULL AND "LA_PERM_text" NOT IN ({listed})')  # fmt: skip


rule_set("ssda903", 2023).add(
    # Started care this year (reason S): a previous permanence row, with its option, and the
    # date and authority unless the option is Z1.
    query("630", "PREV_PERM", """
        SELECT DISTINCT e."CHILD", e."RNE_text", e."_location" FROM "w_episodes" e
        WHERE e."RNE_text" = 'S' AND e."DECOM" >= collection_start() AND (
            NOT EXISTS (SELECT 1 FROM "w_previous_permanence" p WHERE p."CHILD" = e."CHILD")
            OR EXISTS (SELECT 1 FROM "w_previous_permanence" p WHERE p."CHILD" = e."CHILD" AND (
                p."PREV_PERM_text" IS NULL
                OR (p."PREV_PERM_text" <> 'Z1'
                    AND (p."LA_PERM_text" IS NULL OR p."DATE_PERM_text" IS NULL)))))
        """, module="Episodes"),
    row("631", "previous_permanence", "PREV_PERM",
        "\"PREV_PERM_text\" IS NOT NULL AND NOT is_code('PREV_PERM', \"PREV_PERM_text\")"),
    # A date, and before the child's first episode began.
    query("632", "DATE_PERM", f"""
        WITH first_eps AS (SELECT * FROM "w_episodes_first"),
        perm AS (SELECT *, {DATE_PERM} AS perm_date FROM "w_previous_permanence"),
        bad AS (SELECT p."CHILD", p."DATE_PERM_text", p."_location" AS p_loc,
                       e."_location" AS e_loc
                FROM perm p LEFT JOIN first_eps e USING ("CHILD")
                WHERE (p."DATE_PERM_text" IS NOT NULL AND p.perm_date IS NULL)
                   OR p.perm_date >= e."DECOM")
        SELECT DISTINCT "CHILD", "DATE_PERM_text", p_loc, 'PrevPerm' FROM bad
        UNION ALL SELECT "CHILD", "DATE_PERM_text", e_loc, 'Episodes' FROM bad
        WHERE e_loc IS NOT NULL
        """, module="PrevPerm", tables=True),
    la_perm_valid(LA_PERM_CODES_2023),
    # Entries, but no episode of the child began on or after 1 April 2016: the entries and the
    # child's episodes.
    query("634", "PREV_PERM", """
        WITH bad AS (
            SELECT p."CHILD", p."PREV_PERM_text", p."_location" FROM "w_previous_permanence" p
            WHERE (p."PREV_PERM_text" IS NOT NULL OR p."LA_PERM_text" IS NOT NULL
                   OR p."DATE_PERM_text" IS NOT NULL)
              AND (SELECT max(e."DECOM") FROM "w_episodes" e WHERE e."CHILD" = p."CHILD")
                  < DATE '2016-04-01')
        SELECT "CHILD", "PREV_PERM_text", "_location", 'PrevPerm' FROM bad
        UNION ALL
        SELECT e."CHILD", e."DECOM_text", e."_location", 'Episodes' FROM "w_episodes" e
        WHERE e."CHILD" IN (SELECT "CHILD" FROM bad)
        """, module="PrevPerm", tables=True),
    row("635", "previous_permanence", "PREV_PERM",
        "\"PREV_PERM_text\" = 'Z1' "
        "AND (\"LA_PERM_text\" IS NOT NULL OR \"DATE_PERM_text\" IS NOT NULL)"),
    origin=__name__,
)  # fmt: skip
