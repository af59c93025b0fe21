"""For every open case, the next due date of each applicable event, and its status today.

One SQL query per event (a small declaration each: what it is due from, and why), all unioned and
given a status: overdue (due before today), due_this_week (by Sunday), due_next_week, later.
Where the returns carry only the latest visit or review (Annex A), the next one is due from that.
Events whose completion the returns cannot show (first core group, initial health assessment, PEP
start, care leaver needs assessment) are listed while recent (`one_off_listing_days` after falling
due), and their basis says so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict

import pyarrow as pa

from sightline.allocations import current_allocations_sql
from sightline.compliance.standards import Standards
from sightline.dataset import Dataset
from sightline.indicators.looked_after import EPISODES

STATUSES = ("overdue", "due_this_week", "due_next_week", "later", "not_shown")
# Events whose completion no return carries (core groups, health assessments, PEPs, needs
# assessments): past their due date they are "not_shown" (check the case record), never overdue,
# since the returns cannot tell whether they happened.
NOT_IN_RETURNS = (
    "first_core_group",
    "initial_health_assessment",
    "pep_start",
    "care_leaver_needs_assessment",
)
# visits are listed only when a return carries them (Annex A, an SSD extract)
VISIT_TABLES = {
    "cp_visit": "ssd_cp_visits",
    "cin_visit": "ssd_cin_visits",
    "cla_visit": "ssd_cla_visits",
}

_MACROS = """
CREATE OR REPLACE MACRO add_months(d, n) AS CAST(d + to_months(CAST(n AS INTEGER)) AS DATE);
CREATE OR REPLACE MACRO next_on_schedule(base, months, today) AS CASE
    WHEN base >= today THEN base
    WHEN add_months(base, months * floor(date_diff('month', base, today) / months)) >= today
        THEN add_months(base, months * floor(date_diff('month', base, today) / months))
    ELSE add_months(base, months * (floor(date_diff('month', base, today) / months) + 1)) END;
"""

_CONTEXT = f"""
alloc AS ({current_allocations_sql("$today")}),
open_cin AS (
    SELECT * FROM ssd_cin_episodes
    WHERE cine_referral_date <= $today AND (cine_close_date IS NULL OR cine_close_date > $today)
),
open_cp AS (
    SELECT p.*, i.icpc_icpc_date FROM ssd_cp_plans p
    LEFT JOIN ssd_initial_cp_conference i ON i.icpc_icpc_id = p.cppl_icpc_id
    WHERE p.cppl_cp_plan_start_date <= $today
      AND (p.cppl_cp_plan_end_date IS NULL OR p.cppl_cp_plan_end_date > $today)
),
cla_now AS (
    SELECT e.*, age_at(p.pers_dob, $today) AS age, p.pers_dob
    FROM ({EPISODES}) e
    LEFT JOIN (SELECT pers_person_id, any_value(pers_dob) AS pers_dob FROM ssd_person GROUP BY 1) p
      ON p.pers_person_id = e.clae_person_id
    WHERE e.clae_cla_episode_start_date <= $today
      AND (e.clae_cla_episode_ceased_date IS NULL OR e.clae_cla_episode_ceased_date > $today)
    QUALIFY row_number() OVER (PARTITION BY e.clae_person_id ORDER BY e.clae_cla_episode_start_date DESC) = 1
),
care_orders AS (
    -- the day a full care order (LS C2) was made in each period of care: reg 28(5) counts the
    -- first visit of a child at home on a care order from it
    SELECT clae_person_id, care_seq, min(clae_cla_episode_start_date) AS order_date
    FROM ({EPISODES}) WHERE upper(clae_legal_status) = 'C2' GROUP BY 1, 2
),
cla_reviews AS (
    SELECT c.clae_person_id, count(*) AS reviews, max(r.review_date) AS last_review
    FROM cla_now c JOIN cla_review_history r ON r.person_id = c.clae_person_id
    WHERE r.review_date BETWEEN c.care_start AND $today GROUP BY 1
),
cla_visits AS (
    SELECT c.clae_person_id, max(v.clav_cla_visit_date) AS last_visit
    FROM cla_now c JOIN ssd_cla_visits v ON v.clav_person_id = c.clae_person_id
    WHERE v.clav_cla_visit_date BETWEEN c.placement_start AND $today GROUP BY 1
),
open_cla AS (
    SELECT c.*, coalesce(r.reviews, 0) AS reviews, r.last_review, v.last_visit, o.order_date,
        upper(coalesce(c.clae_placement_type, '')) AS place,
        upper(coalesce(c.clae_legal_status, '')) AS ls
    FROM cla_now c
    LEFT JOIN cla_reviews r USING (clae_person_id)
    LEFT JOIN cla_visits v USING (clae_person_id)
    LEFT JOIN care_orders o ON o.clae_person_id = c.clae_person_id AND o.care_seq = c.care_seq
)
"""

# Each event: SELECT person_id, event, due_date, basis, due_from, team, worker
_EVENTS: dict[str, str] = {
    "referral_decision": """
