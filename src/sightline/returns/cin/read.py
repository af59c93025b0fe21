"""Read a CIN census XML file (layouts 2022 to 2026) into the canonical tables.

Streams with lxml.etree.iterparse on Child end events and clears each child once read, so memory
stays flat however big the file; values accumulate in column lists and are flushed to Arrow every
CHUNK children. Namespaces are ignored (councils send wrong ones), values are trimmed, empty elements
count as absent.

Identifiers for rows the census gives no key for are built from the child and the position, so the
same file always gives the same IDs:
- referral  `<LAchildID>/<CINreferralDate>/<n>` (n: position of the CINdetails in the child, from 1)
- assessment `<referral>/A<k>`, CIN plan `<referral>/P<k>`, section 47 `<referral>/S<k>`,
  its initial conference `<referral>/S<k>/ICPC` (only when the Section47 block has a conference date
  or target), CP plan `<referral>/CP<k>`, CP review `<plan>/R<k>`.
`source_row` is the XPath of the element the row came from.

What is checked while reading: the file is well-formed XML (a truncated file is reported with the
line where it broke and nothing is imported), dates are YYYY-MM-DD, required values are present,
codes are in that year's list, booleans are 0/1 (true/false accepted), child IDs are unique (the
second child with the same ID is reported and not imported), and every element is one the census
of that year has (`schema`): any other is a warning naming it and its line, never dropped in silence.

From the 2026/27 census (Year 2027) the pre-proceedings and family group decision-making module
(`PreProceedingsandFGDM`, in a referral's CINdetails) is read into `ssd_pre_proceedings`, one row a
block, ID `<referral>/PP<k>`.
"""

from __future__ import annotations

import gc
import io
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

from lxml import etree

from sightline.returns.cin import schema
from sightline.returns.cin.codes import codes as cin_codes
from sightline.returns.problems import WARNING, Problems
from sightline.returns.reading import (
    ENTITIES_MESSAGE,
    ReadResult,
    block_unreadable_xml,
    build_table,
    concat,
    date_message,
    declares_entities,
    parse_iso_date,
)
from sightline.rules.cin.source import CensusReader

RETURN = "cin"
CHUNK = 20_000

TABLES = (
    "ssd_person",
    "ssd_disability",
    "ssd_cin_episodes",
    "ssd_cin_assessments",
    "ssd_assessment_factors",
    "ssd_cin_plans",
    "ssd_s47_enquiry",
    "ssd_initial_cp_conference",
    "ssd_cp_plans",
    "ssd_cp_reviews",
    "ssd_pre_proceedings",
)

