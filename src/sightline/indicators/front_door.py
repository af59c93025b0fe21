"""Front door: referrals, re-referrals, no further action, not in need (CIN census, table C1)."""

from __future__ import annotations

from sightline.indicators.model import (
    PERSON_BREAKDOWNS,
    Base,
    DerivedRate,
    History,
    Indicator,
    Published,
)

C1 = "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv"
BREAKDOWNS = ("team", "worker", "primary_need", *PERSON_BREAKDOWNS)

# Every referral of the period, with the child's referral before it (if any), looked for in this
# year's data and the year before's (`referral_history`: each child's distinct referral dates, this
# year's among them, so the date before a referral's own is the latest earlier one).
REFERRALS = Base(
    "base_referrals",
    """
SELECT r.cine_person_id AS person_id, r.cine_referral_id AS record_id,
    r.cine_referral_date AS event_date, r.cine_referral_team AS team,
    r.cine_referral_worker_id AS worker, r.cine_cin_primary_need_code AS primary_need,
    h.previous_referral, r.cine_referral_nfa, r.cine_close_reason, r.cine_close_date
FROM (SELECT * FROM ssd_cin_episodes
      WHERE cine_referral_date BETWEEN $period_start AND $period_end) r
LEFT JOIN (
    SELECT person_id, referral_date,
        lag(referral_date) OVER (PARTITION BY person_id ORDER BY referral_date) AS previous_referral
    FROM referral_history
) h ON h.person_id = r.cine_person_id AND h.referral_date = r.cine_referral_date
""",
)


def _over_referrals(numerator: str) -> str:
    return f"SELECT *, true AS denominator, {numerator} AS numerator FROM base_referrals"


# The family as the scorecard names it, and where it stands among the families.
TITLE = "Front door"
ORDER = 10

INDICATORS = [
    Indicator(
        id="referrals",
        help=(
            "How many times in the year someone (police, school, health, family) asked children's"
            " social care to help a child and the council accepted it as a referral."
        ),
        name="Referrals",
        family="front_door",
        unit="count",
        polarity="neutral",
        definition="Referrals (CINdetails) with a CINreferralDate in the period.",
        units=_over_referrals("true"),
        tables=("ssd_cin_episodes", "referral_history"),
        bases=(REFERRALS,),
        breakdowns=BREAKDOWNS,
        published=Published(C1, "referral_count"),
        decimals=0,
    ),
    Indicator(
        id="referrals_rate",
        help=(
            "Referrals for every 10,000 children living in the area, so councils of different "
            "sizes can be compared."
        ),
        name="Referrals per 10,000 children",
        family="front_door",
        unit="rate_per_10k",
        polarity="neutral",
        definition="Referrals in the period per 10,000 children aged 0-17 (ONS mid-year estimate).",
        units=_over_referrals("true"),
        tables=("ssd_cin_episodes", "referral_history"),
        bases=(REFERRALS,),
        breakdowns=(),
        published=DerivedRate(Published(C1, "referral_count"), decimals=1),
        period_kinds=("year", "rolling12"),
        decimals=1,  # DfE publishes these rates per 10,000 to one place (CLA rates: whole numbers)
    ),
    Indicator(
        id="rereferrals",
        help=(
            "Of the year's referrals, the share about a child already referred in the 12 months "
            "before: a high figure can mean help ended too soon."
        ),
        name="Re-referrals within 12 months",
        family="front_door",
        unit="percent",
        polarity="lower_is_better",
        definition=(
            "Of referrals in the period, the percentage where the same child had a referral in the "
            "12 months before its date."
        ),
        units=_over_referrals(
            "coalesce(previous_referral >= event_date - INTERVAL 12 MONTH, false)"
        ),
        tables=("ssd_cin_episodes", "referral_history"),
        bases=(REFERRALS,),
        breakdowns=BREAKDOWNS,
        published=Published(C1, "rereferral_percent"),
        # a referral in April looks back to the April before: the year before's census
        history=History("ssd_cin_episodes", 12, "the year before's CIN census"),
        interpretation=(
            "A previous referral exactly 12 months before counts (within 12 months, inclusive); "
            "a second referral on the same day is not a re-referral; previous referrals are looked "
            "for in this year's return and the year before's (`referral_history`)."
        ),
    ),
    Indicator(
        id="referrals_nfa",
        help=(
            "Of the year's referrals, the share where the council decided no further action was "
            "needed."
        ),
        name="Referrals with no further action",
        family="front_door",
        unit="percent",
        polarity="neutral",
        definition="Of referrals in the period, the percentage with ReferralNFA true.",
        units=_over_referrals("coalesce(cine_referral_nfa, false)"),
        tables=("ssd_cin_episodes", "referral_history"),
        bases=(REFERRALS,),
        breakdowns=BREAKDOWNS,
        published=Published(C1, "no_further_action_percent"),
    ),
    Indicator(
        id="not_in_need",
        help=(
            "Of the assessments completed, the share that found the child was not in need of "
            "social care help."
        ),
        name="Referrals assessed as not in need",
        family="front_door",
        unit="percent",
        polarity="neutral",
        definition=(
            "Of referrals in the period, the percentage whose episode closed with reason RC8 "
            "(case closed after assessment, no further action)."
        ),
        units=_over_referrals("coalesce(cine_close_reason = 'RC8', false)"),
        tables=("ssd_cin_episodes", "referral_history"),
        bases=(REFERRALS,),
        breakdowns=BREAKDOWNS,
        published=Published(C1, "not_in_need_percent"),
        interpretation=(
            "DfE divides by referrals in the year (Rotherham 2025: 1,218 / 2,909 = 41.9%); the "
            "numerator is taken as those referrals whose episode has closed RC8 by the snapshot."
        ),
    ),
]
