"""Children looked after (SSDA903): numbers, stability, social workers, adoption, health, leavers.

Children looked after under a series of short breaks (legal status V3, V4) are left out of every
figure here, as DfE leaves them out of its published statistics.
"""

from __future__ import annotations

from sightline.indicators.model import PERSON_BREAKDOWNS, Base, Indicator, Published

RATES = "cla_number_and_rate_per_10k_children.csv"
STABILITY = "la_cla_placement_stability.csv"
SWCOUNT = "la_cla_swcount.csv"
ACTIVITY = "la_care_leavers_activity.csv"
ACCOMMODATION = "la_care_leavers_accommodation_suitability.csv"

# Reason for new episode (RNE), SSDA903 guide: S started to be looked after; L change of legal
# status only; P change of placement and carer(s); T change of placement, same carer(s); U change of
# legal status and placement, same carer(s); B change of legal status and placement and carer(s).
RNE_STARTS_CARE = ("S",)
RNE_NEW_PLACEMENT = ("S", "P", "T", "U", "B")  # every code but L moves the child
RNE_NEW_CARER = ("S", "P", "B")  # T and U keep the same carer(s)


def _in(codes: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"'{c}'" for c in codes) + ")"


# Episodes (this year's return and the year before's, `cla_episode_history`) with the placement,
# the carer and the period of care each belongs to. The earliest episode held opens a placement and
# a carer whatever its RNE (the child was somewhere before it); a period of care begins only at S.
# Every column comes from the one window over each child's episodes in date order (one sort of the
# wide rows, not four): a placement (carer, period of care) starts on the latest episode so far
# whose RNE opens one, which is the earliest episode of its `placement_seq`; before any, on the
# child's earliest episode held.
EPISODES = f"""
SELECT * EXCLUDE (placement_from, carer_from, care_from, first_start),
    coalesce(placement_from, first_start) AS placement_start,
    coalesce(carer_from, first_start) AS carer_start,
    coalesce(care_from, first_start) AS care_start,
    -- false: the period began before the earliest episode held (no RNE S in the data), so
    -- care_start is only the earliest date known, not the start of care
    care_seq > 0 AS care_start_known
FROM (
    SELECT *,
        sum(CASE WHEN upper(clae_cla_episode_start_reason) IN {_in(RNE_NEW_PLACEMENT)}
            THEN 1 ELSE 0 END) OVER w AS placement_seq,
        sum(CASE WHEN upper(clae_cla_episode_start_reason) IN {_in(RNE_NEW_CARER)}
            THEN 1 ELSE 0 END) OVER w AS carer_seq,
        sum(CASE WHEN upper(clae_cla_episode_start_reason) IN {_in(RNE_STARTS_CARE)}
            THEN 1 ELSE 0 END) OVER w AS care_seq,
        max(CASE WHEN upper(clae_cla_episode_start_reason) IN {_in(RNE_NEW_PLACEMENT)}
            THEN clae_cla_episode_start_date END) OVER w AS placement_from,
        max(CASE WHEN upper(clae_cla_episode_start_reason) IN {_in(RNE_NEW_CARER)}
            THEN clae_cla_episode_start_date END) OVER w AS carer_from,
        max(CASE WHEN upper(clae_cla_episode_start_reason) IN {_in(RNE_STARTS_CARE)}
            THEN clae_cla_episode_start_date END) OVER w AS care_from,
        first_value(clae_cla_episode_start_date) OVER w AS first_start
    FROM cla_episode_history
    WHERE coalesce(clae_legal_status, '') NOT IN ('V3', 'V4')
      AND clae_cla_episode_start_date IS NOT NULL
    WINDOW w AS (PARTITION BY clae_person_id ORDER BY clae_cla_episode_start_date
                 ROWS UNBOUNDED PRECEDING)
)
"""
# The episodes as a base, worked out once per dataset for every figure about episodes of care
# (compliance reads EPISODES as it is)
CLA_EPISODES = Base("base_cla_episodes", EPISODES)