# Fields per block: (element, canonical column, kind, required). kind: str | date | code | bool | int
PERSON = (
    ("UPN", "pers_upn", "str", False),
    ("FormerUPN", "pers_former_upn", "str", False),
    ("UPNunknown", "pers_upn_unknown", "code", False),
    ("PersonBirthDate", "pers_dob", "date", False),
    ("ExpectedPersonBirthDate", "pers_expected_dob", "date", False),
    ("PersonDeathDate", "pers_death_date", "date", False),
)
EPISODE = (
    ("CINreferralDate", "cine_referral_date", "date", True),
    ("ReferralSource", "cine_referral_source_code", "code", True),
    ("PrimaryNeedCode", "cine_cin_primary_need_code", "code", True),
    ("CINclosureDate", "cine_close_date", "date", False),
    ("ReasonForClosure", "cine_close_reason", "code", False),
    ("DateOfInitialCPC", "cine_initial_cpc_date", "date", False),
    ("ReferralNFA", "cine_referral_nfa", "bool", True),
)
ASSESSMENT = (
    ("AssessmentActualStartDate", "cina_assessment_start_date", "date", True),
    ("AssessmentInternalReviewDate", "cina_assessment_internal_review_date", "date", False),
    ("AssessmentAuthorisationDate", "cina_assessment_auth_date", "date", False),
)
CIN_PLAN = (
    ("CINPlanStartDate", "cinp_cin_plan_start_date", "date", True),
    ("CINPlanEndDate", "cinp_cin_plan_end_date", "date", False),
)
SECTION47 = (
    ("S47ActualStartDate", "s47e_s47_start_date", "date", True),
    ("ICPCnotRequired", "s47e_icpc_not_required", "bool", True),
)
ICPC = (
    ("InitialCPCtarget", "icpc_icpc_target_date", "date", False),
    ("DateOfInitialCPC", "icpc_icpc_date", "date", False),
)
CP_PLAN = (
    ("CPPstartDate", "cppl_cp_plan_start_date", "date", True),
    ("CPPendDate", "cppl_cp_plan_end_date", "date", False),
    ("InitialCategoryOfAbuse", "cppl_cp_plan_initial_category", "code", True),
    ("LatestCategoryOfAbuse", "cppl_cp_plan_latest_category", "code", True),
    ("NumberOfPreviousCPP", "cppl_number_of_previous_cpp", "int", True),
)
PRE_PROCEEDINGS = (
    ("PPStartDate", "prep_pre_pro_decision_date", "date", False),
    ("LBPSentDate", "prep_pre_pro_letter_date", "date", False),
    ("FGDMMeetingOffer", "prep_fgdm_offered", "bool", False),
    ("FGDMMeetingFac", "prep_fgdm_facilitated", "bool", False),
    ("InitialPPMeetingDate", "prep_initial_pre_pro_meeting_date", "date", False),
    ("ReviewMeetingsCount", "prep_pre_pro_meetings_num", "int", False),
    ("StepDecisionDate", "prep_agree_stepdown_issue_date", "date", False),
    ("PPOutcome", "prep_pre_pro_outcome", "code", False),
    ("CourtAppDate", "prep_court_application_date", "date", False),
    ("LetterInitCPDate", "prep_care_pro_letter_date", "date", False),
)

_TRUE = frozenset({"1", "true", "True", "TRUE"})
_FALSE = frozenset({"0", "false", "False", "FALSE"})


_GROUPS = frozenset(
    {"Assessments", "CINPlanDates", "Section47", "ChildProtectionPlans", schema.PRE_PROCEEDINGS}
)
_LOCAL_NAMES: dict[Any, str | None] = {}


def _local(tag: Any) -> str | None:
    """An element's name without its namespace; None for comments and processing instructions.
    Remembered per tag: a census repeats the same few dozen tags millions of times."""
    try:
        return _LOCAL_NAMES[tag]
    except KeyError:
        name = tag.rpartition("}")[2] if isinstance(tag, str) else None
        _LOCAL_NAMES[tag] = name
        return name


def _texts(element: Any) -> dict[str, str | None]:
    """The simple child elements of a block, by name, trimmed (empty -> None)."""
    values: dict[str, str | None] = {}
    names = _LOCAL_NAMES
    for sub in element:
        tag = sub.tag
        name = names[tag] if tag in names else _local(tag)
        if name is None:
            continue
        text = sub.text
        if text is not None:
            text = text.strip() or None
        values[name] = text
    return values


