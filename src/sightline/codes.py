"""Code lists in words: "N1" -> "Abuse or neglect (N1)".

The names come from the specifications shipped with the package: the CIN census schema's
documented enumerations (ethnicity, referral source, primary need, reason for closure, category
of abuse, disability, assessment factors), found through each element's type; and, for the
SSDA903, whose schema files name almost none of their codes, `specs/ssda903/code_names.yml`,
the DfE's code sets in words (legal status, placement type, provider, reasons for a new episode,
for an episode ending and for a placement changing, and the rest), with its sources. A column is
named by the CIN element or 903 column it holds (ReferralSource, PLACE) or by the canonical or
indicator column that carries it (cine_referral_source_code, clae_placement_type, primary_need).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from functools import cache
from typing import Any

import yaml

from sightline.paths import SPECS

XS = "{http://www.w3.org/2001/XMLSchema}"
CIN_SCHEMA = SPECS / "cin" / "CIN_schema_2025.xsd"
NAMES_903 = SPECS / "ssda903" / "code_names.yml"
# 903 columns whose codes are the CIN census's own lists (the same codes, named there).
SAME_AS_CIN = {"CIN": "PrimaryNeedCode", "ETHNIC": "Ethnicity"}

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
# Canonical and indicator columns that hold a 903 column's codes.
COLUMN_903: dict[str, str] = {
    "clae_cla_episode_start_reason": "RNE",
    "clae_legal_status": "LS",
    "legal_status": "LS",
    "clae_placement_type": "PLACE",
    "place": "PLACE",
    "previous_place": "PLACE",
    "placement_type": "PLACE",
    "clae_placement_provider": "PLACE_PROVIDER",
    "clae_cla_episode_ceased_reason": "REC",
    "clae_reason_place_change": "REASON_PLACE_CHANGE",
    "clar_cla_review_participation": "REVIEW_CODE",
    "miss_missing_episode_type": "MISSING",
    "invo_worker_change_reason": "SW_REASON",
    "perm_placed_ceased_reason": "REASON_PLACED_CEASED",
    "perm_adopter_sex": "SEX_ADOPTR",
    "perm_adopter_legal_status": "LS_ADOPTR",
    "lapp_previous_permanence_option": "PREV_PERM",
    "clea_care_leaver_in_touch": "IN_TOUCH",
    "in_touch": "IN_TOUCH",
    "clea_care_leaver_accommodation": "ACCOM",
    "clea_care_leaver_activity": "ACTIV",
    "sdq_reason": "SDQ_REASON",
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


@cache
def _903_lists() -> dict[str, dict[str, str]]:
    """903 column -> {code: name}, from code_names.yml (a column in two tables has one list)."""
    raw: dict[str, dict[str, Any]] = yaml.safe_load(NAMES_903.read_text(encoding="utf-8"))
    lists: dict[str, dict[str, str]] = {}
    for table, columns in raw.items():
        for column, names in columns.items():
            found = _accommodation(names) if column == "ACCOM" else _named(names)
            if column in lists and lists[column] != found:
                raise ValueError(f"code_names.yml: {table}.{column} differs from another table's")
            lists[column] = found
    for column, element in SAME_AS_CIN.items():
        lists[column] = _cin_lists()[element]
    return lists


def _named(names: dict[Any, Any]) -> dict[str, str]:
    return {str(code): str(name) for code, name in names.items()}


def _accommodation(spec: dict[Any, Any]) -> dict[str, str]:
    """ACCOM codes: a kind of accommodation and whether it is suitable ("B1": with parents,
    suitable), and the lone codes ("0") as they are."""
    lists = {
        f"{kind}{mark}": f"{name}, {words}"
        for kind, name in spec["kinds"].items()
        for mark, words in spec["suitability"].items()
    }
    lists.update({str(c): str(n) for c, n in spec.items() if c not in ("kinds", "suitability")})
    return lists


def code_list_903(column: str) -> dict[str, str]:
    """{code: name} for a 903 column (PLACE) or a column carrying one (clae_placement_type)."""
    return _903_lists().get(COLUMN_903.get(column, column), {})


def code_list(column: str) -> dict[str, str]:
    """{code: name} for a column, CIN element or 903 column; empty when it holds no documented
    code list."""
    found = code_list_903(column)
    if found:
        return found
    return _cin_lists().get(COLUMN_ELEMENTS.get(column, column), {})


def describe(column: str, code: object) -> str:
    """A code in words with the code in brackets ("Abuse or neglect (N1)"); other values as
    they are, and a code the list does not know as itself."""
    if code is None or code == "":
        return ""
    text = str(code)
    names = code_list(column)
    name = names.get(text) or names.get(text.strip().upper())
    return f"{name} ({text})" if name else text


def sql_words(column: str, expr: str) -> str:
    """A SQL expression giving `expr`'s code in words with the code in brackets, as `describe`
    does ("Full care order (C2)"); a code the list does not know stays as it is."""
    names = code_list(column)
    if not names:
        return expr
    whens = " ".join(
        f"WHEN '{_sql(code)}' THEN '{_sql(f'{name} ({code})')}'" for code, name in names.items()
    )
    return f"(CASE upper(trim({expr})) {whens} ELSE {expr} END)"


def _sql(text: str) -> str:
    return text.replace("'", "''")
