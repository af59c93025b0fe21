"""Annex A list records (by specification column name) -> canonical tables."""

from __future__ import annotations

from datetime import date
from typing import Any

import pyarrow as pa

from sightline.tables import build_from_records as build

Record = dict[str, Any]

CANONICAL = (
    "ssd_person",
    "ssd_disability",
    "ssd_contacts",
    "ssd_early_help_episodes",
    "ssd_cin_episodes",
    "ssd_cin_assessments",
    "ssd_s47_enquiry",
    "ssd_initial_cp_conference",
    "ssd_cin_visits",
    "ssd_cp_plans",
    "ssd_cp_visits",
    "ssd_cla_episodes",
    "ssd_cla_reviews",
    "ssd_cla_visits",
    "ssd_care_leavers",
    "ssd_permanence",
)


def _yes(value: Any) -> bool | None:
    if value is None:
        return None
    text = str(value).strip().lower()
    if text.endswith("yes") or text in ("y", "1", "true"):
        return True
    if text.endswith("no") or text in ("n", "0", "false"):
        return False
    return None


def _id(record: Record, when: date | None, list_no: int) -> str:
    return f"{record['_child']}/{when.isoformat() if when else ''}/L{list_no}"


def _unique(rows: list[Record], key: str) -> list[Record]:
    seen: dict[str, int] = {}
    for row in rows:
        n = seen[row[key]] = seen.get(row[key], 0) + 1
        if n > 1:
            row[key] = f"{row[key]}/{n}"
    return rows


def _people(lists: dict[str, list[Record]]) -> tuple[list[Record], list[Record]]:
    people: dict[str, Record] = {}
    disabled: dict[str, Record] = {}
    for list_name in sorted(lists, key=lambda n: int(n.split("_")[1])):
        if list_name == "list_11":
            continue
        for r in lists[list_name]:
            child = r["_child"]
            if not child:
                continue
            people.setdefault(
                child,
                {
                    "pers_person_id": child,
                    "pers_sex": r.get("Gender"),
                    "pers_ethnicity": r.get("Ethnicity"),
                    "pers_dob": r.get("Date of Birth"),
                    "source_row": r["_row"],
                },
            )
            if _yes(r.get("Does the Child have a Disability")) and child not in disabled:
                disabled[child] = {
                    "disa_person_id": child,
                    "disa_disability_code": "YES",
                    "source_row": r["_row"],
                }
    return list(people.values()), list(disabled.values())


