"""Workforce: the children's social work workforce census figures, and live caseloads.

The census is taken on 30 September; a period includes the census whose 30 September falls in it,
so the year to 31 March 2018 carries the September 2017 census, which DfE publishes as 2017
(`Published.year_offset = -1`).
"""

from __future__ import annotations

from sightline.indicators.model import Indicator, Published

CSWW = "csww_indicators_2017_to_2025.csv"

CENSUS = """
SELECT NULL::VARCHAR AS person_id, CAST(year AS VARCHAR) AS record_id,
    make_date(year, 9, 30) AS event_date, {numerator} AS numerator, {denominator} AS denominator
FROM csww_council_figures
WHERE make_date(year, 9, 30) BETWEEN $period_start AND $period_end
"""


def _census(numerator: str, denominator: str) -> str:
    return CENSUS.format(numerator=numerator, denominator=denominator)


def _csww(column: str) -> Published:
    return Published(CSWW, column, year_offset=-1)


INDICATORS = [
    Indicator(
        id="vacancy_rate",
        name="Social worker vacancy rate",
        family="workforce",
        unit="percent",
        polarity="lower_is_better",
        definition="Vacancies FTE / (vacancies FTE + social workers in post FTE), at the census.",
        units=_census("vacancies_fte", "vacancies_fte + fte_in_post"),
        tables=("csww_council_figures",),
        breakdowns=(),
        published=_csww("vacancy_rate_fte"),
    ),
    Indicator(
        id="agency_rate",
        name="Agency social worker rate",
        family="workforce",
        unit="percent",
        polarity="lower_is_better",
        definition="Agency workers FTE / (agency FTE + social workers in post FTE), at the census.",
        units=_census("agency_fte", "agency_fte + fte_in_post"),
        tables=("csww_council_figures",),
        breakdowns=(),
        published=_csww("agency_rate_fte"),
    ),
    Indicator(
        id="turnover_rate",
        name="Social worker turnover rate",
        family="workforce",
        unit="percent",
        polarity="lower_is_better",
        definition="Leavers FTE in the year to the census / social workers in post FTE.",
        units=_census("leavers_fte", "fte_in_post"),
        tables=("csww_council_figures",),
        breakdowns=(),
        published=_csww("turnover_rate_fte"),
    ),
    Indicator(
        id="caseload",
        name="Average caseload per case-holding social worker",
        family="workforce",
        unit="ratio",
        polarity="lower_is_better",
        definition="Cases held / case holders FTE, at the census.",
        units=_census("cases", "case_holders_fte"),
        tables=("csww_council_figures",),
        breakdowns=(),
        published=_csww("caseload_fte"),
    ),
    Indicator(
        id="caseload_live",
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
        breakdowns=("team", "worker"),
    ),
]