# The episode open at the period end, one per child.
AT_END = Base(
    "base_cla_at_end",
    """
SELECT * FROM base_cla_episodes
WHERE clae_cla_episode_start_date <= $period_end
  AND (clae_cla_episode_ceased_date IS NULL OR clae_cla_episode_ceased_date > $period_end)
QUALIFY row_number() OVER (PARTITION BY clae_person_id ORDER BY clae_cla_episode_start_date DESC) = 1
""",
    (CLA_EPISODES,),
)

CHILD_COLUMNS = """clae_person_id AS person_id, clae_person_id AS record_id,
    clae_cla_primary_need_code AS primary_need"""

BREAKDOWNS = ("team", "worker", "primary_need", *PERSON_BREAKDOWNS)
EPISODE_TABLES = ("ssd_cla_episodes", "cla_episode_history")

PLACEMENTS_3PLUS = f"""
WITH placements AS (
    SELECT clae_person_id, count(DISTINCT placement_seq) AS placements
    FROM base_cla_episodes
    WHERE clae_cla_episode_start_date <= $period_end
      AND (clae_cla_episode_ceased_date IS NULL OR clae_cla_episode_ceased_date > $period_start)
    GROUP BY 1
)
SELECT {CHILD_COLUMNS}, a.clae_cla_episode_start_date AS event_date, true AS denominator,
    p.placements AS value, p.placements >= 3 AS numerator
FROM base_cla_at_end a JOIN placements p USING (clae_person_id)
"""

# Why a child is left out of a figure about time in care (the runner counts them in the note).
UNKNOWN_START = "the start of their period of care is not in the data held"

# Under 16 at the period end, looked after 2.5 years or more: living with the same carer(s) 2 years
# or more (a change of placement with the same carers, RNE T or U, does not break it), or placed
# for adoption with their former foster carers, the two placements together 2 years.
LONG_TERM = f"""
WITH carers AS (
    SELECT clae_person_id, carer_seq, min(clae_cla_episode_start_date) AS started,
        arg_min(clae_placement_type, clae_cla_episode_start_date) AS place,
        lag(min(clae_cla_episode_start_date)) OVER (
            PARTITION BY clae_person_id ORDER BY carer_seq) AS previous_started,
        lag(arg_min(clae_placement_type, clae_cla_episode_start_date)) OVER (
            PARTITION BY clae_person_id ORDER BY carer_seq) AS previous_place
    FROM base_cla_episodes GROUP BY 1, 2
),
by_carer AS (
    SELECT perm_person_id, bool_or(perm_adopted_by_carer_flag) AS adopted_by_carer
    FROM ssd_permanence GROUP BY 1
)
SELECT a.clae_person_id AS person_id, a.clae_person_id AS record_id,
    a.clae_cla_primary_need_code AS primary_need, a.care_start AS event_date,
    a.care_start <= $period_end - INTERVAL 30 MONTH AS denominator,
    a.care_start <= $period_end - INTERVAL 30 MONTH AND CASE
         WHEN upper(p.place) IN ('A3', 'A4', 'A5', 'A6') AND coalesce(c.adopted_by_carer, false)
              AND upper(p.previous_place) LIKE 'U%' THEN p.previous_started
         ELSE p.started END <= $period_end - INTERVAL 2 YEAR AS numerator,
    CASE WHEN a.care_start > $period_end - INTERVAL 30 MONTH
         THEN '{UNKNOWN_START}' END AS excluded
FROM base_cla_at_end a
JOIN carers p ON p.clae_person_id = a.clae_person_id AND p.carer_seq = a.carer_seq
JOIN ssd_person h ON h.pers_person_id = a.clae_person_id
LEFT JOIN by_carer c ON c.perm_person_id = a.clae_person_id
WHERE (a.care_start <= $period_end - INTERVAL 30 MONTH OR NOT a.care_start_known)
  AND age_at(h.pers_dob, $period_end) < 16
"""


