"""CIN census: dates that must come in order within one episode of need, plan or assessment.

The DfE CIN rule codes are not shipped with Sightline, so these carry Sightline codes (`CIN-D*`)."""

from __future__ import annotations

from sightline.rules.registry import Rule, register

_EPISODE = {"cine_referral_id": "C1/2024-05-01/1", "cine_person_id": "C1"}

register(
    Rule(
        code="CIN-D1",
        return_="cin",
        field="CINclosureDate",
        message="The CIN closure date is before the referral date.",
        query="""
            SELECT cine_person_id, strftime(cine_close_date, '%Y-%m-%d'), source_row
            FROM ssd_cin_episodes WHERE cine_close_date < cine_referral_date""",
        passing=(
            {
                "ssd_cin_episodes": [
                    _EPISODE | {"cine_referral_date": "2024-05-01", "cine_close_date": "2024-05-01"}
                ]
            },
            {"ssd_cin_episodes": [_EPISODE | {"cine_referral_date": "2024-05-01"}]},
        ),
        failing=(
            {
                "ssd_cin_episodes": [
                    _EPISODE | {"cine_referral_date": "2024-05-01", "cine_close_date": "2024-04-30"}
                ]
            },
        ),
    )
)

register(
    Rule(
        code="CIN-D2",
        return_="cin",
        field="CPPendDate",
        message="The child protection plan ends before it starts.",
        query="""
            SELECT cppl_person_id, strftime(cppl_cp_plan_end_date, '%Y-%m-%d'), source_row
            FROM ssd_cp_plans WHERE cppl_cp_plan_end_date < cppl_cp_plan_start_date""",
        passing=(
            {
                "ssd_cp_plans": [
                    {
                        "cppl_cp_plan_id": "P",
                        "cppl_person_id": "C1",
                        "cppl_cp_plan_start_date": "2024-06-01",
                        "cppl_cp_plan_end_date": "2024-09-01",
                    }
                ]
            },
        ),
        failing=(
            {
                "ssd_cp_plans": [
                    {
                        "cppl_cp_plan_id": "P",
                        "cppl_person_id": "C1",
                        "cppl_cp_plan_start_date": "2024-06-01",
                        "cppl_cp_plan_end_date": "2024-05-31",
                    }
                ]
            },
        ),
    )
)

register(
    Rule(
        code="CIN-D3",
        return_="cin",
        field="CINPlanEndDate",
        message="The child in need plan ends before it starts.",
        query="""
            SELECT cinp_person_id, strftime(cinp_cin_plan_end_date, '%Y-%m-%d'), source_row
            FROM ssd_cin_plans WHERE cinp_cin_plan_end_date < cinp_cin_plan_start_date""",
        passing=(
            {
                "ssd_cin_plans": [
                    {
                        "cinp_cin_plan_id": "P",
                        "cinp_person_id": "C1",
                        "cinp_cin_plan_start_date": "2024-06-01",
                    }
                ]
            },
        ),
        failing=(
            {
                "ssd_cin_plans": [
                    {
                        "cinp_cin_plan_id": "P",
                        "cinp_person_id": "C1",
                        "cinp_cin_plan_start_date": "2024-06-01",
                        "cinp_cin_plan_end_date": "2024-01-01",
                    }
                ]
            },
        ),
    )
)

register(
    Rule(
        code="CIN-D4",
        return_="cin",
        field="AssessmentAuthorisationDate",
        message="The assessment is authorised before it started.",
        query="""
            SELECT cina_person_id, strftime(cina_assessment_auth_date, '%Y-%m-%d'), source_row
            FROM ssd_cin_assessments WHERE cina_assessment_auth_date < cina_assessment_start_date""",
        passing=(
            {
                "ssd_cin_assessments": [
                    {
                        "cina_assessment_id": "A",
                        "cina_person_id": "C1",
                        "cina_assessment_start_date": "2024-06-01",
                        "cina_assessment_auth_date": "2024-06-20",
                    }
                ]
            },
        ),
        failing=(
            {
                "ssd_cin_assessments": [
                    {
                        "cina_assessment_id": "A",
                        "cina_person_id": "C1",
                        "cina_assessment_start_date": "2024-06-01",
                        "cina_assessment_auth_date": "2024-05-20",
                    }
                ]
            },
        ),
    )
)