SELECT c.cine_person_id, c.cine_referral_date, wd_add(c.cine_referral_date, {referral_decision_working_days}),
    '{referral_decision_working_days} working day(s) from the referral; no decision recorded (no NFA, assessment or S47)',
    c.cine_referral_team, c.cine_referral_worker_id
FROM open_cin c
WHERE NOT coalesce(c.cine_referral_nfa, false)
  AND c.cine_referral_date >= coalesce($covered_from, c.cine_referral_date)
  AND NOT EXISTS (SELECT 1 FROM ssd_cin_assessments a WHERE a.cina_referral_id = c.cine_referral_id)
  AND NOT EXISTS (SELECT 1 FROM ssd_s47_enquiry s WHERE s.s47e_referral_id = c.cine_referral_id)""",
    "assessment": """
SELECT c.cine_person_id, c.cine_referral_date, wd_add(c.cine_referral_date, {assessment_working_days}),
    '{assessment_working_days} working days from the referral; no authorised assessment yet',
    c.cine_referral_team, c.cine_referral_worker_id
FROM open_cin c
WHERE NOT coalesce(c.cine_referral_nfa, false)
  AND c.cine_referral_date >= coalesce($covered_from, c.cine_referral_date)
  AND NOT EXISTS (SELECT 1 FROM ssd_cin_assessments a WHERE a.cina_referral_id = c.cine_referral_id
                  AND a.cina_assessment_auth_date IS NOT NULL AND a.cina_assessment_auth_date <= $today)""",
    "strategy_discussion": """
SELECT s.s47e_person_id, c.cine_referral_date, wd_add(c.cine_referral_date, {strategy_discussion_working_days}),
    'local: {strategy_discussion_working_days} working day(s) from the referral; S47 recorded, no strategy discussion yet',
    coalesce(s.s47e_s47_completed_by_team, c.cine_referral_team),
    coalesce(s.s47e_s47_completed_by_worker_id, c.cine_referral_worker_id)
FROM ssd_s47_enquiry s JOIN open_cin c ON c.cine_referral_id = s.s47e_referral_id
WHERE s.s47e_strategy_discussion_date IS NULL AND s.s47e_s47_start_date IS NULL""",
    "icpc": """
SELECT s.s47e_person_id, coalesce(s.s47e_strategy_discussion_date, s.s47e_s47_start_date),
    wd_add(coalesce(s.s47e_strategy_discussion_date, s.s47e_s47_start_date), {icpc_working_days}),
    '{icpc_working_days} working days from the strategy discussion (S47 start); no ICPC yet',
    s.s47e_s47_completed_by_team, s.s47e_s47_completed_by_worker_id
