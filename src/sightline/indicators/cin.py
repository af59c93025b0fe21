"""Children in need: open cases at the period end, assessments, section 47 enquiries."""

from __future__ import annotations

from sightline.dataset import wd_between_joined
from sightline.indicators.model import PERSON_BREAKDOWNS, Base, DerivedRate, Indicator, Published

B1 = "b1_children_in_need_2013_to_2025.csv"

OPEN_AT_END = Base(
    "base_cin_open_at_end",
    """
SELECT cine_person_id AS person_id, cine_referral_id AS record_id,
    cine_referral_date AS event_date, cine_referral_team AS team,
    cine_referral_worker_id AS worker, cine_cin_primary_need_code AS primary_need,
    true AS numerator, true AS denominator
FROM ssd_cin_episodes
WHERE cine_referral_date <= $period_end
  AND (cine_close_date IS NULL OR cine_close_date > $period_end)
""",
)

# DfE's bands for assessment duration (working days from start to authorisation).
ASSESSMENT_BAND = """CASE
    WHEN wd = 0 THEN '0 (same day)' WHEN wd <= 10 THEN '1-10' WHEN wd <= 20 THEN '11-20'
    WHEN wd <= 30 THEN '21-30' WHEN wd <= 40 THEN '31-40' WHEN wd <= 45 THEN '41-45'
    WHEN wd <= 50 THEN '46-50' WHEN wd <= 60 THEN '51-60' ELSE '61+' END"""
_CALENDAR, _WORKING_DAYS = wd_between_joined(
    "a.cina_assessment_start_date", "a.cina_assessment_auth_date", "wd"
)

ASSESSMENTS = Base(
    "base_assessments",
    f"""
SELECT person_id, record_id, event_date, team, worker, primary_need, wd AS value,
    {ASSESSMENT_BAND} AS band, true AS denominator, wd <= 45 AS numerator
FROM (
    SELECT a.cina_person_id AS person_id, a.cina_assessment_id AS record_id,
        a.cina_assessment_auth_date AS event_date, a.cina_assessment_team AS team,
        a.cina_assessment_worker_id AS worker, e.cine_cin_primary_need_code AS primary_need,
        {_WORKING_DAYS} AS wd
    FROM ssd_cin_assessments a
    LEFT JOIN ssd_cin_episodes e ON e.cine_referral_id = a.cina_referral_id
    {_CALENDAR}
    WHERE a.cina_assessment_auth_date BETWEEN $period_start AND $period_end
      AND a.cina_assessment_start_date IS NOT NULL
      AND a.cina_assessment_auth_date >= a.cina_assessment_start_date
)
""",
)

S47S = Base(
    "base_s47s",
    """
SELECT s.s47e_person_id AS person_id, s.s47e_s47_enquiry_id AS record_id,
    s.s47e_s47_start_date AS event_date, s.s47e_s47_completed_by_team AS team,
    s.s47e_s47_completed_by_worker_id AS worker, e.cine_cin_primary_need_code AS primary_need,
    true AS numerator, true AS denominator
FROM ssd_s47_enquiry s LEFT JOIN ssd_cin_episodes e ON e.cine_referral_id = s.s47e_referral_id
WHERE s.s47e_s47_start_date BETWEEN $period_start AND $period_end
""",
)

BREAKDOWNS = ("team", "worker", "primary_need", *PERSON_BREAKDOWNS)

# The family as the scorecard names it, and where it stands among the families.
TITLE = "Children in need"
ORDER = 20

