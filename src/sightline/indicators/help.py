"""One line per indicator, written for elected members and board members: what the figure says
about children, in plain words. The definitions (for analysts) stay on each declaration; this is
the help text shown beside a figure and in the glossary. Every registered indicator has one (test).
"""

from __future__ import annotations

HELP: dict[str, str] = {
    "referrals": "How many times in the year someone (police, school, health, family) asked "
    "children's social care to help a child and the council accepted it as a referral.",
    "referrals_rate": "Referrals for every 10,000 children living in the area, so councils of "
    "different sizes can be compared.",
    "rereferrals": "Of the year's referrals, the share about a child already referred in the 12 "
    "months before: a high figure can mean help ended too soon.",
    "referrals_nfa": "Of the year's referrals, the share where the council decided no further "
    "action was needed.",
    "not_in_need": "Of the assessments completed, the share that found the child was not in need "
    "of social care help.",
    "cin_at_31": "How many children were being helped as children in need on 31 March.",
    "cin_rate": "Children in need on 31 March for every 10,000 children living in the area.",
    "assessments_45wd": "Of the assessments completed, the share finished within the legal limit "
    "of 45 working days.",
    "assessment_days": "On average, how many working days an assessment took from start to end.",
    "assessment_factors": "How often each concern (for example domestic abuse or mental health) "
    "was recorded at the end of an assessment.",
    "s47s": "How many child protection enquiries (section 47) were started, where there was cause "
    "to suspect a child was suffering or likely to suffer significant harm.",
    "s47_rate": "Child protection enquiries started for every 10,000 children in the area.",
    "icpc_15wd": "Of the first child protection conferences, the share held within 15 working days "
    "of the strategy discussion, as the statutory guidance expects.",
    "cpp_started": "How many children became subject to a child protection plan in the year.",
    "cpp_at_31": "How many children were on a child protection plan on 31 March.",
    "cpp_rate": "Children on a child protection plan on 31 March for every 10,000 children.",
    "cpp_subsequent": "Of the plans started, the share for a child who had been on a plan before: "
    "a high figure can mean risk was not reduced the first time.",
    "cpp_2years": "Of the plans open on 31 March, the share open for two years or more: plans are "
    "meant to bring change sooner.",
    "cpp_ended_2years": "Of the plans that ended in the year, the share that had lasted two years "
    "or more.",
    "cpp_reviewed": "Of the children on a plan, the share whose plan was reviewed on time.",
    "cla_at_31": "How many children the council was looking after (in care) on 31 March.",
    "cla_rate": "Children in care on 31 March for every 10,000 children in the area.",
    "cla_started": "How many children came into care in the year.",
    "cla_ceased": "How many children left care in the year.",
    "stability_3plus": "Of the children in care, the share who moved home three or more times in "
    "the year.",
    "stability_long_term": "Of the children in care for two and a half years or more, the share "
    "who have lived in the same home for at least two years.",
    "sw_3plus": "Of the children in care, the share who had three or more social workers in the "
    "year.",
    "sw_2plus": "Of the children in care, the share who had two or more social workers in the "
    "year.",
    "missing_children": "How many children in care went missing at least once in the year.",
    "adoption_a1": "On average over three years, how many days passed between a child coming into "
    "care and moving in with the family adopting them.",
    "adoption_a10": "As the figure above, but a child adopted by their foster carers counts from "
    "the day they moved in with those carers, so early permanence is not counted as delay.",
    "adoption_a2": "On average over three years, how many days passed between the court's "
    "placement order and the child being matched with adopters.",
    "health_assessments": "Of the children in care for a year or more, the share whose health "
    "assessment is up to date.",
    "dental_checks": "Of the children in care for a year or more, the share whose dental check is "
    "up to date.",
    "immunisations": "Of the children in care for a year or more, the share whose immunisations are "
    "up to date.",
    "care_leavers_eet_17_18": "Of the care leavers aged 17 or 18, the share in education, "
    "employment or training.",
    "care_leavers_eet_19_21": "Of the care leavers aged 19 to 21, the share in education, "
    "employment or training.",
    "care_leavers_suitable_17_18": "Of the care leavers aged 17 or 18, the share living in "
    "accommodation judged suitable.",
    "care_leavers_suitable_19_21": "Of the care leavers aged 19 to 21, the share living in "
    "accommodation judged suitable.",
    "vacancy_rate": "Of the social worker posts, the share that were vacant on 30 September.",
    "agency_rate": "Of the social workers, the share employed through an agency rather than by "
    "the council.",
    "turnover_rate": "Of the social workers, the share who left the council in the year.",
    "caseload": "On average, how many children each case-holding social worker was working with.",
    "caseload_live": "Children with an allocated social worker on the last day, for each such "
    "worker.",
}


def member_help(indicator_id: str) -> str:
    """The one-line help for an indicator ("" when none is written)."""
    return HELP.get(indicator_id, "")