FROM ssd_s47_enquiry s
WHERE coalesce(s.s47e_strategy_discussion_date, s.s47e_s47_start_date) <= $today
  AND NOT coalesce(s.s47e_icpc_not_required, false)
  AND (s.s47e_s47_end_date IS NULL OR s.s47e_s47_end_date > $today)
  AND NOT EXISTS (SELECT 1 FROM ssd_initial_cp_conference i
                  WHERE i.icpc_s47_enquiry_id = s.s47e_s47_enquiry_id AND i.icpc_icpc_date IS NOT NULL)
  AND (s.s47e_referral_id IS NULL OR s.s47e_referral_id IN (SELECT cine_referral_id FROM open_cin))""",
    "first_core_group": """
SELECT p.cppl_person_id, coalesce(p.icpc_icpc_date, p.cppl_cp_plan_start_date),
    wd_add(coalesce(p.icpc_icpc_date, p.cppl_cp_plan_start_date), {first_core_group_working_days}),
    'local: {first_core_group_working_days} working days from the ICPC (core groups are not in the returns)',
    p.cppl_cp_plan_team, p.cppl_cp_plan_worker_id
FROM open_cp p
WHERE wd_add(coalesce(p.icpc_icpc_date, p.cppl_cp_plan_start_date), {first_core_group_working_days})
      >= $today - INTERVAL {one_off_listing_days} DAY""",
    "cp_review": """
SELECT p.cppl_person_id, coalesce(r.last_review, p.cppl_cp_plan_start_date),
    CASE WHEN r.last_review IS NULL THEN add_months(p.cppl_cp_plan_start_date, {first_cp_review_months})
         ELSE add_months(r.last_review, {cp_review_months}) END,
    CASE WHEN r.last_review IS NULL THEN 'first review {first_cp_review_months} months from the plan start (ICPC)'
         ELSE 'review {cp_review_months} months from the last review' END,
    p.cppl_cp_plan_team, p.cppl_cp_plan_worker_id
FROM open_cp p LEFT JOIN (SELECT plan_id, max(last_review) AS last_review FROM (
    SELECT q.cppl_cp_plan_id AS plan_id, max(v.cppr_cp_review_date) AS last_review
    FROM open_cp q JOIN (
        SELECT cppr_cp_plan_id AS plan_id, NULL AS person_id, cppr_cp_review_date FROM ssd_cp_reviews
        WHERE cppr_cp_plan_id IS NOT NULL
        UNION ALL
        SELECT NULL, cppr_person_id, cppr_cp_review_date FROM ssd_cp_reviews WHERE cppr_cp_plan_id IS NULL
    ) v ON v.plan_id = q.cppl_cp_plan_id
    WHERE v.cppr_cp_review_date BETWEEN q.cppl_cp_plan_start_date AND $today GROUP BY 1
    UNION ALL
    SELECT q.cppl_cp_plan_id, max(v.cppr_cp_review_date)
    FROM open_cp q JOIN ssd_cp_reviews v
      ON v.cppr_cp_plan_id IS NULL AND v.cppr_person_id = q.cppl_person_id
    WHERE v.cppr_cp_review_date BETWEEN q.cppl_cp_plan_start_date AND $today GROUP BY 1
) r0 GROUP BY plan_id) r ON r.plan_id = p.cppl_cp_plan_id""",
    "cp_visit": """
SELECT p.cppl_person_id, coalesce(v.last_visit, p.cppl_cp_plan_start_date),
    wd_add(coalesce(v.last_visit, p.cppl_cp_plan_start_date), {cp_visit_working_days}),
    CASE WHEN v.last_visit IS NULL THEN 'local: {cp_visit_working_days} working days from the plan start (no visit recorded)'
         ELSE 'local: {cp_visit_working_days} working days from the last visit' END,
    p.cppl_cp_plan_team, p.cppl_cp_plan_worker_id
