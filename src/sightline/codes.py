"""Code lists in words: "N1" -> "Abuse or neglect (N1)".

The names come from the specifications shipped with the package, never typed by hand: the CIN
census schema's documented enumerations (ethnicity, referral source, primary need, reason for
closure, category of abuse, disability, assessment factors), found through each element's type.
A column is named either by the CIN element it holds (ReferralSource) or by the canonical or
indicator column that carries it (cine_referral_source_code, primary_need, ethnicity).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from functools import cache

from sightline.paths import SPECS

XS = "{http://www.w3.org/2001/XMLSchema}"
CIN_SCHEMA = SPECS / "cin" / "CIN_schema_2025.xsd"

# Columns (canonical fields, and the columns indicators give for the children behind a figure)
# that hold a CIN element's codes.
COLUMN_ELEMENTS: dict[str, str] = {
    "pers_ethnicity": "Ethnicity",
    "ethnicity": "Ethnicity",
    "cine_referral_source_code": "ReferralSource",
    "referral_source": "ReferralSource",
    "cine_cin_primary_need_code": "PrimaryNeedCode",
    "clae_cla_primary_need_code": "PrimaryNeedCode",
    "primary_need": "PrimaryNeedCode",
    "cine_close_reason": "ReasonForClosure",
    "cppl_cp_plan_initial_category": "InitialCategoryOfAbuse",
    "cppl_cp_plan_latest_category": "LatestCategoryOfAbuse",
    "disa_disability_code": "Disability",
    "factor": "AssessmentFactors",
}


@cache
def _cin_lists() -> dict[str, dict[str, str]]:
    """Element name -> {code: name} for every CIN element whose type documents its codes."""
    root = ET.parse(CIN_SCHEMA).getroot()
    by_type: dict[str, dict[str, str]] = {}
    for simple in root.iter(f"{XS}simpleType"):
        names = {}
        for enum in simple.iter(f"{XS}enumeration"):
            doc = enum.find(f"{XS}annotation/{XS}documentation")
            if doc is not None and doc.text and doc.text.strip():
                names[enum.get("value", "")] = _tidy(doc.text)
        if names and simple.get("name"):
            by_type[simple.get("name", "")] = names
    lists: dict[str, dict[str, str]] = {}
    for element in root.iter(f"{XS}element"):
        kind = element.get("type")
        if kind in by_type and element.get("name"):
            lists[element.get("name", "")] = by_type[kind]
    return lists


def _tidy(text: str) -> str:
    """The schema's names as a sentence: "INDIVIDUAL – self" -> "Individual – self"."""
    text = re.sub(r"\s+", " ", text.strip().lstrip("("))
    head, sep, rest = text.partition(" – ")
    if head.isupper() and len(head) > 3:
        head = head.capitalize().replace("La services", "Local authority services")
    return f"{head}{sep}{rest}"


def code_list(column: str) -> dict[str, str]:
    """{code: name} for a column or CIN element; empty when it holds no documented code list."""
    lists = _cin_lists()
    return lists.get(COLUMN_ELEMENTS.get(column, column), {})


def describe(column: str, code: object) -> str:
    """A code in words with the code in brackets ("Abuse or neglect (N1)"); other values as
    they are, and a code the list does not know as itself."""
    if code is None or code == "":
        return ""
    text = str(code)
    name = code_list(column).get(text)
    return f"{name} ({text})" if name else text