def _social_workers(at_least: int) -> str:
    return f"""
WITH workers AS (
    SELECT invo_person_id, count(DISTINCT invo_professional_id) AS workers
    FROM ssd_involvements
    WHERE invo_involvement_start_date <= $period_end
      AND (invo_involvement_end_date IS NULL OR invo_involvement_end_date >= $period_start)
    GROUP BY 1
)
SELECT {CHILD_COLUMNS}, true AS denominator, coalesce(w.workers, 0) AS value,
    coalesce(w.workers, 0) >= {at_least} AS numerator
FROM base_cla_at_end a LEFT JOIN workers w ON w.invo_person_id = a.clae_person_id
"""


# Children adopted (REC E11, E12) in the 3 years to the period end, with the start of their period
# of care, the date they moved in with their adopters and the placement order (LS E1) date.
ADOPTED = Base(
    "base_adopted",
    """
WITH adopted AS (
    SELECT * FROM base_cla_episodes
    WHERE upper(clae_cla_episode_ceased_reason) IN ('E11', 'E12')
      AND clae_cla_episode_ceased_date > $period_end - INTERVAL 3 YEAR
      AND clae_cla_episode_ceased_date <= $period_end
),
orders AS (
    SELECT clae_person_id, care_seq, min(clae_cla_episode_start_date) AS order_date
    FROM base_cla_episodes WHERE upper(clae_legal_status) = 'E1' GROUP BY 1, 2
),
placements AS (
    SELECT clae_person_id, placement_seq, min(clae_cla_episode_start_date) AS started,
        arg_min(clae_placement_type, clae_cla_episode_start_date) AS place
    FROM base_cla_episodes GROUP BY 1, 2
),
perm AS (
    SELECT perm_person_id, max(perm_matched_date) AS matched, bool_or(perm_adopted_by_carer_flag) AS by_carer
    FROM ssd_permanence GROUP BY 1
)
SELECT a.clae_person_id AS person_id, a.clae_cla_episode_id AS record_id,
    a.clae_cla_episode_ceased_date AS event_date, a.clae_cla_primary_need_code AS primary_need,
    a.care_start, a.care_start_known,
    -- A1: the day the child moved in with the adopters as adopters: the start of the adoption
    -- placement. Not DATE_PLACED: the DfE's rules (523, 551, 1003) make that the date of the
    -- decision that the child should be placed for adoption. A10 counts a foster carer adoption
    -- from the day the child moved in with those carers (the foster placement before, or the
    -- same-carer run)
    a.placement_start AS placed,
    CASE WHEN coalesce(m.by_carer, false)
         THEN least(coalesce(fp.started, a.carer_start), a.placement_start)
         ELSE a.placement_start END AS moved_in,
    o.order_date, m.matched
FROM adopted a
LEFT JOIN perm m ON m.perm_person_id = a.clae_person_id
LEFT JOIN orders o ON o.clae_person_id = a.clae_person_id AND o.care_seq = a.care_seq
LEFT JOIN placements fp ON fp.clae_person_id = a.clae_person_id
    AND fp.placement_seq = a.placement_seq - 1 AND upper(fp.place) LIKE 'U%'
""",
    (CLA_EPISODES,),
)


def _adoption_days(moved_in: str) -> str:
    return f"""SELECT *, care_start_known AS denominator, care_start_known AS numerator,
            date_diff('day', care_start, {moved_in}) AS value,
            CASE WHEN NOT care_start_known THEN '{UNKNOWN_START}' END AS excluded
        FROM base_adopted"""


def _outcome(column: str) -> str:
    return f"""
SELECT o.person_id, o.person_id AS record_id, true AS denominator,
    coalesce(o.{column}, false) AS numerator
FROM s903_outcomes o
"""