FROM open_cp p LEFT JOIN (
    SELECT q.cppl_cp_plan_id AS plan_id, max(x.cppv_cp_visit_date) AS last_visit
    FROM open_cp q JOIN ssd_cp_visits x ON x.cppv_person_id = q.cppl_person_id
    WHERE x.cppv_cp_visit_date BETWEEN q.cppl_cp_plan_start_date AND $today GROUP BY 1
) v ON v.plan_id = p.cppl_cp_plan_id""",
    "cin_visit": """
SELECT c.cine_person_id, coalesce(v.last_visit, pl.plan_start, c.cine_referral_date),
    wd_add(coalesce(v.last_visit, pl.plan_start, c.cine_referral_date), {cin_visit_working_days}),
    CASE WHEN v.last_visit IS NULL THEN 'local: {cin_visit_working_days} working days from the CIN plan start (no visit recorded)'
         ELSE 'local: {cin_visit_working_days} working days from the last visit' END,
    coalesce(pl.team, c.cine_referral_team), coalesce(pl.worker, c.cine_referral_worker_id)
FROM open_cin c
LEFT JOIN (SELECT cinp_referral_id, max(cinp_cin_plan_start_date) AS plan_start,
        any_value(cinp_cin_plan_team) AS team, any_value(cinp_cin_plan_worker_id) AS worker
    FROM ssd_cin_plans WHERE cinp_cin_plan_start_date <= $today
      AND (cinp_cin_plan_end_date IS NULL OR cinp_cin_plan_end_date > $today) GROUP BY 1
) pl ON pl.cinp_referral_id = c.cine_referral_id
LEFT JOIN (SELECT cinv_person_id, max(cinv_cin_visit_date) AS last_visit FROM ssd_cin_visits
    WHERE cinv_cin_visit_date <= $today GROUP BY 1) v ON v.cinv_person_id = c.cine_person_id
WHERE (pl.plan_start IS NOT NULL OR v.last_visit >= c.cine_referral_date)
  AND c.cine_person_id NOT IN (SELECT cppl_person_id FROM open_cp WHERE cppl_person_id IS NOT NULL)
  AND c.cine_person_id NOT IN (SELECT clae_person_id FROM open_cla)""",
    # The first-review and second-review rules apply only when the whole period of care is in the
    # returns held (it began at an RNE S on or after the day the review history starts); otherwise
    # the reviews held are not the child's first ones and the next is 6 months from the last.
    "cla_review": """
SELECT clae_person_id, coalesce(last_review, care_start),
    CASE WHEN reviews = 0 AND whole_period THEN wd_add(care_start, {first_cla_review_working_days})
         WHEN reviews = 0 THEN add_months(greatest(care_start, reviews_from), {cla_review_months})
         WHEN reviews = 1 AND whole_period THEN add_months(last_review, {second_cla_review_months})
         ELSE add_months(last_review, {cla_review_months}) END,
    CASE WHEN reviews = 0 AND whole_period THEN 'first review {first_cla_review_working_days} working days from becoming looked after'
         WHEN reviews = 0 THEN 'review {cla_review_months} months from the start of the returns held (this period of care began before them; no review held)'
         WHEN reviews = 1 AND whole_period THEN 'second review {second_cla_review_months} months after the first'
         ELSE 'review {cla_review_months} months from the last' END,
    NULL, NULL
FROM (SELECT *, coalesce($reviews_from, care_start) AS reviews_from,
        care_start_known AND care_start >= coalesce($reviews_from, care_start) AS whole_period
      FROM open_cla)""",
    # Regulation 28 (Care Planning, Placement and Case Review (England) Regulations 2010):
    # (2) within a week of any placement starting, at most 6-weekly in its first year, then
    #     3-monthly where the placement is intended to last until 18 (long-term fostering, U1 and
    #     U4), else 6-weekly;
    # (4) at home (P1) on an interim care order (C1): weekly until the first review, then 4-weekly;
    # (5) at home (P1) on a full care order (C2): within a week of the order, then 6-weekly.
    # Reg 19 placements with parents before assessment and reg 24 temporary approvals of connected
    # carers (weekly, then 6- or 4-weekly) cannot be told from the returns: those children are
    # scheduled by (2), and the basis says so.
    "cla_visit": """