def to_canonical(lists: dict[str, list[Record]]) -> dict[str, pa.Table]:
    rows: dict[str, list[Record]] = {name: [] for name in CANONICAL}
    rows["ssd_person"], rows["ssd_disability"] = _people(lists)
    for r in lists.get("list_1", []):
        when = r.get("Date of Contact")
        rows["ssd_contacts"].append(
            {
                "cont_contact_id": _id(r, when, 1),
                "cont_person_id": r["_child"],
                "cont_contact_date": when,
                "cont_contact_source_code": r.get("Contact Source"),
                "source_row": r["_row"],
            }
        )
    for r in lists.get("list_2", []):
        start = r.get("Assessment start date")
        rows["ssd_early_help_episodes"].append(
            {
                "earl_episode_id": _id(r, start, 2),
                "earl_person_id": r["_child"],
                "earl_episode_start_date": start,
                "earl_episode_end_date": r.get("Assessment completion date"),
                "earl_episode_organisation": r.get("Organisation completing assessment"),
                "source_row": r["_row"],
            }
        )
    episodes: dict[tuple[str, date | None], Record] = {}
    for r in lists.get("list_3", []):
        when = r.get("Date of referral")
        episodes[(r["_child"], when)] = {
            "cine_referral_id": _id(r, when, 3),
            "cine_person_id": r["_child"],
            "cine_referral_date": when,
            "cine_referral_source_code": r.get("Referral Source"),
            "cine_referral_nfa": _yes(r.get("Referral NFA?")),
            "cine_referral_team": r.get("Allocated Team"),
            "cine_referral_worker_id": r.get("Allocated Worker"),
            "source_row": r["_row"],
        }
    for r in lists.get("list_6", []):
        when = r.get("CIN Start Date")
        episode = episodes.setdefault(
            (r["_child"], when),
            {
                "cine_referral_id": _id(r, when, 6),
                "cine_person_id": r["_child"],
                "cine_referral_date": when,
                "cine_referral_team": r.get("Allocated Team"),
                "cine_referral_worker_id": r.get("Allocated Worker"),
                "source_row": r["_row"],
            },
        )
        episode["cine_cin_primary_need_code"] = r.get("Primary Need Code")
        episode["cine_close_date"] = r.get("CIN Closure Date")
        episode["cine_close_reason"] = r.get("Reason for Closure")
        if r.get("Date Child Was Last Seen"):
            rows["ssd_cin_visits"].append(
                {
                    "cinv_cin_visit_id": _id(r, r["Date Child Was Last Seen"], 6),
                    "cinv_person_id": r["_child"],
                    "cinv_cin_visit_date": r["Date Child Was Last Seen"],
                    "source_row": r["_row"],
                }
            )
    rows["ssd_cin_episodes"] = list(episodes.values())
    for r in lists.get("list_4", []):
        start = r.get("Continuous Assessment Start Date")
        support = r.get("Was the child assessed as requiring LA children's social care support?")
        rows["ssd_cin_assessments"].append(
            {
                "cina_assessment_id": _id(r, start, 4),
                "cina_person_id": r["_child"],
                "cina_assessment_start_date": start,
                "cina_assessment_auth_date": r.get("Continuous Assessment Date of Authorisation"),
                "cina_assessment_child_seen": _yes(
                    r.get("Child Seen During Continuous Assessment")
                ),
                "cina_assessment_outcome_nfa": None if support is None else _yes(support) is False,
                "cina_assessment_team": r.get("Allocated Team"),
                "cina_assessment_worker_id": r.get("Allocated Worker"),
                "source_row": r["_row"],
            }
        )
    for r in lists.get("list_5", []):
        start = r.get("Strategy discussion initiating Section 47 Enquiry Start Date")
        s47 = _id(r, start, 5)
        rows["ssd_s47_enquiry"].append(
            {
                "s47e_s47_enquiry_id": s47,
                "s47e_person_id": r["_child"],
                "s47e_strategy_discussion_date": start,
                "s47e_s47_start_date": start,
                "s47e_icpc_not_required": _yes(
                    r.get("Was an Initial Child Protection Conference deemed unnecessary?")
                ),
                "s47e_s47_completed_by_team": r.get("Allocated Team"),
                "s47e_s47_completed_by_worker_id": r.get("Allocated Worker"),
                "source_row": r["_row"],
            }
        )
        icpc = r.get("Date of Initial Child Protection Conference")
        if icpc:
            rows["ssd_initial_cp_conference"].append(
                {
                    "icpc_icpc_id": f"{s47}/ICPC",
                    "icpc_s47_enquiry_id": s47,
                    "icpc_person_id": r["_child"],
                    "icpc_icpc_date": icpc,
                    "icpc_icpc_outcome_cp_flag": _yes(
                        r.get(
                            "Did the Initial Child Protection Conference Result in a Child "
                            "Protection Plan"
                        )
                    ),
                    "source_row": r["_row"],
                }
            )
    for r in lists.get("list_7", []):
        start = r.get("Child Protection Plan Start Date")
        plan = _id(r, start, 7)
        rows["ssd_cp_plans"].append(
            {
                "cppl_cp_plan_id": plan,
                "cppl_person_id": r["_child"],
                "cppl_cp_plan_start_date": start,
                "cppl_cp_plan_end_date": r.get("Child Protection Plan End Date"),
                "cppl_cp_plan_initial_category": r.get("Initial Category of Abuse"),
                "cppl_cp_plan_latest_category": r.get("Latest Category of Abuse"),
                "cppl_number_of_previous_cpp": r.get("Number of Previous Child Protection Plans"),
                "cppl_cp_plan_team": r.get("Allocated Team"),
                "cppl_cp_plan_worker_id": r.get("Allocated Worker"),
                "source_row": r["_row"],
            }
        )
        visit = r.get("Date of the Last Statutory Visit")
        if visit:
            rows["ssd_cp_visits"].append(
                {
                    "cppv_cp_visit_id": _id(r, visit, 7),
                    "cppv_person_id": r["_child"],
                    "cppv_cp_plan_id": plan,
                    "cppv_cp_visit_date": visit,
                    "cppv_cp_visit_seen_alone": _yes(r.get("Was the Child Seen Alone?")),
                    "source_row": r["_row"],
                }
            )
    for r in lists.get("list_8", []):
        start = r.get("Start Date of Most Recent Placement") or r.get(
            "Date Started to be Looked After"
        )
        rows["ssd_cla_episodes"].append(
            {
                "clae_cla_episode_id": _id(r, start, 8),
                "clae_person_id": r["_child"],
                "clae_cla_episode_start_date": start,
                "clae_legal_status": r.get("Child's Legal Status"),
                "clae_cla_primary_need_code": r.get("Child's Category of Need"),
                "clae_placement_type": r.get("Placement Type"),
                "clae_placement_provider": r.get("Placement Provider"),
                "clae_cla_episode_ceased_date": r.get("Date Ceased to be Looked After"),
                "clae_cla_episode_ceased_reason": r.get("Reason Ceased to be Looked After"),
                "clae_placement_postcode": r.get("Placement postcode"),
                "clae_placement_urn": r.get("URN of Placement"),
                "source_row": r["_row"],
            }
        )
        review = r.get("Date of Latest Statutory Review")
        if review:
            rows["ssd_cla_reviews"].append(
                {
                    "clar_cla_review_id": _id(r, review, 8),
                    "clar_person_id": r["_child"],
                    "clar_cla_review_date": review,
                    "source_row": r["_row"],
                }
            )
        visit = r.get("Date of Last Social Work Visit")
        if visit:
            rows["ssd_cla_visits"].append(
                {
                    "clav_cla_visit_id": _id(r, visit, 8),
                    "clav_person_id": r["_child"],
                    "clav_cla_visit_date": visit,
                    "source_row": r["_row"],
                }
            )
    for r in lists.get("list_9", []):
        rows["ssd_care_leavers"].append(
            {
                "clea_table_id": _id(r, None, 9),
                "clea_person_id": r["_child"],
                "clea_care_leaver_eligibility": r.get("Eligibility Category"),
                "clea_care_leaver_in_touch": r.get("LA in Touch"),
                "clea_care_leaver_latest_contact": r.get("Latest Date of Contact"),
                "clea_care_leaver_accommodation": r.get("Type of Accommodation"),
                "clea_care_leaver_accom_suitable": r.get("Suitability of Accommodation"),
                "clea_care_leaver_activity": r.get("Activity Status"),
                "source_row": r["_row"],
            }
        )
    for r in lists.get("list_10", []):
        decision = r.get("Date of Decision that Child Should be Placed for Adoption")
        rows["ssd_permanence"].append(
            {
                "perm_table_id": _id(r, decision, 10),
                "perm_person_id": r["_child"],
                "perm_adm_decision_date": decision,
                "perm_placement_order_date": r.get("Date of Placement Order"),
                "perm_matched_date": r.get("Date of Matching Child and Prospective Adopters"),
                "perm_placed_for_adoption_date": r.get("Date Placed for Adoption"),
                "perm_decision_reversed_date": r.get(
                    "Date of Decision that Child Should No Longer be Placed for Adoption"
                ),
                "perm_decision_reversed_reason": r.get(
                    "Reason Why Child No Longer Placed for Adoption"
                ),
                "source_row": r["_row"],
            }
        )
    keys = {
        "ssd_contacts": "cont_contact_id",
        "ssd_early_help_episodes": "earl_episode_id",
        "ssd_cin_episodes": "cine_referral_id",
        "ssd_cin_assessments": "cina_assessment_id",
        "ssd_s47_enquiry": "s47e_s47_enquiry_id",
        "ssd_initial_cp_conference": "icpc_icpc_id",
        "ssd_cin_visits": "cinv_cin_visit_id",
        "ssd_cp_plans": "cppl_cp_plan_id",
        "ssd_cp_visits": "cppv_cp_visit_id",
        "ssd_cla_episodes": "clae_cla_episode_id",
        "ssd_cla_reviews": "clar_cla_review_id",
        "ssd_cla_visits": "clav_cla_visit_id",
        "ssd_care_leavers": "clea_table_id",
        "ssd_permanence": "perm_table_id",
    }
    for name, key in keys.items():
        _unique(rows[name], key)
    return {name: build(name, rows[name]) for name in CANONICAL}
