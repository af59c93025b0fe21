"""Who holds each child's case: the team and worker of their latest allocation.

No one table says it. The 903's social worker episodes (`ssd_involvements`) name the worker but no
team; Annex A names the team and worker on each referral, assessment, enquiry and plan; an SSD
extract has involvements with both. So every source is read, in every return's schema, and each
child's latest team and latest worker are taken from whichever names them. Compliance lists, the
child's page and team scoping all use this one answer.
"""

from __future__ import annotations

# (table, child column, team column, worker column, the date the allocation began)
SOURCES: tuple[tuple[str, str, str, str, str], ...] = (
    ("ssd_involvements", "invo_person_id", "invo_professional_team", "invo_professional_id",
     "invo_involvement_start_date"),
    ("ssd_cin_episodes", "cine_person_id", "cine_referral_team", "cine_referral_worker_id",
     "cine_referral_date"),
    ("ssd_cin_assessments", "cina_person_id", "cina_assessment_team", "cina_assessment_worker_id",
     "cina_assessment_start_date"),
    ("ssd_cin_plans", "cinp_person_id", "cinp_cin_plan_team", "cinp_cin_plan_worker_id",
     "cinp_cin_plan_start_date"),
    ("ssd_s47_enquiry", "s47e_person_id", "s47e_s47_completed_by_team",
     "s47e_s47_completed_by_worker_id", "s47e_s47_start_date"),
    ("ssd_cp_plans", "cppl_person_id", "cppl_cp_plan_team", "cppl_cp_plan_worker_id",
     "cppl_cp_plan_start_date"),
)  # fmt: skip

SCHEMAS = ("main", "annex_a", "ssd")


def current_allocations_sql(as_of: str | None = None) -> str:
    """SQL giving one row per child: person_id, team, worker (either may be null).

    `as_of` is a SQL date expression (e.g. "$today"): allocations that began after it, and
    involvements that had ended by it, are left out. Of two beginning the same day, the one from
    the source listed first in `SOURCES` wins (an allocation recorded as one, `ssd_involvements`,
    before a team named on a referral), then the greater name: the same answer every time,
    whatever order the rows are read in."""
    parts = []
    for schema in SCHEMAS:
        for rank, (table, person, team, worker, since) in enumerate(SOURCES):
            ended = (
                f" AND (invo_involvement_end_date IS NULL OR invo_involvement_end_date > {as_of})"
                if as_of and table == "ssd_involvements"
                else ""
            )
            began = f"coalesce({since}, {as_of}) <= {as_of}" if as_of else "true"
            parts.append(
                f"SELECT {person} AS person_id, {team} AS team, {worker} AS worker, "
                f"coalesce({since}, DATE '1900-01-01') AS since, {-rank} AS source_rank "
                f"FROM {schema}.{table} WHERE {began}{ended}"
            )
    union = "\nUNION ALL\n".join(parts)
    return f"""
    SELECT person_id,
        arg_max(team, (since, source_rank, team)) FILTER (WHERE coalesce(team, '') <> '') AS team,
        arg_max(worker, (since, source_rank, worker)) FILTER (WHERE coalesce(worker, '') <> '')
            AS worker
    FROM ({union})
    WHERE person_id IS NOT NULL
    GROUP BY person_id
"""