SELECT clae_person_id, coalesce(last_visit, placement_start),
    CASE
        WHEN place = 'P1' AND ls = 'C2' AND order_date > placement_start
             AND (last_visit IS NULL OR last_visit < order_date)
             THEN order_date + INTERVAL {cla_first_visit_days} DAY
        WHEN last_visit IS NULL THEN placement_start + INTERVAL {cla_first_visit_days} DAY
        WHEN place = 'P1' AND ls = 'C1' AND reviews = 0 THEN last_visit + INTERVAL 7 DAY
        WHEN place = 'P1' AND ls = 'C1' THEN last_visit + INTERVAL ({interim_order_at_home_visit_weeks} * 7) DAY
        WHEN place = 'P1' AND ls = 'C2' THEN last_visit + INTERVAL ({care_order_at_home_visit_weeks} * 7) DAY
        WHEN last_visit < add_months(placement_start, 12) THEN last_visit + INTERVAL ({cla_visit_weeks_first_year} * 7) DAY
        WHEN place IN ('U1', 'U4') THEN add_months(last_visit, {cla_visit_months_long_term})
        ELSE last_visit + INTERVAL ({cla_visit_weeks_first_year} * 7) DAY END::DATE,
    CASE
        WHEN place = 'P1' AND ls = 'C2' AND order_date > placement_start
             AND (last_visit IS NULL OR last_visit < order_date)
             THEN 'reg 28(5): at home on a care order, within {cla_first_visit_days} days of the order'
        WHEN last_visit IS NULL THEN 'reg 28(2): within {cla_first_visit_days} days of the placement starting'
        WHEN place = 'P1' AND ls = 'C1' AND reviews = 0 THEN 'reg 28(4): at home on an interim care order, weekly until the first review'
        WHEN place = 'P1' AND ls = 'C1' THEN 'reg 28(4): at home on an interim care order, {interim_order_at_home_visit_weeks}-weekly after the first review'
        WHEN place = 'P1' AND ls = 'C2' THEN 'reg 28(5): at home on a care order, {care_order_at_home_visit_weeks}-weekly'
        WHEN last_visit < add_months(placement_start, 12) THEN 'reg 28(2): {cla_visit_weeks_first_year}-weekly in the placement''s first year'
            || CASE WHEN place IN ('U1', 'U2', 'U3') THEN ' (a temporary approval under reg 24, weekly then 4-weekly, is not in the returns)'
                    WHEN place = 'P1' THEN ' (a reg 19 placement before assessment, weekly until the first review, is not in the returns)'
                    ELSE '' END
        WHEN place IN ('U1', 'U4') THEN 'reg 28(2): {cla_visit_months_long_term}-monthly after the first year of a placement intended to last until 18'
        ELSE 'reg 28(2): {cla_visit_weeks_first_year}-weekly after the placement''s first year' END,
    NULL, NULL
FROM open_cla""",
    "initial_health_assessment": """
SELECT clae_person_id, care_start, wd_add(care_start, {initial_health_assessment_working_days}),
    '{initial_health_assessment_working_days} working days from becoming looked after (health assessments are not in the returns)',
    NULL, NULL
FROM open_cla
WHERE wd_add(care_start, {initial_health_assessment_working_days}) >= $today - INTERVAL {one_off_listing_days} DAY""",
    "review_health_assessment": """
SELECT clae_person_id, wd_add(care_start, {initial_health_assessment_working_days}),
    next_on_schedule(add_months(wd_add(care_start, {initial_health_assessment_working_days}),
        CASE WHEN age < 5 THEN {review_health_months_under_5} ELSE {review_health_months_5_and_over} END),
        CASE WHEN age < 5 THEN {review_health_months_under_5} ELSE {review_health_months_5_and_over} END, $today),
    CASE WHEN age < 5 THEN 'every {review_health_months_under_5} months under 5' ELSE 'every {review_health_months_5_and_over} months from 5' END
        || ', scheduled from the initial assessment''s due date (assessment dates are not in the returns)',
    NULL, NULL
