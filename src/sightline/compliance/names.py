"""Each compliance event in words, as a team manager would say it."""

from __future__ import annotations

EVENT_NAMES: dict[str, str] = {
    "referral_decision": "Decision on a referral",
    "assessment": "Child and family assessment",
    "strategy_discussion": "Strategy discussion",
    "icpc": "Initial child protection conference",
    "first_core_group": "First core group",
    "cp_review": "Child protection review conference",
    "cp_visit": "Child protection visit",
    "cin_visit": "Child in need visit",
    "cla_review": "Looked-after review",
    "cla_visit": "Looked-after visit",
    "initial_health_assessment": "Initial health assessment",
    "review_health_assessment": "Review health assessment",
    "sdq": "Strengths and difficulties questionnaire",
    "pep_start": "Personal education plan started",
    "pep_review": "Personal education plan review",
    "care_leaver_needs_assessment": "Care leaver needs assessment",
    "pathway_plan_review": "Pathway plan review",
    "ofsted_action_plan_draft": "Ofsted action plan: draft",
    "ofsted_action_plan_final": "Ofsted action plan: final",
}


def event_name(event: str) -> str:
    """The event in words; an event without a name (a council's own) from its identifier."""
    return EVENT_NAMES.get(event, event.replace("_", " ").capitalize())
