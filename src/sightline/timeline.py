"""One child's story: every event across every return, in date order, with its timescale met or missed.

This is the start of "one chain per child": the page a team manager, an auditor or an inspector opens
to see what happened to a child and when, whichever return recorded it. Each event names the return
and the row it came from (`source_row`), so it can be traced to the original file.

It also answers the question every child-level page asks first: which team is the child allocated to
(`allocated_teams`), so that team managers see their own teams' children only.

Timescales (Working Together 2023; Care Planning Regulations 2010; see docs/timescales):
- child and family assessment authorised within 45 working days of the referral;
- initial child protection conference within 15 working days of the S47 start (DfE's measure);
- first child protection review within 3 months of the ICPC, later ones at most 6 months apart;
- first looked-after review within 20 working days of becoming looked after, the second within 3
  months of the first, later ones at most 6 months apart.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Protocol

import pyarrow as pa

from sightline.allocations import current_allocations_sql
from sightline.codes import sql_words as _words


class _Dataset(Protocol):
    def query(self, sql: str, params: dict[str, Any] | None = None) -> pa.Table: ...


@dataclass(frozen=True)
class Event:
    date: dt.date
    kind: str  # referral, assessment, s47, icpc, cp_plan, cp_review, visit, cla_episode, ...
    title: str
    detail: str
    table: str
    source_row: str | None
    due: dt.date | None = None  # when a timescale applies: the date it was due
    met: bool | None = None  # True met, False missed, None no timescale
    timescale: str = ""  # the timescale in words


@dataclass(frozen=True)
class Child:
    person_id: str
    dob: dt.date | None
    sex: str | None
    ethnicity: str | None
    team: str | None


# Where a child's team is recorded, with the date that makes the latest one current. The CIN census
# and the 903 carry no team; Annex A (lists 3-9) and SSD extracts do, so every schema is read.
def _allocated_teams_sql(dataset: _Dataset) -> str:
    """Each child's team on their latest allocation (`sightline.allocations`)."""
    return f"SELECT person_id, team FROM ({current_allocations_sql()}) WHERE team IS NOT NULL"


def allocated_teams(dataset: _Dataset) -> dict[str, str]:
    """Each child's allocated team: the team on their most recent allocation or episode."""
    rows = dataset.query(_allocated_teams_sql(dataset)).to_pylist()
    return {r["person_id"]: r["team"] for r in rows}


def teams(dataset: _Dataset) -> list[str]:
    rows = dataset.query(
        f"SELECT DISTINCT team FROM ({_allocated_teams_sql(dataset)}) ORDER BY team"
    )
    return [str(t) for t in rows.column("team").to_pylist()]


def child(dataset: _Dataset, person_id: str) -> Child | None:
    """The child's identifying details, or None when no table of the dataset mentions them."""
    person = dataset.query(
        "SELECT pers_dob, pers_sex, pers_ethnicity FROM ssd_person WHERE pers_person_id = $id "
        "LIMIT 1",
        {"id": person_id},
    ).to_pylist()
    team_rows = dataset.query(
        f"SELECT team FROM ({_allocated_teams_sql(dataset)}) WHERE person_id = $id",
        {"id": person_id},
    ).to_pylist()
    if not person and not team_rows and not events(dataset, person_id):
        return None
    details = person[0] if person else {}
    return Child(
        person_id,
        details.get("pers_dob"),
        details.get("pers_sex"),
        details.get("pers_ethnicity"),
        team_rows[0]["team"] if team_rows else None,
    )