FROM open_cla WHERE age IS NOT NULL""",
    "sdq": """
SELECT clae_person_id, care_start, next_on_schedule(add_months(care_start, {sdq_months}), {sdq_months}, $today),
    'yearly for ages 4 to 16, on the anniversary of becoming looked after', NULL, NULL
FROM open_cla WHERE age BETWEEN 4 AND 16""",
    "pep_start": """
SELECT clae_person_id, care_start, wd_add(care_start, {pep_start_working_days}),
    '{pep_start_working_days} working days from becoming looked after (PEPs are not in the returns)', NULL, NULL
FROM open_cla WHERE age BETWEEN 4 AND 16
  AND wd_add(care_start, {pep_start_working_days}) >= $today - INTERVAL {one_off_listing_days} DAY""",
    "pep_review": """
SELECT clae_person_id, care_start,
    CASE WHEN month($today) BETWEEN 1 AND 3 THEN make_date(year($today), 3, 31)
         WHEN month($today) BETWEEN 4 AND 7 THEN make_date(year($today), 7, 31)
         ELSE make_date(year($today), 12, 31) END,
    'reviewed each term: by the end of this term (31 Dec, 31 Mar, 31 Jul)', NULL, NULL
FROM open_cla WHERE age BETWEEN 4 AND 16""",
    "care_leaver_needs_assessment": """
SELECT clae_person_id, greatest(add_months(pers_dob, 192), care_start),
    add_months(greatest(add_months(pers_dob, 192), care_start), {care_leaver_needs_assessment_months}),
    '{care_leaver_needs_assessment_months} months from the 16th birthday or becoming eligible', NULL, NULL
FROM open_cla
WHERE add_months(pers_dob, 192) <= $today + INTERVAL 91 DAY
  AND add_months(greatest(add_months(pers_dob, 192), care_start), {care_leaver_needs_assessment_months})
      >= $today - INTERVAL {one_off_listing_days} DAY""",
    "pathway_plan_review": """
SELECT person_id, add_months(add_months(dob, 192), {care_leaver_needs_assessment_months}),
    next_on_schedule(add_months(add_months(dob, 192), {care_leaver_needs_assessment_months} + {pathway_plan_review_months}),
        {pathway_plan_review_months}, $today),
    'at least every {pathway_plan_review_months} months from the needs assessment', NULL, NULL
