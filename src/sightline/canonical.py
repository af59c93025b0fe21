"""The canonical tables every reader writes and every indicator, list and timeline reads.

Names follow the Standard Safeguarding Dataset (SSD, `formats/ssd/*.yml`): its table names, its field
names and its keys, so that a CIN census, an SSDA903 return, an Annex A workbook or an SSD extract all
land in the same shape. Where the SSD has no place for a field a return carries, the field is added to
the nearest SSD table with the same prefix (marked `extra=True`); where the grain differs (the 903's
one-row-per-child outcome tables, the workforce census), a return-specific table is added in the same
style (`s903_*`, `csww_*`). `docs/canonical-model.md` is generated from this module.

Conventions every producer follows:
- identifiers are strings, exactly as the source wrote them (trimmed);
- dates are `datetime.date` (Arrow date32); a date that cannot be read is null and reported;
- booleans are real booleans; codes are upper-cased strings as the code list spells them;
- every table carries `source_row`: where the row came from (file name and line, or an XPath), so a
  problem or a drill-down can point back at the original file.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

ARROW_TYPES: dict[str, pa.DataType] = {
    "str": pa.string(),
    "date": pa.date32(),
    "bool": pa.bool_(),
    "int": pa.int64(),
    "float": pa.float64(),
}


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    description: str
    extra: bool = False  # not in the SSD: added for a field a return carries


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    key: tuple[str, ...]
    sources: tuple[str, ...]  # which returns fill it: cin, ssda903, annex_a, csww, ssd
    fields: tuple[Field, ...]
    ssd: bool = True  # an SSD table (False: added in the same style)
    notes: str = ""

    @property
    def columns(self) -> list[str]:
        return [f.name for f in self.fields]

    def arrow_schema(self) -> pa.Schema:
        return pa.schema([(f.name, ARROW_TYPES[f.type]) for f in self.fields])

    def empty(self) -> pa.Table:
        return self.arrow_schema().empty_table()


def _f(name: str, type_: str, description: str, extra: bool = False) -> Field:
    return Field(name, type_, description, extra)


SOURCE_ROW = _f("source_row", "str", "Where the row came from: file and line, or XPath", extra=True)

TABLES: dict[str, Table] = {}


def _table(
    name: str,
    description: str,
    key: tuple[str, ...],
    sources: tuple[str, ...],
    fields: list[Field],
    ssd: bool = True,
    notes: str = "",
) -> Table:
    table = Table(name, description, key, sources, (*fields, SOURCE_ROW), ssd, notes)
    TABLES[name] = table
    return table


# --- People ---------------------------------------------------------------------------------------
_table(
    "ssd_person",
    "One row per child",
    ("pers_person_id",),
    ("cin", "ssda903", "annex_a"),
    [
        _f("pers_person_id", "str", "The council's child ID (LAchildID, CHILD, Child Unique ID)"),
        _f("pers_upn", "str", "Unique pupil number", extra=True),
        _f("pers_former_upn", "str", "Former UPN (CIN)", extra=True),
        _f("pers_upn_unknown", "str", "Reason the UPN is unknown (UN1-UN10)"),
        _f(
            "pers_sex",
            "str",
            "Sex as the return codes it: CIN 1/2/0/9 (or M/F/U); 903 1/2 or M/F/U",
        ),
        _f("pers_ethnicity", "str", "Ethnicity code (e.g. WBRI)"),
        _f("pers_dob", "date", "Date of birth"),
        _f("pers_expected_dob", "date", "Expected date of birth (unborn children)"),
        _f("pers_death_date", "date", "Date of death"),
        _f("pers_is_mother", "bool", "903 MOTHER: the child is a mother"),
        _f(
            "pers_childs_dob", "date", "903 MC_DOB: date of birth of the mother's child", extra=True
        ),
    ],
)
_table(
    "ssd_disability",
    "One row per disability code per child",
    ("disa_person_id", "disa_disability_code"),
    ("cin", "annex_a"),
    [
        _f("disa_person_id", "str", "Child ID"),
        _f("disa_disability_code", "str", "Disability code (CIN: NONE, MOB, HAND, ...)"),
    ],
)
_table(
    "ssd_immigration_status",
    "Unaccompanied asylum-seeking children (903 uasc table)",
    ("immi_person_id",),
    ("ssda903", "annex_a"),
    [
        _f("immi_person_id", "str", "Child ID"),
        _f("immi_immigration_status", "str", "UASC"),
        _f("immi_immigration_status_start_date", "date", "Start of the status, where known"),
        _f("immi_immigration_status_end_date", "date", "903 DUC: date UASC status ceases"),
    ],
)

# --- Front door, children in need -----------------------------------------------------------------
_table(
    "ssd_contacts",
    "Contacts (Annex A list 1)",
    ("cont_contact_id",),
    ("annex_a", "ssd"),
    [
        _f("cont_contact_id", "str", "Contact ID (generated from child and date when absent)"),
        _f("cont_person_id", "str", "Child ID"),
        _f("cont_contact_date", "date", "Contact date"),
        _f("cont_contact_source_code", "str", "Contact source"),
    ],
)
_table(
    "ssd_early_help_episodes",
    "Early help assessments (Annex A list 2)",
    ("earl_episode_id",),
    ("annex_a", "ssd"),
    [
        _f("earl_episode_id", "str", "Episode ID"),
        _f("earl_person_id", "str", "Child ID"),
        _f("earl_episode_start_date", "date", "Assessment start"),
        _f("earl_episode_end_date", "date", "Assessment completion"),
        _f("earl_episode_organisation", "str", "Organisation completing the assessment"),
    ],
)
_table(
    "ssd_cin_episodes",
    "Episodes of need: one per referral (CIN CINdetails)",
    ("cine_referral_id",),
    ("cin", "annex_a"),
    [
        _f("cine_referral_id", "str", "Referral ID (CIN: child ID + referral date + position)"),
        _f("cine_person_id", "str", "Child ID"),
        _f("cine_referral_date", "date", "CINreferralDate"),
        _f("cine_referral_source_code", "str", "ReferralSource"),
        _f("cine_cin_primary_need_code", "str", "PrimaryNeedCode N0-N9"),
        _f("cine_referral_nfa", "bool", "ReferralNFA"),
        _f("cine_close_date", "date", "CINclosureDate"),
        _f("cine_close_reason", "str", "ReasonForClosure RC1-RC9"),
        _f("cine_initial_cpc_date", "date", "DateOfInitialCPC on the episode (CIN)", extra=True),
        _f("cine_referral_team", "str", "Allocated team"),
        _f("cine_referral_worker_id", "str", "Allocated worker"),
    ],
)
_table(
    "ssd_cin_assessments",
    "Child and family assessments",
    ("cina_assessment_id",),
    ("cin", "annex_a"),
    [
        _f("cina_assessment_id", "str", "Assessment ID"),
        _f("cina_person_id", "str", "Child ID"),
        _f("cina_referral_id", "str", "Referral the assessment belongs to"),
        _f("cina_assessment_start_date", "date", "AssessmentActualStartDate"),
        _f("cina_assessment_internal_review_date", "date", "AssessmentInternalReviewDate", True),
        _f("cina_assessment_auth_date", "date", "AssessmentAuthorisationDate"),
        _f("cina_assessment_child_seen", "bool", "Child seen during the assessment (Annex A)"),
        _f("cina_assessment_outcome_nfa", "bool", "Assessment ended with no further action"),
        _f("cina_assessment_team", "str", "Team"),
        _f("cina_assessment_worker_id", "str", "Worker"),
    ],
)
_table(
    "ssd_assessment_factors",
    "Factors identified at the end of an assessment: one row per factor",
    ("cinf_assessment_id", "cinf_factor_code"),
    ("cin",),
    [
        _f("cinf_assessment_id", "str", "Assessment ID"),
        _f("cinf_person_id", "str", "Child ID", extra=True),
        _f("cinf_factor_code", "str", "Factor code (e.g. 3A, 21)", extra=True),
    ],
    notes="The SSD holds factors as a JSON list; here they are one row per factor, for counting.",
)
_table(
    "ssd_cin_plans",
    "Child in need plans",
    ("cinp_cin_plan_id",),
    ("cin",),
    [
        _f("cinp_cin_plan_id", "str", "Plan ID"),
        _f("cinp_referral_id", "str", "Referral ID"),
        _f("cinp_person_id", "str", "Child ID"),
        _f("cinp_cin_plan_start_date", "date", "CINPlanStartDate"),
        _f("cinp_cin_plan_end_date", "date", "CINPlanEndDate"),
        _f("cinp_cin_plan_team", "str", "Team"),
        _f("cinp_cin_plan_worker_id", "str", "Worker"),
    ],
)
_table(
    "ssd_s47_enquiry",
    "Section 47 enquiries",
    ("s47e_s47_enquiry_id",),
    ("cin", "annex_a"),
    [
        _f("s47e_s47_enquiry_id", "str", "Enquiry ID"),
        _f("s47e_referral_id", "str", "Referral ID"),
        _f("s47e_person_id", "str", "Child ID"),
        _f("s47e_strategy_discussion_date", "date", "Strategy discussion (Annex A)", extra=True),
        _f("s47e_s47_start_date", "date", "S47ActualStartDate"),
        _f("s47e_s47_end_date", "date", "End of the enquiry, where known"),
        _f("s47e_icpc_not_required", "bool", "ICPCnotRequired", extra=True),
        _f("s47e_s47_completed_by_team", "str", "Team"),
        _f("s47e_s47_completed_by_worker_id", "str", "Worker"),
    ],
)
_table(
    "ssd_initial_cp_conference",
    "Initial child protection conferences (from the Section47 block in the CIN census)",
    ("icpc_icpc_id",),
    ("cin", "annex_a"),
    [
        _f("icpc_icpc_id", "str", "ICPC ID"),
        _f("icpc_s47_enquiry_id", "str", "The S47 enquiry it followed"),
        _f("icpc_person_id", "str", "Child ID"),
        _f("icpc_referral_id", "str", "Referral ID"),
        _f("icpc_icpc_target_date", "date", "InitialCPCtarget"),
        _f("icpc_icpc_date", "date", "DateOfInitialCPC"),
        _f("icpc_icpc_outcome_cp_flag", "bool", "The conference led to a plan"),
    ],
)
_table(
    "ssd_cp_plans",
    "Child protection plans",
    ("cppl_cp_plan_id",),
    ("cin", "annex_a"),
    [
        _f("cppl_cp_plan_id", "str", "Plan ID"),
        _f("cppl_referral_id", "str", "Referral ID"),
        _f("cppl_icpc_id", "str", "ICPC ID"),
        _f("cppl_person_id", "str", "Child ID"),
        _f("cppl_cp_plan_start_date", "date", "CPPstartDate"),
        _f("cppl_cp_plan_end_date", "date", "CPPendDate"),
        _f("cppl_cp_plan_initial_category", "str", "InitialCategoryOfAbuse"),
        _f("cppl_cp_plan_latest_category", "str", "LatestCategoryOfAbuse"),
        _f("cppl_number_of_previous_cpp", "int", "NumberOfPreviousCPP", extra=True),
        _f("cppl_cp_plan_team", "str", "Team", extra=True),
        _f("cppl_cp_plan_worker_id", "str", "Worker", extra=True),
    ],
)
_table(
    "ssd_cp_reviews",
    "Child protection review conferences",
    ("cppr_cp_review_id",),
    ("cin", "annex_a"),
    [
        _f("cppr_cp_review_id", "str", "Review ID"),
        _f("cppr_person_id", "str", "Child ID"),
        _f("cppr_cp_plan_id", "str", "Plan ID"),
        _f("cppr_cp_review_date", "date", "CPPreviewDate"),
    ],
)
_table(
    "ssd_pre_proceedings",
    "Pre-proceedings and family group decision-making (the CIN census from 2026/27)",
    ("prep_table_id",),
    ("cin", "ssd"),
    [
        _f("prep_table_id", "str", "Pre-proceedings ID"),
        _f("prep_person_id", "str", "Child ID"),
        _f("prep_referral_id", "str", "Referral ID (the CINdetails it is written in)", extra=True),
        _f("prep_pre_pro_decision_date", "date", "PPStartDate: decision to start pre-proceedings"),
        _f("prep_pre_pro_letter_date", "date", "LBPSentDate: letter before proceedings sent"),
        _f("prep_fgdm_offered", "bool", "FGDMMeetingOffer: FGDM meeting offered", extra=True),
        _f("prep_fgdm_facilitated", "bool", "FGDMMeetingFac: FGDM meeting held", extra=True),
        _f("prep_initial_pre_pro_meeting_date", "date", "InitialPPMeetingDate"),
        _f("prep_pre_pro_meetings_num", "int", "ReviewMeetingsCount: review meetings held"),
        _f("prep_agree_stepdown_issue_date", "date", "StepDecisionDate: step down or issue"),
        _f("prep_pre_pro_outcome", "str", "PPOutcome"),
        _f("prep_court_application_date", "date", "CourtAppDate", extra=True),
        _f(
            "prep_care_pro_letter_date",
            "date",
            "LetterInitCPDate: letter to start care proceedings",
        ),
    ],
)
_table(
    "ssd_cp_visits",
    "Child protection visits (Annex A gives the latest one)",
    ("cppv_cp_visit_id",),
    ("annex_a", "ssd"),
    [
        _f("cppv_cp_visit_id", "str", "Visit ID"),
        _f("cppv_person_id", "str", "Child ID"),
        _f("cppv_cp_plan_id", "str", "Plan ID"),
        _f("cppv_cp_visit_date", "date", "Visit date"),
        _f("cppv_cp_visit_seen_alone", "bool", "Child seen alone"),
    ],
)
_table(
    "ssd_cin_visits",
    "Child in need visits (Annex A gives the latest one)",
    ("cinv_cin_visit_id",),
    ("annex_a", "ssd"),
    [
        _f("cinv_cin_visit_id", "str", "Visit ID"),
        _f("cinv_person_id", "str", "Child ID"),
        _f("cinv_cin_visit_date", "date", "Visit date (Annex A: date last seen)"),
        _f("cinv_cin_visit_seen_alone", "bool", "Child seen alone"),
    ],
)

# --- Children looked after ------------------------------------------------------------------------
_table(
    "ssd_cla_episodes",
    "Episodes of care: one row per 903 episode (legal status and placement carried on the row)",
    ("clae_cla_episode_id",),
    ("ssda903", "annex_a"),
    [
        _f("clae_cla_episode_id", "str", "Episode ID (child + DECOM)"),
        _f("clae_person_id", "str", "Child ID"),
        _f("clae_cla_episode_start_date", "date", "DECOM"),
        _f("clae_cla_episode_start_reason", "str", "RNE: L, P, T, U, B"),
        _f("clae_legal_status", "str", "LS", extra=True),
        _f("clae_cla_primary_need_code", "str", "CIN category of need N1-N8"),
        _f("clae_placement_type", "str", "PLACE", extra=True),
        _f("clae_placement_provider", "str", "PLACE_PROVIDER", extra=True),
        _f("clae_cla_episode_ceased_date", "date", "DEC"),
        _f("clae_cla_episode_ceased_reason", "str", "REC"),
        _f("clae_reason_place_change", "str", "REASON_PLACE_CHANGE", extra=True),
        _f("clae_home_postcode", "str", "HOME_POST", extra=True),
        _f("clae_placement_postcode", "str", "PL_POST", extra=True),
        _f("clae_placement_urn", "str", "URN", extra=True),
    ],
    notes=(
        "The SSD splits placements (ssd_cla_placement) and legal status (ssd_legal_status) into "
        "their own tables; the 903's grain is the episode, so they are carried on the row here."
    ),
)
_table(
    "ssd_cla_reviews",
    "Looked-after reviews",
    ("clar_cla_review_id",),
    ("ssda903", "annex_a"),
    [
        _f("clar_cla_review_id", "str", "Review ID"),
        _f("clar_person_id", "str", "Child ID", extra=True),
        _f("clar_cla_review_date", "date", "REVIEW"),
        _f("clar_cla_review_participation", "str", "REVIEW_CODE PN0-PN7"),
    ],
)
_table(
    "ssd_cla_visits",
    "Looked-after visits (Annex A: last social worker visit)",
    ("clav_cla_visit_id",),
    ("annex_a", "ssd"),
    [
        _f("clav_cla_visit_id", "str", "Visit ID"),
        _f("clav_person_id", "str", "Child ID"),
        _f("clav_cla_visit_date", "date", "Visit date"),
        _f("clav_cla_visit_seen_alone", "bool", "Child seen alone"),
    ],
)
_table(
    "ssd_missing",
    "Missing and away-from-placement episodes",
    ("miss_table_id",),
    ("ssda903", "annex_a"),
    [
        _f("miss_table_id", "str", "Row ID"),
        _f("miss_person_id", "str", "Child ID"),
        _f("miss_missing_episode_type", "str", "M missing, A away"),
        _f("miss_missing_episode_start_date", "date", "MIS_START"),
        _f("miss_missing_episode_end_date", "date", "MIS_END"),
        _f("miss_missing_rhi_offered", "bool", "Return interview offered"),
        _f("miss_missing_rhi_accepted", "bool", "Return interview accepted"),
    ],
)
_table(
    "ssd_involvements",
    "Which social worker held the case, and when (903 sw_episodes; Annex A allocations)",
    ("invo_involvements_id",),
    ("ssda903", "annex_a", "ssd"),
    [
        _f("invo_involvements_id", "str", "Row ID"),
        _f("invo_person_id", "str", "Child ID"),
        _f("invo_professional_id", "str", "Worker ID (SW_ID)"),
        _f("invo_professional_team", "str", "Team"),
        _f("invo_involvement_start_date", "date", "SW_DECOM"),
        _f("invo_involvement_end_date", "date", "SW_DEC"),
        _f("invo_worker_change_reason", "str", "SW_REASON"),
    ],
)
_table(
    "ssd_permanence",
    "Adoption: decisions, orders, matches and placements (903 ad1, placed_for_adoption; Annex A 10)",
    ("perm_table_id",),
    ("ssda903", "annex_a"),
    [
        _f("perm_table_id", "str", "Row ID"),
        _f("perm_person_id", "str", "Child ID"),
        _f("perm_adm_decision_date", "date", "DATE_INT: decision that the child should be placed"),
        _f("perm_placement_order_date", "date", "Placement order (Annex A)"),
        _f("perm_matched_date", "date", "DATE_MATCH"),
        _f("perm_placed_for_adoption_date", "date", "DATE_PLACED"),
        _f("perm_placed_ceased_date", "date", "DATE_PLACED_CEASED", extra=True),
        _f("perm_placed_ceased_reason", "str", "REASON_PLACED_CEASED", extra=True),
        _f("perm_adopted_by_carer_flag", "bool", "FOSTER_CARE: adopted by the foster carer"),
        _f("perm_number_of_adopters", "int", "NB_ADOPTR"),
        _f("perm_adopter_sex", "str", "SEX_ADOPTR"),
        _f("perm_adopter_legal_status", "str", "LS_ADOPTR"),
        _f("perm_decision_reversed_date", "date", "Decision reversed (Annex A)"),
        _f("perm_decision_reversed_reason", "str", "Reason reversed (Annex A)"),
    ],
)
_table(
    "ssd_cla_previous_permanence",
    "Previous permanence before this period of care",
    ("lapp_table_id",),
    ("ssda903",),
    [
        _f("lapp_table_id", "str", "Row ID"),
        _f("lapp_person_id", "str", "Child ID"),
        _f("lapp_previous_permanence_option", "str", "PREV_PERM"),
        _f("lapp_previous_permanence_la", "str", "LA_PERM"),
        _f("lapp_previous_permanence_order_date", "str", "DATE_PERM (may be partial: zz/mm/YYYY)"),
    ],
)
_table(
    "ssd_care_leavers",
    "Care leavers (903 oc3; Annex A 9)",
    ("clea_table_id",),
    ("ssda903", "annex_a"),
    [
        _f("clea_table_id", "str", "Row ID"),
        _f("clea_person_id", "str", "Child ID"),
        _f("clea_care_leaver_eligibility", "str", "Eligibility category (Annex A)"),
        _f("clea_care_leaver_in_touch", "str", "IN_TOUCH"),
        _f("clea_care_leaver_latest_contact", "date", "Latest contact (Annex A)"),
        _f("clea_care_leaver_accommodation", "str", "ACCOM"),
        _f("clea_care_leaver_accom_suitable", "str", "Suitability (from ACCOM or Annex A)"),
        _f("clea_care_leaver_activity", "str", "ACTIV"),
        _f("clea_dob", "date", "DOB (903 oc3): a care leaver of 19-21 may be in no other table"),
    ],
)
_table(
    "s903_outcomes",
    "903 oc2: outcomes for children looked after 12 months or more at 31 March",
    ("person_id",),
    ("ssda903",),
    [
        _f("person_id", "str", "Child ID"),
        _f("sdq_score", "int", "SDQ_SCORE"),
        _f("sdq_reason", "str", "SDQ_REASON"),
        _f("convicted", "bool", "CONVICTED"),
        _f("health_check", "bool", "HEALTH_CHECK"),
        _f("immunisations", "bool", "IMMUNISATIONS"),
        _f("teeth_check", "bool", "TEETH_CHECK"),
        _f("health_assessment", "bool", "HEALTH_ASSESSMENT"),
        _f("substance_misuse", "bool", "SUBSTANCE_MISUSE"),
        _f("intervention_received", "bool", "INTERVENTION_RECEIVED"),
        _f("intervention_offered", "bool", "INTERVENTION_OFFERED"),
    ],
    ssd=False,
)
_table(
    "s903_dolo",
    "903 dolo: deprivation of liberty orders (2026/27 on)",
    ("person_id", "dolo_start"),
    ("ssda903",),
    [
        _f("person_id", "str", "Child ID"),
        _f("dolo_start", "date", "DOLO_START"),
        _f("dolo_end", "date", "DOLO_END"),
    ],
    ssd=False,
)

# --- Annex A extras and workforce -----------------------------------------------------------------
_table(
    "ssd_professionals",
    "Social workers (from allocations, the workforce census or an SSD extract)",
    ("prof_professional_id",),
    ("annex_a", "csww", "ssd"),
    [
        _f("prof_professional_id", "str", "Worker ID"),
        _f("prof_professional_name", "str", "Name, where the source carries one"),
        _f("prof_professional_team", "str", "Team", extra=True),
        _f("prof_full_time_equivalency", "float", "FTE"),
        _f("prof_agency_worker_flag", "bool", "Agency worker"),
        _f("prof_start_date", "date", "Start in post", extra=True),
        _f("prof_end_date", "date", "Left post", extra=True),
    ],
)
_table(
    "csww_council_figures",
    "Children's social work workforce census: the council's figures for one year (30 September)",
    ("year",),
    ("csww",),
    [
        _f("year", "int", "Census year (30 September of that year)"),
        _f("fte_in_post", "float", "Social workers in post, FTE"),
        _f("headcount_in_post", "int", "Social workers in post, headcount"),
        _f("starters_fte", "float", "Starters in the year, FTE"),
        _f("leavers_fte", "float", "Leavers in the year, FTE"),
        _f("agency_fte", "float", "Agency workers, FTE"),
        _f("vacancies_fte", "float", "Vacancies, FTE"),
        _f("absence_days", "float", "Days of sickness absence"),
        _f("case_holders_fte", "float", "Case holders, FTE"),
        _f("cases", "int", "Cases held"),
    ],
    ssd=False,
)


def table(name: str) -> Table:
    """The declaration of a canonical table, by name."""
    try:
        return TABLES[name]
    except KeyError:
        raise KeyError(f"no canonical table called {name!r}") from None


# When several returns fill one table, the combined view of a council takes the table from the
# first return in this order that it has a snapshot of, so the same referral is never counted twice.
SOURCE_PRECEDENCE: dict[str, tuple[str, ...]] = {name: t.sources for name, t in TABLES.items()}