INDICATORS = [
    Indicator(
        id="cin_at_31",
        help="How many children were being helped as children in need on 31 March.",
        name="Children in need at the period end (episodes)",
        family="cin",
        unit="count",
        polarity="neutral",
        definition=(
            "Episodes of need open at the end of the period (31 March for a year): referral on or "
            "before it, not closed by it (an episode closed on the day itself is closed)."
        ),
        units="SELECT * FROM base_cin_open_at_end",
        bases=(OPEN_AT_END,),
        tables=("ssd_cin_episodes",),
        breakdowns=BREAKDOWNS,
        published=Published(B1, "At31_episodes"),
        decimals=0,
    ),
    Indicator(
        id="cin_rate",
        help="Children in need on 31 March for every 10,000 children living in the area.",
        name="Children in need per 10,000 children",
        family="cin",
        unit="rate_per_10k",
        polarity="neutral",
        definition="Episodes of need open at the period end per 10,000 children aged 0-17.",
        units="SELECT * FROM base_cin_open_at_end",
        bases=(OPEN_AT_END,),
        tables=("ssd_cin_episodes",),
        breakdowns=(),
        published=DerivedRate(Published(B1, "At31_episodes"), decimals=1),
        decimals=1,  # DfE publishes these rates per 10,000 to one place (CLA rates: whole numbers)
    ),
    Indicator(
        id="assessments_45wd",
        not_published=(
            "DfE publishes assessments by duration for each council (children in need statistics, "
            "table C2); that table is not among the published statistics Sightline holds, so "
            "there is no England or neighbours' figure beside it."
        ),
        help=(
            "Of the assessments completed, the share finished within the legal limit of 45 "
            "working days."
        ),
        name="Assessments completed within 45 working days",
        family="cin",
        unit="percent",
        polarity="higher_is_better",
        definition=(
            "Of assessments authorised in the period, the percentage authorised within 45 working "
            "days of their start (working days exclude weekends and bank holidays; the same day is "
            "0). Breakdown 'band' gives DfE's duration bands."
        ),
        units="SELECT * FROM base_assessments",
        bases=(ASSESSMENTS,),
        tables=("ssd_cin_assessments", "ssd_cin_episodes"),
        breakdowns=(*BREAKDOWNS, "band"),
        interpretation=(
            "Assessments authorised before they started are data errors and are left out; the "
            "duration is counted from the assessment's start (as DfE table C2), not the referral."
        ),
    ),
    Indicator(
        id="assessment_days",
        not_published=(
            "DfE publishes assessments by duration band and their median (children in need "
            "statistics, table C2), not an average; that table is not among the published "
            "statistics Sightline holds."
        ),
        help="On average, how many working days an assessment took from start to end.",
        name="Average working days to complete an assessment",
        family="cin",
        unit="days",
        polarity="lower_is_better",
        definition="Mean working days from start to authorisation of assessments authorised in the period.",
        units="SELECT * FROM base_assessments",
        bases=(ASSESSMENTS,),
        tables=("ssd_cin_assessments", "ssd_cin_episodes"),
        breakdowns=BREAKDOWNS,
    ),
    Indicator(
        id="assessment_factors",
        not_published=(
            "DfE's table C3 counts the episodes of need with each factor; this counts every "
            "factor on every assessment authorised, so the two are not the same count."
        ),
        help=(
            "How often each concern (for example domestic abuse or mental health) was recorded at"
            " the end of an assessment."
        ),
        name="Factors identified at the end of assessment",
        family="cin",
        unit="count",
        polarity="neutral",
        definition=(
            "Factors recorded on assessments authorised in the period, one per factor; break down "
            "by 'factor' for the count of each code (DfE table C3)."
        ),
        units="""
SELECT a.cina_person_id AS person_id, a.cina_assessment_id AS record_id,
    a.cina_assessment_auth_date AS event_date, a.cina_assessment_team AS team,
    a.cina_assessment_worker_id AS worker, upper(f.cinf_factor_code) AS factor,
    true AS numerator, true AS denominator
FROM ssd_assessment_factors f
JOIN ssd_cin_assessments a ON a.cina_assessment_id = f.cinf_assessment_id
WHERE a.cina_assessment_auth_date BETWEEN $period_start AND $period_end
""",
        tables=("ssd_assessment_factors", "ssd_cin_assessments"),
        breakdowns=("factor", "team", "worker", *PERSON_BREAKDOWNS),
        decimals=0,
    ),
    Indicator(
        id="s47s",
        not_published=(
            "DfE publishes section 47 enquiries for each council in its children in need "
            "statistics; that table is not among the published statistics Sightline holds, so "
            "there is no England or neighbours' figure beside it."
        ),
        help=(
            "How many child protection enquiries (section 47) were started, where there was cause"
            " to suspect a child was suffering or likely to suffer significant harm."
        ),
        name="Section 47 enquiries started",
        family="cin",
        unit="count",
        polarity="neutral",
        definition="Section 47 enquiries with S47ActualStartDate in the period.",
        units="SELECT * FROM base_s47s",
        bases=(S47S,),
        tables=("ssd_s47_enquiry", "ssd_cin_episodes"),
        breakdowns=BREAKDOWNS,
        decimals=0,
    ),
    Indicator(
        id="s47_rate",
        not_published=(
            "DfE publishes section 47 enquiries for each council in its children in need "
            "statistics; that table is not among the published statistics Sightline holds, so "
            "there is no England or neighbours' figure beside it."
        ),
        help="Child protection enquiries started for every 10,000 children in the area.",
        name="Section 47 enquiries per 10,000 children",
        family="cin",
        unit="rate_per_10k",
        polarity="neutral",
        definition="Section 47 enquiries started in the period per 10,000 children aged 0-17.",
        units="SELECT * FROM base_s47s",
        bases=(S47S,),
        tables=("ssd_s47_enquiry", "ssd_cin_episodes"),
        breakdowns=(),
        period_kinds=("year", "rolling12"),
        decimals=1,  # DfE publishes these rates per 10,000 to one place (CLA rates: whole numbers)
    ),
]