FROM (
    SELECT clae_person_id AS person_id, pers_dob AS dob FROM open_cla WHERE age >= 16
    UNION
    -- care leavers: the 903 follows them to 21 (oc3), and pathway plans continue to 25 for those
    -- in education or training (Children Act 1989 s23CA; ACTIV F1, P1, F2, P2)
    SELECT c.clea_person_id, coalesce(c.clea_dob, p.pers_dob) FROM ssd_care_leavers c
    LEFT JOIN ssd_person p ON p.pers_person_id = c.clea_person_id
    WHERE age_at(coalesce(c.clea_dob, p.pers_dob), $today) BETWEEN 16 AND 21
       OR (age_at(coalesce(c.clea_dob, p.pers_dob), $today) BETWEEN 22 AND 24
           AND upper(coalesce(c.clea_care_leaver_activity, '')) IN ('F1', 'P1', 'F2', 'P2'))
)
WHERE dob IS NOT NULL AND add_months(add_months(dob, 192), {care_leaver_needs_assessment_months}) <= $today""",
}


def events() -> list[str]:
    return [*_EVENTS, "ofsted_action_plan_draft", "ofsted_action_plan_final"]


def due_list(dataset: Dataset, today: dt.date, standards: Standards | None = None) -> pa.Table:
    """Every open case's next due events: child, event, due date, status, team, worker, basis."""
    standards = standards or Standards.load()
    values = {k: v for k, v in asdict(standards).items() if isinstance(v, int)}
    dataset.con.execute(_MACROS)
    # With no return carrying visits (a 903 or CIN census alone), visit due dates would all be
    # counted from the placement or plan start and show as long overdue: they are left out.
    chosen = {
        event: sql
        for event, sql in _EVENTS.items()
        if event not in VISIT_TABLES or dataset.has_rows(VISIT_TABLES[event])
    }
    parts = [
        f"SELECT CAST(x.p AS VARCHAR) AS child_id, '{event}' AS event, CAST(x.due AS DATE) AS due_date, "
        f"CAST(x.fr AS DATE) AS due_from, x.basis, x.team, x.worker FROM ("
        + sql.format(**values).replace("SELECT ", "SELECT * FROM (SELECT ", 1)
        + ") AS t(p, fr, due, basis, team, worker)) x"
        for event, sql in chosen.items()
    ]
    parts.extend(_ofsted(standards))
    union = "\nUNION ALL\n".join(parts)
    unshown = "(" + ", ".join(f"'{e}'" for e in NOT_IN_RETURNS) + ")"
    sql = f"""
WITH {_CONTEXT},
events AS ({union})
SELECT e.child_id, e.event, e.due_date,
    CASE WHEN e.due_date < $today AND e.event IN {unshown} THEN 'not_shown'
         WHEN e.due_date < $today THEN 'overdue'
         WHEN e.due_date <= $sunday THEN 'due_this_week'
         WHEN e.due_date <= $sunday + INTERVAL 7 DAY THEN 'due_next_week'
         ELSE 'later' END AS status,
    CASE WHEN e.due_date < $today AND e.event NOT IN {unshown}
         THEN date_diff('day', e.due_date, $today) ELSE 0 END AS days_overdue,
    coalesce(a.team, e.team) AS team, coalesce(a.worker, e.worker) AS worker,
    e.due_from, e.basis
FROM events e LEFT JOIN alloc a ON a.person_id = e.child_id
WHERE e.due_date IS NOT NULL
ORDER BY e.due_date, e.child_id, e.event
"""
    sunday = today + dt.timedelta(days=6 - today.weekday())
    # A referral from before the returns' period has its decision and assessment outside them:
    # those two events are only due for referrals the returns cover.
    covered_from = dataset.coverage_start("ssd_cin_episodes")
    return dataset.con.execute(
        sql,
        {
            "today": today,
            "sunday": sunday,
            "covered_from": covered_from,
            "reviews_from": dataset.history_start("ssd_cla_reviews"),
        },
    ).fetch_arrow_table()


def _ofsted(standards: Standards) -> list[str]:
    report = standards.inadequate_report_date
    if report is None:
        return []
    return [
        f"SELECT NULL AS child_id, 'ofsted_action_plan_{kind}' AS event, "
        f"wd_add(DATE '{report.isoformat()}', {days}) AS due_date, DATE '{report.isoformat()}' AS due_from, "
        f"'{days} working days after the inadequate report' AS basis, NULL AS team, NULL AS worker"
        for kind, days in (
            ("draft", standards.ofsted_draft_plan_working_days),
            ("final", standards.ofsted_final_plan_working_days),
        )
    ]


def summary(due: pa.Table, by: str = "team") -> pa.Table:
    """Counts per team (or worker) and status."""
    import duckdb

    con = duckdb.connect()
    con.register("due", due)
    return con.execute(
        f"SELECT coalesce({by}, 'Unallocated') AS {by}, "
        + ", ".join(f"count(*) FILTER (WHERE status = '{s}') AS {s}" for s in STATUSES)
        + f" FROM due GROUP BY 1 ORDER BY overdue DESC, {by}"
    ).fetch_arrow_table()