# The age at the birthday falling in the year (DfE) is the age at the period end (31 March). The
# date of birth is oc3's own: a care leaver of 19-21 is usually in no other table of the year.
# Only the care leavers' rows of ssd_person are grouped (a few thousand of a million children).
CARE_LEAVERS = Base(
    "base_care_leavers",
    """
SELECT c.clea_person_id AS person_id, c.clea_table_id AS record_id,
    age_at(coalesce(c.clea_dob, p.pers_dob), $period_end) AS age,
    upper(coalesce(c.clea_care_leaver_activity, '')) AS activity,
    upper(coalesce(c.clea_care_leaver_accommodation, '')) AS accommodation,
    upper(coalesce(c.clea_care_leaver_accom_suitable, '')) AS suitable,
    upper(coalesce(c.clea_care_leaver_in_touch, '')) AS in_touch
FROM ssd_care_leavers c
LEFT JOIN (SELECT pers_person_id, any_value(pers_dob) AS pers_dob FROM ssd_person
    WHERE pers_person_id IN (SELECT clea_person_id FROM ssd_care_leavers) GROUP BY 1) p
    ON p.pers_person_id = c.clea_person_id
""",
)


def _care_leavers(low: int, high: int, numerator: str, denominator: str = "true") -> str:
    return f"""
SELECT person_id, record_id, '{low} to {high} years' AS age_group, {denominator} AS denominator,
    {numerator} AS numerator
FROM base_care_leavers WHERE age BETWEEN {low} AND {high}
"""


EET = "(activity LIKE 'F%' OR activity LIKE 'P%')"
# DfE's suitability total: care leavers whose accommodation is suitable, unsuitable or not known;
# not those who have died or returned home to live with parents for 6 months or more (IN_TOUCH
# DIED, RHOM), whose accommodation the 903 does not record (rule 344). The EET figures count
# every care leaver of the age.
SUITABILITY_TOTAL = "in_touch NOT IN ('DIED', 'RHOM')"
SUITABLE = (
    "(suitable IN ('1', 'S', 'Y', 'YES', 'SUITABLE', 'TRUE') "
    # ACCOM Z (residence not known) is DfE's "no information", whatever its suffix
    "OR (suitable = '' AND length(accommodation) = 2 AND accommodation[2] = '1' "
    "AND accommodation[1] <> 'Z'))"
)


def _leavers_published(file: str, age: str, breakdown: str) -> Published:
    return Published(
        file, "care_leaver_percent", (("care_leaver_age", age), ("breakdown", breakdown))
    )


# The family as the scorecard names it, and where it stands among the families.
TITLE = "Children looked after"
ORDER = 40

