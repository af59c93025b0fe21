"""Child protection: initial conferences, plans, repeat plans, duration, reviews."""

from __future__ import annotations

from sightline.dataset import wd_between_joined
from sightline.indicators.model import PERSON_BREAKDOWNS, Base, DerivedRate, Indicator, Published

D3 = "d3_cpps_subsequent_plan_2013_to_2025.csv"
D5 = "d5_cpps_at31march_by_duration_2013_to_2025.csv"
BREAKDOWNS = ("team", "worker", *PERSON_BREAKDOWNS)

ICPC_BAND = """CASE WHEN wd <= 10 THEN '0-10' WHEN wd <= 15 THEN '11-15'
    WHEN wd <= 20 THEN '16-20' ELSE '21+' END"""

# DfE's C4 counts initial child protection conferences held in the period, timed from the start of
# their S47 (which may have begun the year before: the CIN census carries an S47 whose ICPC falls in
# the year). Per S47 the earliest ICPC on or after its start is the one held (an ICPC dated before
# its S47 is a data error and is not used).
_CALENDAR, _WORKING_DAYS = wd_between_joined("s.s47e_s47_start_date", "i.icpc_date", "wd")
ICPCS = f"""
SELECT person_id, record_id, event_date, team, worker, wd AS value, {ICPC_BAND} AS band,
    true AS denominator, wd <= 15 AS numerator
FROM (
    SELECT s.s47e_person_id AS person_id, i.icpc_id AS record_id,
        i.icpc_date AS event_date, s.s47e_s47_completed_by_team AS team,
        s.s47e_s47_completed_by_worker_id AS worker,
        {_WORKING_DAYS} AS wd
    FROM ssd_s47_enquiry s
    JOIN (
        SELECT e.s47e_s47_enquiry_id AS enquiry_id, min(c.icpc_icpc_date) AS icpc_date,
            arg_min(c.icpc_icpc_id, c.icpc_icpc_date) AS icpc_id
        FROM ssd_s47_enquiry e
        JOIN ssd_initial_cp_conference c ON c.icpc_s47_enquiry_id = e.s47e_s47_enquiry_id
        WHERE c.icpc_icpc_date >= e.s47e_s47_start_date
        GROUP BY 1
    ) i ON i.enquiry_id = s.s47e_s47_enquiry_id
    {_CALENDAR}
    WHERE i.icpc_date BETWEEN $period_start AND $period_end
)
"""

# Every plan, with the start of the child's first plan known (this year's return or the year
# before's), worked out once per dataset.
PLANS = Base(
    "base_cp_plans",
    """
SELECT cppl_person_id AS person_id, cppl_cp_plan_id AS record_id,
    cppl_cp_plan_start_date AS event_date, cppl_cp_plan_team AS team,
    cppl_cp_plan_worker_id AS worker, cppl_cp_plan_start_date, cppl_cp_plan_end_date,
    cppl_number_of_previous_cpp, h.first_plan_start
FROM ssd_cp_plans LEFT JOIN (
    SELECT person_id, min(start_date) AS first_plan_start FROM cp_plan_history GROUP BY 1
) h ON h.person_id = cppl_person_id
WHERE cppl_cp_plan_start_date IS NOT NULL
""",
)

# The plans open at the period end.
OPEN_AT_END = Base(
    "base_cp_open_at_end",
    """
SELECT *, true AS denominator FROM base_cp_plans
WHERE cppl_cp_plan_start_date <= $period_end
  AND (cppl_cp_plan_end_date IS NULL OR cppl_cp_plan_end_date > $period_end)
""",
    (PLANS,),
)

DURATION_BAND = """CASE
    WHEN cppl_cp_plan_start_date > $period_end - INTERVAL 3 MONTH THEN '3 months or less'
    WHEN cppl_cp_plan_start_date > $period_end - INTERVAL 6 MONTH THEN 'more than 3 months to 6 months'
    WHEN cppl_cp_plan_start_date > $period_end - INTERVAL 1 YEAR THEN 'more than 6 months, less than 1 year'
    WHEN cppl_cp_plan_start_date > $period_end - INTERVAL 2 YEAR THEN '1 year, less than 2 years'
    ELSE '2 years or more' END"""