class _Reader:
    def __init__(self, problems: Problems) -> None:
        self.problems = problems
        self.year: int | None = None
        self.saw_header = False
        self.year_written = ""  # the header's Year where it is not a year
        self.council = ""
        self.reference_date: date | None = None
        self.codes = cin_codes(None)
        self.known = schema.elements(None)
        self.pre_proceedings = schema.collects_pre_proceedings(None)
        self.columns: dict[str, defaultdict[str, list[Any]]] = {
            t: defaultdict(list) for t in TABLES
        }
        self.parts: dict[str, list[Any]] = {t: [] for t in TABLES}
        self.seen: dict[str, str] = {}
        self.children = 0
        self.pending = 0
        self.near = ""  # where the current child starts in the file, for people with an editor

    # -- values --------------------------------------------------------------------------------
    def _put(self, table: str, column: str, value: Any) -> None:
        self.columns[table][column].append(value)

    def _convert(self, kind: str, name: str, text: str, child: str, where: str) -> Any:
        if kind == "str":
            return text
        if kind == "date":
            if len(text) == 10 and text[4] == "-" and text[7] == "-":  # the usual case, fast
                try:
                    return date.fromisoformat(text)
                except ValueError:
                    pass
            value = parse_iso_date(text)
            if value is None:
                self.problems.add(
                    "bad_date_format",
                    date_message(text, "YYYY-MM-DD"),
                    location=f"{where}/{name}{self.near}",
                    child_id=child,
                    field=name,
                    value=text,
                )
            return value
        if kind == "code":
            allowed = self.codes.get(name)
            if allowed is not None and text not in allowed:
                upper = text.upper()
                if upper in allowed:
                    return upper
                self.problems.add(
                    "bad_code",
                    f"{text!r} is not a {name} code in the {self.year or 'current'} census "
                    f"(allowed: {', '.join(sorted(allowed))}).",
                    location=f"{where}/{name}{self.near}",
                    child_id=child,
                    field=name,
                    value=text,
                )
            return text
        if kind == "bool":
            if text in _TRUE:
                return True
            if text in _FALSE:
                return False
            self.problems.add(
                "bad_code",
                f"{name} must be 0 (no) or 1 (yes).",
                location=f"{where}/{name}{self.near}",
                child_id=child,
                field=name,
                value=text,
            )
            return None
        # int
        if text.isdigit():
            return int(text)
        self.problems.add(
            "bad_value",
            f"{name} must be a whole number of 0 or more.",
            location=f"{where}/{name}{self.near}",
            child_id=child,
            field=name,
            value=text,
        )
        return None

    def _fields(
        self,
        table: str,
        spec: tuple[tuple[str, str, str, bool], ...],
        values: dict[str, str | None],
        child: str,
        where: str,
    ) -> None:
        columns = self.columns[table]
        convert = self._convert
        iso = date.fromisoformat
        for name, column, kind, required in spec:
            text = values.get(name)
            if text is None:
                if required:
                    self._missing(name, child, where)
                columns[column].append(None)
            elif kind == "date" and len(text) == 10 and text[4] == "-" and text[7] == "-":
                try:  # the usual case, without a call per value
                    columns[column].append(iso(text))
                except ValueError:
                    columns[column].append(convert(kind, name, text, child, where))
            elif kind == "str":
                columns[column].append(text)
            else:
                columns[column].append(convert(kind, name, text, child, where))

    def _missing(self, name: str, child: str, where: str) -> None:
        self.problems.add(
            "missing_field",
            f"{name} is required here but is missing or empty.",
            location=f"{where}/{name}{self.near}",
            child_id=child,
            field=name,
        )

    # -- blocks --------------------------------------------------------------------------------
    def header(self, element: Any) -> None:
        values: dict[str, str | None] = {}
        for sub in element.iter():
            name = _local(sub.tag)
            if name and sub.text and sub.text.strip():
                values.setdefault(name, sub.text.strip())
        self.saw_header = True
        year_text = values.get("Year")
        if year_text and year_text.isdigit() and len(year_text) == 4:
            self.year = int(year_text)
        else:  # the children are still read and checked (the newest code lists), then refused
            self.year_written = year_text or ""
        self.council = values.get("LEA") or ""
        ref = values.get("ReferenceDate")
        self.reference_date = parse_iso_date(ref) if ref else None
        if self.year and self.reference_date:
            # The census date is 31 March of Year; files are dated as late as the autumn after.
            implied = self.reference_date.year + (1 if self.reference_date.month > 3 else 0)
            if not date(self.year - 1, 4, 1) <= self.reference_date <= date(self.year, 12, 31):
                self.problems.add(
                    "year_disagrees",
                    f"The header's Year is {self.year} but its ReferenceDate "
                    f"{self.reference_date.isoformat()} is in collection year {implied}; the "
                    f"census was read as {self.year} (Year). Check which collection it is.",
                    location="/Message/Header/CollectionDetails",
                    field="ReferenceDate",
                    value=ref or "",
                    severity=WARNING,
                )
        self.codes = cin_codes(self.year)
        if schema.collects_pre_proceedings(self.year):
            self.codes = self.codes | {"PPOutcome": schema.PP_OUTCOMES}
        self.known = schema.elements(self.year)
        self.pre_proceedings = schema.collects_pre_proceedings(self.year)
        self.check_known(element, "Header", "", "/Message/Header")

    def check_known(
        self, element: Any, block: str, child: str, where: str, deep: bool = True
    ) -> None:
        """Warn about every element the census of this year does not have in this block (and,
        when `deep`, in the blocks inside it)."""
        allowed = self.known.get(block)
        if allowed is None:
            return
        known = self.known
        for sub in element:
            name = _local(sub.tag)
            if name is None:
                continue
            if name not in allowed:
                self._unknown(name, block, sub, child, where)
            elif deep and name in known:
                self.check_known(sub, name, child, f"{where}/{name}")

    def _unknown(self, name: str, block: str, element: Any, child: str, where: str) -> None:
        line = element.sourceline
        year = f"{self.year - 1}/{str(self.year)[2:]}" if self.year else "current"
        if name == schema.PRE_PROCEEDINGS and block == "CINdetails":
            why = (
                f"the pre-proceedings module is collected from the 2026/27 census on, and this is "
                f"the {year} census (Year {self.year}): it was not read"
            )
        else:
            why = "it was not read (check the element's spelling and the census year)"
        self.problems.add(
            "unknown_element",
            f"<{name}> at line {line} is not an element of {block} in the {year} CIN census; "
            f"{why}.",
            location=f"{where}/{name} (line {line})",
            child_id=child,
            field=name,
            severity=WARNING,
        )

    def child(self, element: Any) -> None:
        self.children += 1
        where = f"/Message/Children/Child[{self.children}]"
        self.near = f" (child from line {element.sourceline})" if element.sourceline else ""
        identifiers = characteristics = None
        details = []
        for sub in element:
            name = _local(sub.tag)
            if name == "CINdetails":
                details.append(sub)
            elif name == "ChildIdentifiers":
                identifiers = sub
            elif name == "ChildCharacteristics":
                characteristics = sub
        ids = _texts(identifiers) if identifiers is not None else {}
        child = ids.get("LAchildID")
        if child is None:
            self._missing("LAchildID", "", f"{where}/ChildIdentifiers")
            return
        if child in self.seen:
            self.problems.add(
                "duplicate_child",
                f"This child ID appears twice (first at {self.seen[child]}); the second is not "
                "imported.",
                location=f"{where}{self.near}",
                child_id=child,
                field="LAchildID",
                value=child,
            )
            return
        self.seen[child] = where
        self.check_known(element, "Child", child, where)
        self._person(child, ids, characteristics, f"{where}/ChildIdentifiers")
        if not details:
            self._missing("CINdetails", child, where)
        for n, detail in enumerate(details, start=1):
            self._episode(child, detail, n, f"{where}/CINdetails[{n}]")
        self.pending += 1
        if self.pending >= CHUNK:
            self.flush()

    def _person(
        self, child: str, ids: dict[str, str | None], characteristics: Any, where: str
    ) -> None:
        self.columns["ssd_person"]["pers_person_id"].append(child)
        self._fields("ssd_person", PERSON, ids, child, where)
        sex_field = "Sex" if "Sex" in ids else "GenderCurrent"
        sex = ids.get(sex_field)
        if sex is None:
            self._missing("Sex" if (self.year or 2025) >= 2025 else "GenderCurrent", child, where)
        else:
            sex = self._convert("code", sex_field, sex, child, where)
        self.columns["ssd_person"]["pers_sex"].append(sex)
        chars_where = where.replace("ChildIdentifiers", "ChildCharacteristics")
        ethnicity = None
        if characteristics is not None:
            for sub in characteristics:
                name = _local(sub.tag)
                if name == "Ethnicity":
                    text = (sub.text or "").strip()
                    if text:
                        ethnicity = self._convert("code", "Ethnicity", text, child, chars_where)
                elif name == "Disabilities":
                    self._disabilities(child, sub, f"{chars_where}/Disabilities")
        if ethnicity is None:
            self._missing("Ethnicity", child, chars_where)
        self.columns["ssd_person"]["pers_ethnicity"].append(ethnicity)
        self.columns["ssd_person"]["source_row"].append(where.rpartition("/")[0])

    def _duplicate(self, field: str, text: str, child: str, where: str) -> None:
        """A code given twice for one child or assessment is kept once, and said so."""
        self.problems.add(
            "duplicate_code",
            f"{field} {text} is given twice here; it was kept once.",
            location=where,
            child_id=child,
            field=field,
            value=text,
            severity=WARNING,
        )

    def _disabilities(self, child: str, element: Any, where: str) -> None:
        seen = set()
        for k, sub in enumerate(element, start=1):
            if _local(sub.tag) != "Disability":
                continue
            text = (sub.text or "").strip()
            if text in seen:
                self._duplicate("Disability", text, child, f"{where}/Disability[{k}]")
            if not text or text in seen:
                continue
            seen.add(text)
            code = self._convert("code", "Disability", text, child, where)
            self.columns["ssd_disability"]["disa_person_id"].append(child)
            self.columns["ssd_disability"]["disa_disability_code"].append(code)
            self.columns["ssd_disability"]["source_row"].append(f"{where}/Disability[{k}]")

    def _episode(self, child: str, element: Any, n: int, where: str) -> None:
        values = _texts(element)
        referral_date = values.get("CINreferralDate") or ""
        referral = f"{child}/{referral_date}/{n}"
        self.columns["ssd_cin_episodes"]["cine_referral_id"].append(referral)
        self.columns["ssd_cin_episodes"]["cine_person_id"].append(child)
        self._fields("ssd_cin_episodes", EPISODE, values, child, where)
        self.columns["ssd_cin_episodes"]["source_row"].append(where)
        counts: dict[str, int] = {}
        for sub in element:
            name = _local(sub.tag)
            if name not in _GROUPS:
                continue
            k = counts[name] = counts.get(name, 0) + 1
            sub_where = f"{where}/{name}[{k}]"
            if name == schema.PRE_PROCEEDINGS:
                if self.pre_proceedings:
                    self._pre_proceedings(child, referral, sub, f"{referral}/PP{k}", sub_where)
            elif name == "Assessments":
                self._assessment(child, referral, sub, f"{referral}/A{k}", sub_where)
            elif name == "CINPlanDates":
                self._cin_plan(child, referral, sub, f"{referral}/P{k}", sub_where)
            elif name == "Section47":
                self._section47(child, referral, sub, f"{referral}/S{k}", sub_where)
            else:
                self._cp_plan(child, referral, sub, f"{referral}/CP{k}", sub_where)

    def _pre_proceedings(
        self, child: str, referral: str, element: Any, id_: str, where: str
    ) -> None:
        t = "ssd_pre_proceedings"
        self.columns[t]["prep_table_id"].append(id_)
        self.columns[t]["prep_person_id"].append(child)
        self.columns[t]["prep_referral_id"].append(referral)
        self._fields(t, PRE_PROCEEDINGS, _texts(element), child, where)
        self.columns[t]["source_row"].append(where)

    def _assessment(self, child: str, referral: str, element: Any, id_: str, where: str) -> None:
        t = "ssd_cin_assessments"
        self.columns[t]["cina_assessment_id"].append(id_)
        self.columns[t]["cina_person_id"].append(child)
        self.columns[t]["cina_referral_id"].append(referral)
        self._fields(t, ASSESSMENT, _texts(element), child, where)
        self.columns[t]["source_row"].append(where)
        for sub in element:
            if _local(sub.tag) != "FactorsIdentifiedAtAssessment":
                continue
            seen = set()
            for k, factor in enumerate(sub, start=1):
                if _local(factor.tag) != "AssessmentFactors":
                    continue
                text = (factor.text or "").strip()
                f_where = f"{where}/FactorsIdentifiedAtAssessment"
                if text in seen:
                    self._duplicate("AssessmentFactors", text, child, f"{f_where}[{k}]")
                if not text or text in seen:
                    continue
                seen.add(text)
                code = self._convert("code", "AssessmentFactors", text, child, f_where)
                self.columns["ssd_assessment_factors"]["cinf_assessment_id"].append(id_)
                self.columns["ssd_assessment_factors"]["cinf_person_id"].append(child)
                self.columns["ssd_assessment_factors"]["cinf_factor_code"].append(code)
                self._put(
                    "ssd_assessment_factors", "source_row", f"{f_where}/AssessmentFactors[{k}]"
                )

    def _cin_plan(self, child: str, referral: str, element: Any, id_: str, where: str) -> None:
        t = "ssd_cin_plans"
        self.columns[t]["cinp_cin_plan_id"].append(id_)
        self.columns[t]["cinp_referral_id"].append(referral)
        self.columns[t]["cinp_person_id"].append(child)
        self._fields(t, CIN_PLAN, _texts(element), child, where)
        self.columns[t]["source_row"].append(where)

    def _section47(self, child: str, referral: str, element: Any, id_: str, where: str) -> None:
        t = "ssd_s47_enquiry"
        values = _texts(element)
        self.columns[t]["s47e_s47_enquiry_id"].append(id_)
        self.columns[t]["s47e_referral_id"].append(referral)
        self.columns[t]["s47e_person_id"].append(child)
        self._fields(t, SECTION47, values, child, where)
        self.columns[t]["source_row"].append(where)
        if values.get("InitialCPCtarget") is None and values.get("DateOfInitialCPC") is None:
            return
        t = "ssd_initial_cp_conference"
        self.columns[t]["icpc_icpc_id"].append(f"{id_}/ICPC")
        self.columns[t]["icpc_s47_enquiry_id"].append(id_)
        self.columns[t]["icpc_person_id"].append(child)
        self.columns[t]["icpc_referral_id"].append(referral)
        self._fields(t, ICPC, values, child, where)
        self.columns[t]["source_row"].append(where)

    def _cp_plan(self, child: str, referral: str, element: Any, id_: str, where: str) -> None:
        t = "ssd_cp_plans"
        self.columns[t]["cppl_cp_plan_id"].append(id_)
        self.columns[t]["cppl_referral_id"].append(referral)
        self.columns[t]["cppl_person_id"].append(child)
        self._fields(t, CP_PLAN, _texts(element), child, where)
        self.columns[t]["source_row"].append(where)
        for sub in element:
            if _local(sub.tag) != "Reviews":
                continue
            for k, review in enumerate(sub, start=1):
                if _local(review.tag) != "CPPreviewDate":
                    continue
                r_where = f"{where}/Reviews/CPPreviewDate[{k}]"
                text = (review.text or "").strip()
                if not text:
                    continue
                self.columns["ssd_cp_reviews"]["cppr_cp_review_id"].append(f"{id_}/R{k}")
                self.columns["ssd_cp_reviews"]["cppr_person_id"].append(child)
                self.columns["ssd_cp_reviews"]["cppr_cp_plan_id"].append(id_)
                value = self._convert(
                    "date", "CPPreviewDate", text, child, r_where.rpartition("/")[0]
                )
                self.columns["ssd_cp_reviews"]["cppr_cp_review_date"].append(value)
                self.columns["ssd_cp_reviews"]["source_row"].append(r_where)

    def flush(self) -> None:
        for name in TABLES:
            columns = self.columns[name]
            if columns:
                self.parts[name].append(build_table(name, columns))
                self.columns[name] = defaultdict(list)
        self.pending = 0