INDICATORS = [
    Indicator(
        id="cla_at_31",
        help="How many children the council was looking after (in care) on 31 March.",
        name="Children looked after at the period end",
        family="looked_after",
        unit="count",
        polarity="neutral",
        definition="Children with an episode of care open at the period end (31 March for a year).",
        units=f"SELECT {CHILD_COLUMNS}, clae_cla_episode_start_date AS event_date, true AS numerator, "
        f"true AS denominator FROM base_cla_at_end",
        tables=(*EPISODE_TABLES,),
        bases=(AT_END,),
        breakdowns=BREAKDOWNS,
        published=Published(
            RATES,
            "children_count",
            (("population_type", "Children looked after on 31 March each year"),),
        ),
        decimals=0,
    ),
    Indicator(
        id="cla_rate",
        help="Children in care on 31 March for every 10,000 children in the area.",
        name="Children looked after per 10,000 children",
        family="looked_after",
        unit="rate_per_10k",
        polarity="neutral",
        definition="Children looked after at the period end per 10,000 children aged 0-17.",
        units=f"SELECT {CHILD_COLUMNS}, true AS numerator, true AS denominator FROM base_cla_at_end",
        tables=(*EPISODE_TABLES,),
        bases=(AT_END,),
        breakdowns=(),
        published=Published(
            RATES,
            "rate_per_10000",
            (("population_type", "Children looked after on 31 March each year"),),
        ),
        decimals=0,
    ),
    Indicator(
        id="cla_started",
        help="How many children came into care in the year.",
        name="Children starting to be looked after",
        family="looked_after",
        unit="count",
        polarity="neutral",
        definition=(
            "Children with an episode starting in the period with RNE S, started to be looked "
            "after (counted once each)."
        ),
        units="""SELECT clae_person_id AS person_id, clae_person_id AS record_id,
            any_value(clae_cla_primary_need_code) AS primary_need,
            min(clae_cla_episode_start_date) AS event_date, true AS numerator, true AS denominator
        FROM base_cla_episodes
        WHERE upper(clae_cla_episode_start_reason) = 'S'
          AND clae_cla_episode_start_date BETWEEN $period_start AND $period_end
        GROUP BY clae_person_id""",
        tables=(*EPISODE_TABLES,),
        bases=(CLA_EPISODES,),
        breakdowns=BREAKDOWNS,
        published=Published(
            RATES,
            "children_count",
            (("population_type", "Children starting to be looked after each year"),),
        ),
        decimals=0,
    ),
    Indicator(
        id="cla_ceased",
        help="How many children left care in the year.",
        name="Children ceasing to be looked after",
        family="looked_after",
        unit="count",
        polarity="neutral",
        definition=(
            "Children with an episode ceasing in the period with a reason other than X1 (episode "
            "ends and a new one begins), counted once each."
        ),
        units="""SELECT clae_person_id AS person_id, clae_person_id AS record_id,
            any_value(clae_cla_primary_need_code) AS primary_need,
            max(clae_cla_episode_ceased_date) AS event_date, true AS numerator, true AS denominator
        FROM base_cla_episodes
        WHERE clae_cla_episode_ceased_date BETWEEN $period_start AND $period_end
          AND upper(coalesce(clae_cla_episode_ceased_reason, '')) <> 'X1'
        GROUP BY clae_person_id""",
        tables=(*EPISODE_TABLES,),
        bases=(CLA_EPISODES,),
        breakdowns=BREAKDOWNS,
        published=Published(
            RATES,
            "children_count",
            (("population_type", "Children ceasing to be looked after each year"),),
        ),
        decimals=0,
    ),
    Indicator(
        id="stability_3plus",
        help="Of the children in care, the share who moved home three or more times in the year.",
        name="Children looked after with 3 or more placements in the year",
        family="looked_after",
        unit="percent",
        polarity="lower_is_better",
        definition=(
            "Of children looked after at the period end, the percentage with 3 or more placements "
            "during the period. A placement begins with an episode whose RNE is S, P, T, U or B "
            "(L, a change of legal status only, is not a move); the placement a child was in "
            "when the period began counts."
        ),
        units=PLACEMENTS_3PLUS,
        tables=(*EPISODE_TABLES,),
        bases=(CLA_EPISODES, AT_END),
        breakdowns=BREAKDOWNS,
        published=Published(
            STABILITY,
            "children_percent",
            (
                ("cla_group", "CLA on 31 March"),
                ("placement_stability", "With 3 or more placements during the year"),
            ),
        ),
        decimals=0,
    ),
    Indicator(
        id="stability_long_term",
        help=(
            "Of the children in care for two and a half years or more, the share who have lived "
            "in the same home for at least two years."
        ),
        name="Long-term placement stability",
        family="looked_after",
        unit="percent",
        polarity="higher_is_better",
        definition=(
            "Of children under 16 at the period end who had been looked after continuously for "
            "2.5 years or more, the percentage living in the same placement for 2 years or more, "
            "or placed for adoption with their former foster carers with the two placements "
            "together lasting 2 years."
        ),
        units=LONG_TERM,
        tables=(*EPISODE_TABLES, "ssd_person", "ssd_permanence"),
        bases=(CLA_EPISODES, AT_END),
        breakdowns=BREAKDOWNS,
        published=Published(
            STABILITY,
            "children_percent",
            (
                (
                    "cla_group",
                    "Children looked after continuously for at least 2.5 years on 31 March aged under 16 years",
                ),
                ("placement_stability", "Living with the same carer for at least 2 years"),
            ),
        ),
        interpretation=(
            "Continuously looked after = the current period of care (from the last RNE S) began 30 "
            "months or more before the period end; 'same carer' is a run of episodes without a "
            "change of carer (RNE S, P or B start one; L, T and U keep the carers); the adoption "
            "rule also applies when the child "
            "is placed for adoption (A3-A6) after a foster placement (U*) and FOSTER_CARE says the "
            "adopters were the foster carers."
        ),
        decimals=0,
    ),
    Indicator(
        id="sw_3plus",
        help="Of the children in care, the share who had three or more social workers in the year.",
        name="Children looked after with 3 or more social workers in the year",
        family="looked_after",
        unit="percent",
        polarity="lower_is_better",
        definition=(
            "Of children looked after at the period end, the percentage who had 3 or more "
            "different social workers (SW_ID in sw_episodes) during the period."
        ),
        units=_social_workers(3),
        tables=(*EPISODE_TABLES, "ssd_involvements"),
        bases=(AT_END,),
        requires=("ssd_involvements",),
        breakdowns=BREAKDOWNS,
        published=Published(
            SWCOUNT,
            "percentage",
            (
                ("cla_group", "CLA on 31 March"),
                ("sw_stability", "3 or more social workers during the year"),
            ),
        ),
        decimals=0,
    ),
    Indicator(
        id="sw_2plus",
        not_published=(
            "DfE publishes the share of children looked after with 3 or more social workers in "
            "the year (compared on that indicator's page), not 2 or more."
        ),
        help="Of the children in care, the share who had two or more social workers in the year.",
        name="Children looked after with 2 or more social workers in the year",
        family="looked_after",
        unit="percent",
        polarity="lower_is_better",
        definition=(
            "Of children looked after at the period end, the percentage who had 2 or more "
            "different social workers during the period."
        ),
        units=_social_workers(2),
        tables=(*EPISODE_TABLES, "ssd_involvements"),
        bases=(AT_END,),
        requires=("ssd_involvements",),
        breakdowns=BREAKDOWNS,
    ),
    Indicator(
        id="missing_children",
        not_published=(
            "DfE publishes children who went missing in its children looked after statistics; "
            "that table is not among the published statistics Sightline holds, so there is no "
            "England or neighbours' figure beside it."
        ),
        help="How many children in care went missing at least once in the year.",
        name="Children looked after who went missing",
        family="looked_after",
        unit="count",
        polarity="lower_is_better",
        definition="Children with a missing episode (type M, or unrecorded type) starting in the period.",
        units="""SELECT miss_person_id AS person_id, miss_person_id AS record_id,
            min(miss_missing_episode_start_date) AS event_date, true AS numerator, true AS denominator
        FROM ssd_missing
        WHERE miss_missing_episode_start_date BETWEEN $period_start AND $period_end
          AND upper(coalesce(miss_missing_episode_type, 'M')) = 'M'
        GROUP BY miss_person_id""",
        tables=("ssd_missing",),
        breakdowns=PERSON_BREAKDOWNS,
        decimals=0,
    ),
    Indicator(
        id="adoption_a1",
        not_published=(
            "DfE publishes A1, A2 and A10 in the adoption scorecards (three-year averages for "
            "each council); the scorecards are not among the published statistics Sightline "
            "holds."
        ),
        help=(
            "On average over three years, how many days passed between a child coming into care "
            "and moving in with the family adopting them."
        ),
        name="A1: average days from entering care to moving in with the adoptive family (3 years)",
        family="looked_after",
        unit="days",
        polarity="lower_is_better",
        definition=(
            "Adoption scorecard A1 (unadjusted). For children adopted in the 3 years to the period "
            "end: mean days from the start of their period of care (RNE S) to moving in with their "
            "adoptive family as adopters (DATE_PLACED, else the start of the adoption placement), "
            "foster carer adoptions included without adjustment."
        ),
        units=_adoption_days("placed"),
        tables=(*EPISODE_TABLES, "ssd_permanence"),
        bases=(ADOPTED,),
        breakdowns=BREAKDOWNS,
        period_kinds=("year",),
        decimals=0,
    ),
    Indicator(
        id="adoption_a10",
        not_published=(
            "DfE publishes A1, A2 and A10 in the adoption scorecards (three-year averages for "
            "each council); the scorecards are not among the published statistics Sightline "
            "holds."
        ),
        help=(
            "As the figure above, but a child adopted by their foster carers counts from the day "
            "they moved in with those carers, so early permanence is not counted as delay."
        ),
        name=(
            "A10: average days from entering care to moving in with the adoptive family, adjusted "
            "for foster carer adoptions (3 years)"
        ),
        family="looked_after",
        unit="days",
        polarity="lower_is_better",
        definition=(
            "Adoption scorecard A10. As A1, except that a child adopted by their foster carers is "
            "counted to the day they moved in with those carers (the start of the foster placement "
            "before the adoption placement, or of the run of placements with the same carers)."
        ),
        units=_adoption_days("moved_in"),
        tables=(*EPISODE_TABLES, "ssd_permanence"),
        bases=(ADOPTED,),
        breakdowns=BREAKDOWNS,
        period_kinds=("year",),
        decimals=0,
    ),
    Indicator(
        id="adoption_a2",
        not_published=(
            "DfE publishes A1, A2 and A10 in the adoption scorecards (three-year averages for "
            "each council); the scorecards are not among the published statistics Sightline "
            "holds."
        ),
        help=(
            "On average over three years, how many days passed between the court's placement "
            "order and the child being matched with adopters."
        ),
        name="Average days from placement order to match with adopters (3 years)",
        family="looked_after",
        unit="days",
        polarity="lower_is_better",
        definition=(
            "For children adopted in the 3 years to the period end: mean days from the placement "
            "order (the first episode with legal status E1 in the period of care) to the match "
            "with adopters (DATE_MATCH); zero when matched before the order."
        ),
        units="""SELECT *, true AS denominator, true AS numerator,
            greatest(0, date_diff('day', order_date, matched)) AS value FROM base_adopted
        WHERE order_date IS NOT NULL AND matched IS NOT NULL""",
        tables=(*EPISODE_TABLES, "ssd_permanence"),
        bases=(ADOPTED,),
        breakdowns=BREAKDOWNS,
        period_kinds=("year",),
        decimals=0,
    ),
    Indicator(
        id="health_assessments",
        not_published=(
            "DfE publishes health assessments of children looked after for 12 months or more "
            "(outcomes for children in need, including children looked after); that table is not "
            "among the published statistics Sightline holds, so there is no England or "
            "neighbours' figure beside it."
        ),
        help=(
            "Of the children in care for a year or more, the share whose health assessment is up "
            "to date."
        ),
        name="Health assessments up to date",
        family="looked_after",
        unit="percent",
        polarity="higher_is_better",
        definition=(
            "Of children in the 903 outcomes table (looked after 12 months or more at 31 March), the "
            "percentage whose annual health assessment was up to date."
        ),
        units=_outcome("health_assessment"),
        tables=("s903_outcomes",),
        breakdowns=PERSON_BREAKDOWNS,
        period_kinds=("year",),
        interpretation="oc2 describes its own collection year: the period only selects the snapshot's year.",
        decimals=0,
    ),
    Indicator(
        id="dental_checks",
        not_published=(
            "DfE publishes dental checks of children looked after for 12 months or more (outcomes "
            "for children in need, including children looked after); that table is not among the "
            "published statistics Sightline holds, so there is no England or neighbours' figure "
            "beside it."
        ),
        help=(
            "Of the children in care for a year or more, the share whose dental check is up to "
            "date."
        ),
        name="Dental checks up to date",
        family="looked_after",
        unit="percent",
        polarity="higher_is_better",
        definition="As health_assessments, for TEETH_CHECK.",
        units=_outcome("teeth_check"),
        tables=("s903_outcomes",),
        breakdowns=PERSON_BREAKDOWNS,
        period_kinds=("year",),
        decimals=0,
    ),
    Indicator(
        id="immunisations",
        not_published=(
            "DfE publishes immunisations of children looked after for 12 months or more (outcomes "
            "for children in need, including children looked after); that table is not among the "
            "published statistics Sightline holds, so there is no England or neighbours' figure "
            "beside it."
        ),
        help=(
            "Of the children in care for a year or more, the share whose immunisations are up to "
            "date."
        ),
        name="Immunisations up to date",
        family="looked_after",
        unit="percent",
        polarity="higher_is_better",
        definition="As health_assessments, for IMMUNISATIONS.",
        units=_outcome("immunisations"),
        tables=("s903_outcomes",),
        breakdowns=PERSON_BREAKDOWNS,
        period_kinds=("year",),
        decimals=0,
    ),
    Indicator(
        id="care_leavers_eet_17_18",
        help="Of the care leavers aged 17 or 18, the share in education, employment or training.",
        name="Care leavers aged 17-18 in education, employment or training",
        family="looked_after",
        unit="percent",
        polarity="higher_is_better",
        definition=(
            "Of care leavers (903 oc3) aged 17 or 18 at their birthday in the year, the percentage "
            "whose activity (ACTIV F* or P*) is education, employment or training."
        ),
        units=_care_leavers(17, 18, EET),
        tables=("ssd_care_leavers", "ssd_person"),
        bases=(CARE_LEAVERS,),
        breakdowns=PERSON_BREAKDOWNS,
        period_kinds=("year",),
        published=_leavers_published(
            ACTIVITY, "17 to 18 years", "Total in education, employment or training"
        ),
        interpretation="Age is the age at the period end, which for a year to 31 March is the age at the birthday in it.",
        decimals=0,
    ),
    Indicator(
        id="care_leavers_eet_19_21",
        help="Of the care leavers aged 19 to 21, the share in education, employment or training.",
        name="Care leavers aged 19-21 in education, employment or training",
        family="looked_after",
        unit="percent",
        polarity="higher_is_better",
        definition="As care_leavers_eet_17_18, for ages 19 to 21.",
        units=_care_leavers(19, 21, EET),
        tables=("ssd_care_leavers", "ssd_person"),
        bases=(CARE_LEAVERS,),
        breakdowns=PERSON_BREAKDOWNS,
        period_kinds=("year",),
        published=_leavers_published(
            ACTIVITY, "19 to 21 years", "Total in education, employment or training"
        ),
        decimals=0,
    ),
    Indicator(
        id="care_leavers_suitable_17_18",
        help=(
            "Of the care leavers aged 17 or 18, the share living in accommodation judged suitable."
        ),
        name="Care leavers aged 17-18 in suitable accommodation",
        family="looked_after",
        unit="percent",
        polarity="higher_is_better",
        definition=(
            "Of care leavers aged 17 or 18 (DfE's suitability total: not those who have died or "
            "returned home for 6 months or more, IN_TOUCH DIED or RHOM), the percentage in "
            "accommodation considered suitable (ACCOM ending in 1, or the source's own "
            "suitability flag); no information counts in the total."
        ),
        units=_care_leavers(17, 18, SUITABLE, SUITABILITY_TOTAL),
        tables=("ssd_care_leavers", "ssd_person"),
        bases=(CARE_LEAVERS,),
        breakdowns=PERSON_BREAKDOWNS,
        period_kinds=("year",),
        published=_leavers_published(
            ACCOMMODATION, "17 to 18 years", "Accommodation considered suitable"
        ),
        decimals=0,
    ),
    Indicator(
        id="care_leavers_suitable_19_21",
        help=(
            "Of the care leavers aged 19 to 21, the share living in accommodation judged suitable."
        ),
        name="Care leavers aged 19-21 in suitable accommodation",
        family="looked_after",
        unit="percent",
        polarity="higher_is_better",
        definition="As care_leavers_suitable_17_18, for ages 19 to 21.",
        units=_care_leavers(19, 21, SUITABLE, SUITABILITY_TOTAL),
        tables=("ssd_care_leavers", "ssd_person"),
        bases=(CARE_LEAVERS,),
        breakdowns=PERSON_BREAKDOWNS,
        period_kinds=("year",),
        published=_leavers_published(
            ACCOMMODATION, "19 to 21 years", "Accommodation considered suitable"
        ),
        decimals=0,
    ),
]