# One query per kind of event; each returns date, title, detail, source_row and optionally due/met.
_EVENT_QUERIES: dict[str, tuple[str, str]] = {
    "referral": (
        "ssd_cin_episodes",
        """SELECT cine_referral_date AS date, 'Referral' AS title,
                  concat_ws('; ', 'source ' || cine_referral_source_code,
                            'need ' || cine_cin_primary_need_code,
                            CASE WHEN cine_referral_nfa THEN 'no further action' END,
                            'team ' || cine_referral_team, 'worker ' || cine_referral_worker_id)
                  AS detail, source_row, NULL::DATE AS due, NULL::BOOLEAN AS met, '' AS timescale
           FROM ssd_cin_episodes WHERE cine_person_id = $id
           UNION ALL
           SELECT cine_close_date, 'Case closed', 'reason ' || coalesce(cine_close_reason, '?'),
                  source_row, NULL, NULL, ''
           FROM ssd_cin_episodes WHERE cine_person_id = $id AND cine_close_date IS NOT NULL""",
    ),
    "assessment": (
        "ssd_cin_assessments",
        """SELECT coalesce(a.cina_assessment_auth_date, a.cina_assessment_start_date) AS date,
                  CASE WHEN a.cina_assessment_auth_date IS NULL THEN 'Assessment started (open)'
                       ELSE 'Assessment authorised' END AS title,
                  concat_ws('; ', 'started ' || a.cina_assessment_start_date,
                            CASE WHEN a.cina_assessment_child_seen THEN 'child seen' END,
                            'team ' || a.cina_assessment_team) AS detail,
                  a.source_row,
                  wd_add(e.cine_referral_date, 45) AS due,
                  CASE WHEN e.cine_referral_date IS NULL THEN NULL
                       WHEN a.cina_assessment_auth_date IS NULL THEN NULL
                       ELSE a.cina_assessment_auth_date <= wd_add(e.cine_referral_date, 45)
                  END AS met,
                  '45 working days from referral' AS timescale
           FROM ssd_cin_assessments a
           LEFT JOIN ssd_cin_episodes e ON e.cine_referral_id = a.cina_referral_id
           WHERE a.cina_person_id = $id""",
    ),
    "cin_plan": (
        "ssd_cin_plans",
        """SELECT cinp_cin_plan_start_date AS date, 'Child in need plan started' AS title,
                  coalesce('ended ' || cinp_cin_plan_end_date, 'open') AS detail, source_row,
                  NULL::DATE AS due, NULL::BOOLEAN AS met, '' AS timescale
           FROM ssd_cin_plans WHERE cinp_person_id = $id""",
    ),
    "s47": (
        "ssd_s47_enquiry",
        """SELECT s47e_s47_start_date AS date, 'Section 47 enquiry started' AS title,
                  concat_ws('; ', 'strategy discussion ' || s47e_strategy_discussion_date,
                            CASE WHEN s47e_icpc_not_required THEN 'ICPC not required' END)
                  AS detail, source_row, NULL::DATE AS due, NULL::BOOLEAN AS met, '' AS timescale
           FROM ssd_s47_enquiry WHERE s47e_person_id = $id""",
    ),
    "icpc": (
        "ssd_initial_cp_conference",
        """SELECT c.icpc_icpc_date AS date, 'Initial child protection conference' AS title,
                  CASE WHEN c.icpc_icpc_outcome_cp_flag THEN 'led to a plan' ELSE '' END AS detail,
                  c.source_row, wd_add(s.s47e_s47_start_date, 15) AS due,
                  CASE WHEN s.s47e_s47_start_date IS NULL THEN NULL
                       ELSE c.icpc_icpc_date <= wd_add(s.s47e_s47_start_date, 15) END AS met,
                  '15 working days from the S47 start' AS timescale
           FROM ssd_initial_cp_conference c
           LEFT JOIN ssd_s47_enquiry s ON s.s47e_s47_enquiry_id = c.icpc_s47_enquiry_id
           WHERE c.icpc_person_id = $id AND c.icpc_icpc_date IS NOT NULL""",
    ),
    "cp_plan": (
        "ssd_cp_plans",
        """SELECT cppl_cp_plan_start_date AS date, 'Child protection plan started' AS title,
                  concat_ws('; ', 'category ' || cppl_cp_plan_initial_category,
                            'team ' || cppl_cp_plan_team) AS detail, source_row,
                  NULL::DATE AS due, NULL::BOOLEAN AS met, '' AS timescale
           FROM ssd_cp_plans WHERE cppl_person_id = $id
           UNION ALL
           SELECT cppl_cp_plan_end_date, 'Child protection plan ended', '', source_row,
                  NULL, NULL, ''
           FROM ssd_cp_plans WHERE cppl_person_id = $id AND cppl_cp_plan_end_date IS NOT NULL""",
    ),
    "cp_review": (
        "ssd_cp_reviews",
        """WITH r AS (
             SELECT r.*, p.cppl_cp_plan_start_date AS plan_start,
                    lag(r.cppr_cp_review_date) OVER (PARTITION BY r.cppr_cp_plan_id
                                                     ORDER BY r.cppr_cp_review_date) AS previous
             FROM ssd_cp_reviews r
             LEFT JOIN ssd_cp_plans p ON p.cppl_cp_plan_id = r.cppr_cp_plan_id
             WHERE r.cppr_person_id = $id)
           SELECT cppr_cp_review_date AS date, 'Child protection review conference' AS title,
                  '' AS detail, source_row,
                  CASE WHEN previous IS NULL THEN (plan_start + INTERVAL 3 MONTH)::DATE
                       ELSE (previous + INTERVAL 6 MONTH)::DATE END AS due,
                  CASE WHEN previous IS NULL AND plan_start IS NULL THEN NULL
                       WHEN previous IS NULL
                            THEN cppr_cp_review_date <= (plan_start + INTERVAL 3 MONTH)::DATE
                       ELSE cppr_cp_review_date <= (previous + INTERVAL 6 MONTH)::DATE END AS met,
                  CASE WHEN previous IS NULL THEN '3 months from the plan start'
                       ELSE '6 months from the previous review' END AS timescale
           FROM r""",
    ),
    "pre_proceedings": (
        "ssd_pre_proceedings",
        """SELECT prep_pre_pro_decision_date AS date, 'Pre-proceedings started' AS title,
                  concat_ws('; ', 'letter before proceedings ' || prep_pre_pro_letter_date,
                            CASE WHEN prep_fgdm_offered THEN 'family group meeting offered'
                                 WHEN NOT prep_fgdm_offered THEN 'no family group meeting offered'
                            END,
                            CASE WHEN prep_fgdm_facilitated THEN 'family group meeting held' END,
                            'first meeting ' || prep_initial_pre_pro_meeting_date,
                            prep_pre_pro_meetings_num || ' review meetings') AS detail,
                  source_row, NULL::DATE AS due, NULL::BOOLEAN AS met, '' AS timescale
           FROM ssd_pre_proceedings WHERE prep_person_id = $id
           UNION ALL
           SELECT prep_agree_stepdown_issue_date, 'Pre-proceedings: decision to step down or issue',
                  coalesce('outcome ' || prep_pre_pro_outcome, ''), source_row, NULL, NULL, ''
           FROM ssd_pre_proceedings WHERE prep_person_id = $id
           UNION ALL
           SELECT prep_court_application_date, 'Care proceedings: court application',
                  coalesce('letter to parents ' || prep_care_pro_letter_date, ''), source_row,
                  NULL, NULL, ''
           FROM ssd_pre_proceedings WHERE prep_person_id = $id""",
    ),
    "cp_visit": (
        "ssd_cp_visits",
        """SELECT cppv_cp_visit_date AS date, 'Child protection visit' AS title,
                  CASE WHEN cppv_cp_visit_seen_alone THEN 'seen alone'
                       WHEN NOT cppv_cp_visit_seen_alone THEN 'not seen alone' ELSE '' END AS detail,
                  source_row, NULL::DATE AS due, NULL::BOOLEAN AS met, '' AS timescale
           FROM ssd_cp_visits WHERE cppv_person_id = $id""",
    ),
    "cin_visit": (
        "ssd_cin_visits",
        """SELECT cinv_cin_visit_date AS date, 'Child in need visit' AS title,
                  CASE WHEN cinv_cin_visit_seen_alone THEN 'seen alone'
                       WHEN NOT cinv_cin_visit_seen_alone THEN 'not seen alone' ELSE '' END,
                  source_row, NULL::DATE, NULL::BOOLEAN, ''
           FROM ssd_cin_visits WHERE cinv_person_id = $id""",
    ),
    "cla_episode": (
        "ssd_cla_episodes",
        f"""SELECT clae_cla_episode_start_date AS date,
                  -- RNE as the SSDA903 guide defines it
                  CASE upper(clae_cla_episode_start_reason)
                       WHEN 'S' THEN 'Started to be looked after'
                       WHEN 'L' THEN 'Legal status changed'
                       WHEN 'P' THEN 'Placement and carer changed'
                       WHEN 'T' THEN 'Placement changed, same carer'
                       WHEN 'U' THEN 'Legal status and placement changed, same carer'
                       WHEN 'B' THEN 'Legal status, placement and carer changed'
                       ELSE 'Episode of care' END AS title,
                  concat_ws('; ', 'legal status ' || {_words("LS", "clae_legal_status")},
                            'placement ' || {_words("PLACE", "clae_placement_type")},
                            'provider ' || {_words("PLACE_PROVIDER", "clae_placement_provider")})
                  AS detail,
                  source_row, NULL::DATE AS due, NULL::BOOLEAN AS met, '' AS timescale
           FROM ssd_cla_episodes WHERE clae_person_id = $id
           UNION ALL
           SELECT clae_cla_episode_ceased_date, 'Episode ended',
                  'reason ' || coalesce({_words("REC", "clae_cla_episode_ceased_reason")}, '?'),
                  source_row,
                  NULL, NULL, ''
           FROM ssd_cla_episodes
           WHERE clae_person_id = $id AND clae_cla_episode_ceased_date IS NOT NULL""",
    ),
    "cla_review": (
        "ssd_cla_reviews",
        # The first-review rule needs the day this period of care began (its RNE S episode). When
        # that episode is not in the returns held, the first review held is not the first review:
        # it is shown unjudged, and later ones are judged 6-monthly.
        f"""WITH entered AS (
             SELECT max(clae_cla_episode_start_date) FILTER (WHERE upper(clae_cla_episode_start_reason) = 'S')
                    AS started
             FROM ssd_cla_episodes WHERE clae_person_id = $id),
           r AS (
             SELECT r.*, e.started,
                    (e.started IS NOT NULL AND r.clar_cla_review_date < e.started) AS earlier_period,
                    row_number() OVER (PARTITION BY (e.started IS NOT NULL
                                                     AND r.clar_cla_review_date < e.started)
                                       ORDER BY clar_cla_review_date) AS n,
                    lag(clar_cla_review_date) OVER (PARTITION BY (e.started IS NOT NULL
                                                                  AND r.clar_cla_review_date < e.started)
                                                    ORDER BY clar_cla_review_date) AS previous
             FROM ssd_cla_reviews r, entered e WHERE clar_person_id = $id),
           judged AS (
             SELECT *,
                    CASE WHEN earlier_period THEN NULL
                         WHEN started IS NULL AND n = 1 THEN NULL
                         WHEN started IS NULL THEN (previous + INTERVAL 6 MONTH)::DATE
                         WHEN n = 1 THEN wd_add(started, 20)
                         WHEN n = 2 THEN (previous + INTERVAL 3 MONTH)::DATE
                         ELSE (previous + INTERVAL 6 MONTH)::DATE END AS due,
                    CASE WHEN earlier_period THEN 'an earlier period of care'
                         WHEN started IS NULL AND n = 1
                              THEN 'not judged: when this period of care began is not in the returns held'
                         WHEN started IS NULL THEN '6 months from the previous review'
                         WHEN n = 1 THEN '20 working days from becoming looked after'
                         WHEN n = 2 THEN '3 months from the first review'
                         ELSE '6 months from the previous review' END AS timescale
             FROM r)
           SELECT clar_cla_review_date AS date, 'Looked-after review' AS title,
                  coalesce('participation ' || {_words("REVIEW_CODE", "clar_cla_review_participation")}, '')
                  AS detail,
                  source_row, due,
                  CASE WHEN due IS NULL THEN NULL ELSE clar_cla_review_date <= due END AS met,
                  timescale
           FROM judged""",
    ),
    "cla_visit": (
        "ssd_cla_visits",
        """SELECT clav_cla_visit_date AS date, 'Social worker visit (looked after)' AS title,
                  CASE WHEN clav_cla_visit_seen_alone THEN 'seen alone'
                       WHEN NOT clav_cla_visit_seen_alone THEN 'not seen alone' ELSE '' END,
                  source_row, NULL::DATE, NULL::BOOLEAN, ''
           FROM ssd_cla_visits WHERE clav_person_id = $id""",
    ),
    "missing": (
        "ssd_missing",
        """SELECT miss_missing_episode_start_date AS date,
                  CASE miss_missing_episode_type WHEN 'A' THEN 'Away from placement'
                       ELSE 'Missing' END AS title,
                  coalesce('returned ' || miss_missing_episode_end_date, 'not returned') AS detail,
                  source_row, NULL::DATE, NULL::BOOLEAN, ''
           FROM ssd_missing WHERE miss_person_id = $id""",
    ),
    "allocation": (
        "ssd_involvements",
        """SELECT invo_involvement_start_date AS date, 'Social worker allocated' AS title,
                  concat_ws('; ', 'worker ' || invo_professional_id,
                            'team ' || invo_professional_team) AS detail,
                  source_row, NULL::DATE, NULL::BOOLEAN, ''
           FROM ssd_involvements WHERE invo_person_id = $id""",
    ),
    "adoption": (
        "ssd_permanence",
        """SELECT d AS date, t AS title, '' AS detail, source_row, NULL::DATE, NULL::BOOLEAN, ''
           FROM ssd_permanence,
                (VALUES ('Decision that the child should be placed for adoption'),
                        ('Placement order'), ('Matched with adopters'),
                        ('Placed for adoption')) v(t),
                LATERAL (SELECT CASE t
                    WHEN 'Decision that the child should be placed for adoption'
                        THEN perm_adm_decision_date
                    WHEN 'Placement order' THEN perm_placement_order_date
                    WHEN 'Matched with adopters' THEN perm_matched_date
                    ELSE perm_placed_for_adoption_date END AS d)
           WHERE perm_person_id = $id AND d IS NOT NULL""",
    ),
}


def events(dataset: _Dataset, person_id: str) -> list[Event]:
    """Every event recorded for the child, oldest first (undated events are left out)."""
    found: list[Event] = []
    for kind, (table, sql) in _EVENT_QUERIES.items():
        for row in dataset.query(sql, {"id": person_id}).to_pylist():
            values = list(row.values())
            date, title, detail, source_row, due, met, timescale = values[:7]
            if date is None:
                continue
            found.append(
                Event(date, kind, title, detail or "", table, source_row, due, met, timescale or "")
            )
    found.sort(key=lambda e: (e.date, e.kind))
    return found


def timescale_summary(found: list[Event]) -> dict[str, int]:
    """How many timescales the child's events met and missed."""
    return {
        "met": sum(1 for e in found if e.met is True),
        "missed": sum(1 for e in found if e.met is False),
    }
