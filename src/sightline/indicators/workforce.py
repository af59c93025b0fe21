"""Workforce: the children's social work workforce census figures, and live caseloads.

The census is taken on 30 September and DfE publishes it under that year. A period carries the
census whose 30 September falls in the period moved six months on, so the year to 31 March 2025
carries the September 2025 census, published as 2025: the same year number as the case returns,
as councils and DfE's own tables pair them.
"""

from __future__ import annotations

from sightline.indicators.model import Indicator, Published

CSWW = "csww_indicators_2017_to_2025.csv"

CENSUS = """
SELECT NULL::VARCHAR AS person_id, CAST(year AS VARCHAR) AS record_id,
    make_date(year, 9, 30) AS event_date, {numerator} AS numerator, {denominator} AS denominator
FROM csww_council_figures
WHERE make_date(year, 9, 30) > $period_start + INTERVAL 6 MONTH
  AND make_date(year, 9, 30) <= $period_end + INTERVAL 6 MONTH
"""


def _census(numerator: str, denominator: str) -> str:
    return CENSUS.format(numerator=numerator, denominator=denominator)


def _csww(column: str) -> Published:
    return Published(CSWW, column)


# The family as the scorecard names it, and where it stands among the families.
TITLE = "Workforce"
ORDER = 50

INDICATORS = [
    Indicator(
        id="vacancy_rate",
        help="Of the social worker posts, the share that were vacant on 30 September.",
        name="Social worker vacancy rate",
        family="workforce",
        unit="percent",
        polarity="lower_is_better",
        definition="Vacancies FTE / (vacancies FTE + social workers in post FTE), at the census.",
        units=_census("vacancies_fte", "vacancies_fte + fte_in_post"),
        tables=("csww_council_figures",),
        breakdowns=(),
        counts_children=False,
        published=_csww("vacancy_rate_fte"),
    ),
    Indicator(
        id="agency_rate",
        help=(
            "Of the social workers, the share employed through an agency rather than by the "
            "council."
        ),
        name="Agency social worker rate",
        family="workforce",
        unit="percent",
        polarity="lower_is_better",
        definition="Agency workers FTE / (agency FTE + social workers in post FTE), at the census.",
        units=_census("agency_fte", "agency_fte + fte_in_post"),
        tables=("csww_council_figures",),
        breakdowns=(),
        counts_children=False,
        published=_csww("agency_rate_fte"),
    ),
    Indicator(
        id="turnover_rate",
        help="Of the social workers, the share who left the council in the year.",
        name="Social worker turnover rate",
        family="workforce",
        unit="percent",
        polarity="lower_is_better",
        definition="Leavers FTE in the year to the census / social workers in post FTE.",
        units=_census("leavers_fte", "fte_in_post"),
        tables=("csww_council_figures",),
        breakdowns=(),
        counts_children=False,
        published=_csww("turnover_rate_fte"),
    ),
    Indicator(
        id="caseload",
        help="On average, how many children each case-holding social worker was working with.",
        name="Average caseload per case-holding social worker",
        family="workforce",
        unit="ratio",
        polarity="lower_is_better",
        definition="Cases held / case holders FTE, at the census.",
        units=_census("cases", "case_holders_fte"),
        tables=("csww_council_figures",),
        breakdowns=(),
        counts_children=False,
        published=_csww("caseload_fte"),
    ),
    Indicator(
        id="caseload_live",
        not_published=(
            "DfE publishes caseloads only from the workforce census (cases per case-holding "
            "social worker at 30 September, compared on the average caseload's page), not "
            "children per allocated worker at the period end."
        ),
        help="Children with an allocated social worker on the last day, for each such worker.",
        name="Children per allocated social worker at the period end",
        family="workforce",
        unit="ratio",
        polarity="lower_is_better",
        definition=(
            "Children with an open allocation (involvement) at the period end, divided by the "
            "workers holding them; by team or worker for the live caseload of each."
        ),
        units="""SELECT NULL::VARCHAR AS person_id, invo_professional_id AS record_id,
            invo_professional_id AS worker, any_value(invo_professional_team) AS team,
            count(DISTINCT invo_person_id) AS numerator, 1 AS denominator
        FROM ssd_involvements
        WHERE invo_involvement_start_date <= $period_end
          AND (invo_involvement_end_date IS NULL OR invo_involvement_end_date > $period_end)
          AND invo_professional_id IS NOT NULL
        GROUP BY invo_professional_id""",
        tables=("ssd_involvements",),
        requires=("ssd_involvements",),
        breakdowns=("team", "worker"),
    ),
]