# Plans open at the period end that had run 3 months or more, with every review on time: the first
# within 3 months of the start, each later one within 6 months of the one before, and the latest
# still in date at the period end.
REVIEWED = """
WITH plans AS (
    SELECT cppl_cp_plan_id, cppl_person_id, cppl_cp_plan_start_date AS started,
        cppl_cp_plan_team, cppl_cp_plan_worker_id
    FROM ssd_cp_plans
    WHERE cppl_cp_plan_start_date <= $period_end - INTERVAL 3 MONTH
      AND (cppl_cp_plan_end_date IS NULL OR cppl_cp_plan_end_date > $period_end)
), matched AS (
    -- a review belongs to its plan by plan ID, or by child and date where it has no plan ID
    SELECT p.cppl_cp_plan_id AS plan_id, p.started, r.cppr_cp_review_date AS reviewed
    FROM plans p JOIN ssd_cp_reviews r ON r.cppr_cp_plan_id = p.cppl_cp_plan_id
    UNION ALL
    SELECT p.cppl_cp_plan_id, p.started, r.cppr_cp_review_date
    FROM plans p JOIN ssd_cp_reviews r
      ON r.cppr_cp_plan_id IS NULL AND r.cppr_person_id = p.cppl_person_id
), reviews AS (
    SELECT plan_id, started, reviewed,
        lag(reviewed) OVER (PARTITION BY plan_id ORDER BY reviewed) AS previous
    FROM matched WHERE reviewed BETWEEN started AND $period_end
), per_plan AS (
    SELECT plan_id, max(reviewed) AS last_review,
        bool_or(CASE WHEN previous IS NULL THEN reviewed > started + INTERVAL 3 MONTH
                     ELSE reviewed > previous + INTERVAL 6 MONTH END) AS any_late
    FROM reviews GROUP BY plan_id
)
SELECT p.cppl_person_id AS person_id, p.cppl_cp_plan_id AS record_id, p.started AS event_date,
    p.cppl_cp_plan_team AS team, p.cppl_cp_plan_worker_id AS worker, true AS denominator,
    CASE WHEN r.last_review IS NULL THEN $period_end <= p.started + INTERVAL 3 MONTH
         ELSE NOT r.any_late AND $period_end <= r.last_review + INTERVAL 6 MONTH END AS numerator
FROM plans p LEFT JOIN per_plan r ON r.plan_id = p.cppl_cp_plan_id
"""

# The family as the scorecard names it, and where it stands among the families.
TITLE = "Child protection"
ORDER = 30