def read_cin(source: Path | bytes, name: str | None = None) -> ReadResult:
    """Read one CIN census file (a path, or its bytes) into canonical tables and problems."""
    # Reading creates millions of small objects and no reference cycles: the cyclic garbage
    # collector would only rescan the growing column lists again and again (superlinear).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _read_cin(source, name)
    finally:
        if collecting:
            gc.enable()


def _read_cin(source: Path | bytes, name: str | None) -> ReadResult:
    file_name = name or (source.name if isinstance(source, Path) else "upload.xml")
    problems = Problems(RETURN, file_name)
    reader = _Reader(problems)
    # The file as it writes it, for the rules, built in the same pass (if building it fails, the
    # rules read the file again on their own and report it there: the import goes on).
    census: CensusReader | None = CensusReader(file_name)
    result = ReadResult(RETURN, [source] if isinstance(source, Path) else [])
    stream: Any = str(source) if isinstance(source, Path) else io.BytesIO(source)
    saw_message = False
    try:
        events = etree.iterparse(
            stream,
            events=("start", "end"),
            tag=("{*}Message", "{*}Header", "{*}Child"),
            recover=False,
            huge_tree=True,
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
        )
        for event, element in events:
            tag = _local(element.tag)
            if event == "start":
                if tag == "Message" and not saw_message and declares_entities(element):
                    problems.block("xml_entities", ENTITIES_MESSAGE)
                    break
                saw_message = saw_message or tag == "Message"
                continue
            if tag == "Header":
                reader.header(element)
                census = _feed(census, census.header if census else None, element)
            elif tag == "Message":  # what sits beside Header and the children (each checked)
                reader.check_known(element, "Message", "", "/Message", deep=False)
                for children in element.iterchildren("{*}Children", "Children"):
                    reader.check_known(children, "Children", "", "/Message/Children", deep=False)
            elif tag == "Child":
                reader.child(element)
                census = _feed(census, census.child if census else None, element)
                element.clear(keep_tail=True)
                parent = element.getparent()
                if parent is not None:
                    while element.getprevious() is not None:
                        del parent[0]
    except etree.XMLSyntaxError as error:
        block_unreadable_xml(problems, error)
    except OSError as error:
        problems.block("unreadable_file", f"The file could not be read: {error.strerror or error}.")
    if not problems.blocked and not saw_message:
        problems.block(
            "not_cin",
            "This XML is not a CIN census: it has no Message element (expected "
            "Message/Header/Children/Child).",
        )
    elif not problems.blocked and reader.children == 0:
        problems.block("no_children", "The census has no children (no Message/Children/Child).")
    elif not problems.blocked and reader.year is None:
        # As the workforce census: a census of no year would be a snapshot in no year's figures.
        problems.block(
            "missing_year",
            (
                f"The header's collection year (Header/CollectionDetails/Year) is "
                f"{reader.year_written!r}, not a year"
                if reader.year_written
                else "The header has no collection year (Header/CollectionDetails/Year)"
                if reader.saw_header
                else "The census has no header (Message/Header), which gives its collection year"
            )
            + ", so the census cannot be placed in a year. Nothing from it was imported.",
            location="/Message/Header/CollectionDetails/Year",
            field="Year",
        )
    result.problems = problems.items
    if problems.blocked:
        return result
    reader.flush()
    result.year = reader.year
    result.council = reader.council
    result.file_years = {file_name: reader.year}
    result.tables = {t: concat(t, reader.parts[t]) for t in TABLES}
    result.checked = census.census() if census is not None else None
    return result


def _feed(census: CensusReader | None, step: Any, element: Any) -> CensusReader | None:
    """One element to the rules' reader; None (read again by the rules) once it has failed."""
    if census is None:
        return None
    try:
        step(element)
    except Exception:  # any fault of that reader: the rules read the file instead
        return None
    return census