INDICATORS = [
    Indicator(
        id="icpc_15wd",
        not_published=(
            "DfE publishes initial child protection conferences and their timeliness for each "
            "council in its children in need statistics; that table is not among the published "
            "statistics Sightline holds, so there is no England or neighbours' figure beside it."
        ),
        help=(
            "Of the first child protection conferences, the share held within 15 working days of "
            "the strategy discussion, as the statutory guidance expects."
        ),
        name="Initial child protection conferences within 15 working days",
        family="child_protection",
        unit="percent",
        polarity="higher_is_better",
        definition=(
            "DfE C4. Of initial child protection conferences held in the period, the percentage "
            "held within 15 working days of the start of their section 47 enquiry (which may have "
            "started the year before). ICPCs dated before their S47 are excluded. Breakdown "
            "'band' gives DfE's bands (0-10, 11-15, 16-20, 21+)."
        ),
        units=ICPCS,
        tables=("ssd_s47_enquiry", "ssd_initial_cp_conference"),
        breakdowns=(*BREAKDOWNS, "band"),
        interpretation="Where one S47 has several ICPCs the earliest on or after its start is used.",
    ),
    Indicator(
        id="cpp_started",
        help="How many children became subject to a child protection plan in the year.",
        name="Child protection plans started",
        family="child_protection",
        unit="count",
        polarity="neutral",
        definition="Child protection plans with CPPstartDate in the period.",
        units="SELECT *, true AS numerator, true AS denominator FROM base_cp_plans "
        "WHERE cppl_cp_plan_start_date BETWEEN $period_start AND $period_end",
        tables=("ssd_cp_plans", "cp_plan_history"),
        bases=(PLANS,),
        breakdowns=BREAKDOWNS,
        published=Published(D3, "CPP_start"),
        decimals=0,
    ),
    Indicator(
        id="cpp_at_31",
        help="How many children were on a child protection plan on 31 March.",
        name="Children on a child protection plan at the period end",
        family="child_protection",
        unit="count",
        polarity="neutral",
        definition="Child protection plans open at the period end (a plan ending that day is closed).",
        units=f"SELECT *, true AS numerator, {DURATION_BAND} AS band FROM base_cp_open_at_end",
        tables=("ssd_cp_plans", "cp_plan_history"),
        bases=(OPEN_AT_END,),
        breakdowns=(*BREAKDOWNS, "band"),
        published=Published(D5, "CPP_At31"),
        decimals=0,
    ),
    Indicator(
        id="cpp_rate",
        help="Children on a child protection plan on 31 March for every 10,000 children.",
        name="Children on a child protection plan per 10,000 children",
        family="child_protection",
        unit="rate_per_10k",
        polarity="neutral",
        definition="Child protection plans open at the period end per 10,000 children aged 0-17.",
        units="SELECT *, true AS numerator FROM base_cp_open_at_end",
        tables=("ssd_cp_plans", "cp_plan_history"),
        bases=(OPEN_AT_END,),
        breakdowns=(),
        published=DerivedRate(Published(D5, "CPP_At31"), decimals=1),
        decimals=1,  # DfE publishes these rates per 10,000 to one place (CLA rates: whole numbers)
    ),
    Indicator(
        id="cpp_subsequent",
        help=(
            "Of the plans started, the share for a child who had been on a plan before: a high "
            "figure can mean risk was not reduced the first time."
        ),
        name="Child protection plans that were a second or subsequent plan",
        family="child_protection",
        unit="percent",
        polarity="lower_is_better",
        definition=(
            "Of plans started in the period, the percentage that were a second or subsequent plan "
            "ever: NumberOfPreviousCPP above 0, or an earlier plan for the child in the data."
        ),
        units="""SELECT *, true AS denominator,
            coalesce(cppl_number_of_previous_cpp, 0) > 0
            OR first_plan_start < cppl_cp_plan_start_date AS numerator
        FROM base_cp_plans WHERE cppl_cp_plan_start_date BETWEEN $period_start AND $period_end""",
        tables=("ssd_cp_plans", "cp_plan_history"),
        bases=(PLANS,),
        breakdowns=BREAKDOWNS,
        published=Published(D3, "CPP_subsequent_percent"),
    ),
    Indicator(
        id="cpp_2years",
        help=(
            "Of the plans open on 31 March, the share open for two years or more: plans are meant"
            " to bring change sooner."
        ),
        name="Child protection plans open 2 years or more at the period end",
        family="child_protection",
        unit="percent",
        polarity="lower_is_better",
        definition=(
            "Of plans open at the period end, the percentage that started 2 years or more before it."
        ),
        units="""SELECT *, cppl_cp_plan_start_date <= $period_end - INTERVAL 2 YEAR AS numerator
        FROM base_cp_open_at_end""",
        tables=("ssd_cp_plans", "cp_plan_history"),
        bases=(OPEN_AT_END,),
        breakdowns=BREAKDOWNS,
        published=Published(D5, "2_years_or_more_percent"),
    ),
    Indicator(
        id="cpp_ended_2years",
        not_published=(
            "DfE publishes child protection plans ending in the year by their length for each "
            "council in its children in need statistics; that table is not among the published "
            "statistics Sightline holds, so there is no England or neighbours' figure beside it."
        ),
        help="Of the plans that ended in the year, the share that had lasted two years or more.",
        name="Child protection plans ending in the period that lasted 2 years or more",
        family="child_protection",
        unit="percent",
        polarity="lower_is_better",
        definition="Of plans ending in the period, the percentage that lasted 2 years or more.",
        units="""SELECT *, true AS denominator,
            cppl_cp_plan_end_date >= cppl_cp_plan_start_date + INTERVAL 2 YEAR AS numerator
        FROM base_cp_plans WHERE cppl_cp_plan_end_date BETWEEN $period_start AND $period_end""",
        tables=("ssd_cp_plans", "cp_plan_history"),
        bases=(PLANS,),
        breakdowns=BREAKDOWNS,
    ),
    Indicator(
        id="cpp_reviewed",
        not_published=(
            "The published statistics Sightline holds have no figure for plans reviewed within "
            "timescales, so there is no England or neighbours' figure beside it."
        ),
        help="Of the children on a plan, the share whose plan was reviewed on time.",
        name="Child protection plans reviewed within timescales",
        family="child_protection",
        unit="percent",
        polarity="higher_is_better",
        definition=(
            "Of plans open at the period end that had lasted 3 months or more, the percentage whose "
            "reviews were all on time: the first within 3 months of the start, then at most 6 months "
            "apart, the latest still within 6 months at the period end."
        ),
        units=REVIEWED,
        tables=("ssd_cp_plans", "ssd_cp_reviews"),
        breakdowns=BREAKDOWNS,
        interpretation=(
            "Reviews are matched to their plan by plan ID, or by child and date where the source "
            "has no plan ID (Annex A)."
        ),
    ),
]
