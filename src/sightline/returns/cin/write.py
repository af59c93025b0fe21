"""Write a CIN census XML file from canonical tables, child by child, as at the census date.

The census for collection year Y covers episodes of need open at any time from 1 April Y-1 to
31 March Y, seen as at 31 March: anything dated after it is left out. 2025 on codes Sex as M/F/U;
earlier years use the 2024 layout with GenderCurrent (1 male, 2 female, 0 not known). From
2026/27 (year 2027) a referral's CINdetails carries its pre-proceedings (`PreProceedingsandFGDM`).
Chunks are appended as they come, so memory is bounded by the chunk, not the council.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path
from types import TracebackType
from typing import IO, Any
from xml.sax.saxutils import escape

import pyarrow as pa
import pyarrow.compute as pc

from sightline.returns._filters import among, overlapping
from sightline.returns.cin.schema import PRE_PROCEEDINGS, PRE_PROCEEDINGS_FROM
from sightline.returns.cin.upn import make_upn
from sightline.rules.cin import LA_CODES_2024

GENDER_2024 = {"M": "1", "F": "2", "U": "0"}


def xsd_year(year: int) -> int:
    """The XSD a collection year is written for (2024 layout before 2024; 2026 after 2026)."""
    return min(max(year, 2024), 2026)


def _rows(table: pa.Table) -> list[dict[str, Any]]:
    return table.to_pylist()


def _by(rows: list[dict[str, Any]], key: str) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        out[row[key]].append(row)
    return out


def _iso(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


class CinWriter:
    """`with CinWriter(path, year, la) as w: w.add(tables)` for each chunk of canonical tables."""

    def __init__(self, path: Path, year: int, la_code: str, created: dt.datetime) -> None:
        self.path = path
        self.year = year
        self.la_code = la_code
        self.created = created
        self.start = dt.date(year - 1, 4, 1)
        self.end = dt.date(year, 3, 31)
        self.children = 0
        self._out: IO[str] | None = None

    def __enter__(self) -> CinWriter:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._out = self.path.open("w", encoding="utf-8", newline="\n")
        self._out.write(
            '<?xml version="1.0" encoding="utf-8"?>\n<Message>\n  <Header>\n'
            "    <CollectionDetails>\n      <Collection>CIN</Collection>\n"
            f"      <Year>{self.year}</Year>\n      <ReferenceDate>{self.end.isoformat()}"
            "</ReferenceDate>\n    </CollectionDetails>\n    <Source>\n"
            f"      <SourceLevel>L</SourceLevel>\n      <LEA>{self.la_code}</LEA>\n"
            "      <SoftwareCode>Sightline synthetic council</SoftwareCode>\n"
            "      <Release>1</Release>\n      <SerialNo>001</SerialNo>\n"
            f"      <DateTime>{self.created.strftime('%Y-%m-%dT%H:%M:%S')}</DateTime>\n"
            "    </Source>\n  </Header>\n  <Children>\n"
        )
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        assert self._out is not None
        self._out.write("  </Children>\n</Message>\n")
        self._out.close()

    def _live(self, start: dt.date | None, stop: dt.date | None) -> bool:
        return start is not None and start <= self.end and (stop is None or stop >= self.start)

    def _cut(self, value: dt.date | None) -> dt.date | None:
        return value if value is not None and value <= self.end else None

    def add(self, t: dict[str, pa.Table]) -> None:
        """Append the children of one chunk who had an episode of need open in the year."""
        assert self._out is not None
        live = overlapping(
            t["ssd_cin_episodes"], "cine_referral_date", "cine_close_date", self.start, self.end
        )
        if live.num_rows == 0:
            return
        episodes = _rows(live)
        referral_ids = live["cine_referral_id"]
        child_ids = pc.unique(live["cine_person_id"])
        by_child = _by(episodes, "cine_person_id")
        people = {
            p["pers_person_id"]: p
            for p in _rows(among(t["ssd_person"], "pers_person_id", child_ids))
        }
        disability = _by(
            _rows(among(t["ssd_disability"], "disa_person_id", child_ids)), "disa_person_id"
        )
        assessments = _by(
            _rows(among(t["ssd_cin_assessments"], "cina_referral_id", referral_ids)),
            "cina_referral_id",
        )
        factors = _by(
            _rows(among(t["ssd_assessment_factors"], "cinf_person_id", child_ids)),
            "cinf_assessment_id",
        )
        s47 = _by(
            _rows(among(t["ssd_s47_enquiry"], "s47e_referral_id", referral_ids)), "s47e_referral_id"
        )
        icpc = {
            r["icpc_s47_enquiry_id"]: r
            for r in _rows(among(t["ssd_initial_cp_conference"], "icpc_referral_id", referral_ids))
        }
        plans = _by(
            _rows(among(t["ssd_cin_plans"], "cinp_referral_id", referral_ids)), "cinp_referral_id"
        )
        cpp_live = among(t["ssd_cp_plans"], "cppl_referral_id", referral_ids)
        cpp = _by(_rows(cpp_live), "cppl_referral_id")
        reviews = _by(
            _rows(among(t["ssd_cp_reviews"], "cppr_cp_plan_id", cpp_live["cppl_cp_plan_id"])),
            "cppr_cp_plan_id",
        )
        pre: dict[str, list[dict[str, Any]]] = {}
        if self.year >= PRE_PROCEEDINGS_FROM and "ssd_pre_proceedings" in t:
            pre = _by(
                _rows(among(t["ssd_pre_proceedings"], "prep_referral_id", referral_ids)),
                "prep_referral_id",
            )
        parts: list[str] = []
        for child_id in sorted(by_child):
            person = people[child_id]
            parts.append(self._child(person, disability.get(child_id, [])))
            for e in sorted(by_child[child_id], key=lambda r: r["cine_referral_date"]):
                rid = e["cine_referral_id"]
                parts.append(
                    self._episode(
                        e,
                        assessments.get(rid, []),
                        factors,
                        s47.get(rid, []),
                        icpc,
                        plans.get(rid, []),
                        cpp.get(rid, []),
                        reviews,
                        pre.get(rid, []),
                    )
                )
            parts.append("    </Child>\n")
            self.children += 1
        self._out.write("".join(parts))

    def _child(self, p: dict[str, Any], disabilities: list[dict[str, Any]]) -> str:
        sex = p["pers_sex"] or "U"
        if self.year >= 2025:
            sex_xml = f"<Sex>{sex}</Sex>"
        else:
            sex_xml = f"<GenderCurrent>{GENDER_2024.get(sex, '0')}</GenderCurrent>"
        upn = (
            f"<UPN>{make_upn(self.children, self.la_code, LA_CODES_2024)}</UPN>"
            if p["pers_upn"]
            else "<UPNunknown>UN1</UPNunknown>"
        )
        codes = [d["disa_disability_code"] for d in disabilities] or ["NONE"]
        dis = "".join(f"<Disability>{c}</Disability>" for c in codes)
        return (
            "    <Child>\n      <ChildIdentifiers>"
            f"<LAchildID>{escape(p['pers_person_id'])}</LAchildID>{upn}"
            f"<PersonBirthDate>{_iso(p['pers_dob'])}</PersonBirthDate>{sex_xml}"
            "</ChildIdentifiers>\n      <ChildCharacteristics>"
            f"<Ethnicity>{p['pers_ethnicity']}</Ethnicity><Disabilities>{dis}</Disabilities>"
            "</ChildCharacteristics>\n"
        )

    def _episode(
        self,
        e: dict[str, Any],
        assessments: list[dict[str, Any]],
        factors: dict[str, list[dict[str, Any]]],
        s47s: list[dict[str, Any]],
        icpc: dict[str, dict[str, Any]],
        plans: list[dict[str, Any]],
        cpps: list[dict[str, Any]],
        reviews: dict[str, list[dict[str, Any]]],
        pre_proceedings: list[dict[str, Any]],
    ) -> str:
        out = ["      <CINdetails>"]
        out.append(f"<CINreferralDate>{_iso(e['cine_referral_date'])}</CINreferralDate>")
        out.append(f"<ReferralSource>{e['cine_referral_source_code']}</ReferralSource>")
        if e["cine_cin_primary_need_code"]:
            out.append(f"<PrimaryNeedCode>{e['cine_cin_primary_need_code']}</PrimaryNeedCode>")
        close = self._cut(e["cine_close_date"])
        if close:
            out.append(f"<CINclosureDate>{_iso(close)}</CINclosureDate>")
            out.append(f"<ReasonForClosure>{e['cine_close_reason']}</ReasonForClosure>")
        # a conference held within a section 47 enquiry is recorded there, not again on the
        # episode (CIN rule 2884); the episode's own date is for one with no enquiry recorded
        at_s47: set[dt.date] = set()
        for s in s47s:
            if self._live(s["s47e_s47_start_date"], s["s47e_s47_end_date"]):
                meeting = icpc.get(s["s47e_s47_enquiry_id"])
                if meeting and self._cut(meeting["icpc_icpc_date"]):
                    at_s47.add(meeting["icpc_icpc_date"])
        first_cpc = self._cut(e["cine_initial_cpc_date"])
        if first_cpc and e["cine_initial_cpc_date"] not in at_s47:
            out.append(f"<DateOfInitialCPC>{_iso(first_cpc)}</DateOfInitialCPC>")
        for a in assessments:
            if not self._live(a["cina_assessment_start_date"], a["cina_assessment_auth_date"]):
                continue
            out.append(
                f"<Assessments><AssessmentActualStartDate>{_iso(a['cina_assessment_start_date'])}"
                "</AssessmentActualStartDate>"
            )
            auth = self._cut(a["cina_assessment_auth_date"])
            if auth:
                out.append(
                    f"<AssessmentAuthorisationDate>{_iso(auth)}</AssessmentAuthorisationDate>"
                )
                codes = [f["cinf_factor_code"] for f in factors.get(a["cina_assessment_id"], [])]
                if codes:
                    out.append("<FactorsIdentifiedAtAssessment>")
                    out.extend(f"<AssessmentFactors>{c}</AssessmentFactors>" for c in codes)
                    out.append("</FactorsIdentifiedAtAssessment>")
            out.append("</Assessments>")
        for p in plans:
            if not self._live(p["cinp_cin_plan_start_date"], p["cinp_cin_plan_end_date"]):
                continue
            out.append(
                f"<CINPlanDates><CINPlanStartDate>{_iso(p['cinp_cin_plan_start_date'])}</CINPlanStartDate>"
            )
            end = self._cut(p["cinp_cin_plan_end_date"])
            if end:
                out.append(f"<CINPlanEndDate>{_iso(end)}</CINPlanEndDate>")
            out.append("</CINPlanDates>")
        for s in s47s:
            if not self._live(s["s47e_s47_start_date"], s["s47e_s47_end_date"]):
                continue
            out.append(
                f"<Section47><S47ActualStartDate>{_iso(s['s47e_s47_start_date'])}</S47ActualStartDate>"
            )
            conference = icpc.get(s["s47e_s47_enquiry_id"])
            if conference and conference["icpc_icpc_target_date"]:
                out.append(
                    f"<InitialCPCtarget>{_iso(conference['icpc_icpc_target_date'])}</InitialCPCtarget>"
                )
            held = self._cut(conference["icpc_icpc_date"]) if conference else None
            if held:
                out.append(f"<DateOfInitialCPC>{_iso(held)}</DateOfInitialCPC>")
            not_required = bool(s["s47e_icpc_not_required"]) and self._cut(s["s47e_s47_end_date"])
            out.append(f"<ICPCnotRequired>{'1' if not_required else '0'}</ICPCnotRequired>")
            out.append("</Section47>")
        out.append(f"<ReferralNFA>{'1' if e['cine_referral_nfa'] else '0'}</ReferralNFA>")
        for c in cpps:
            if not self._live(c["cppl_cp_plan_start_date"], c["cppl_cp_plan_end_date"]):
                continue
            out.append(
                f"<ChildProtectionPlans><CPPstartDate>{_iso(c['cppl_cp_plan_start_date'])}</CPPstartDate>"
            )
            end = self._cut(c["cppl_cp_plan_end_date"])
            if end:
                out.append(f"<CPPendDate>{_iso(end)}</CPPendDate>")
            out.append(
                f"<InitialCategoryOfAbuse>{c['cppl_cp_plan_initial_category']}</InitialCategoryOfAbuse>"
                f"<LatestCategoryOfAbuse>{c['cppl_cp_plan_latest_category']}</LatestCategoryOfAbuse>"
                f"<NumberOfPreviousCPP>{c['cppl_number_of_previous_cpp']}</NumberOfPreviousCPP>"
            )
            dates = sorted(
                r["cppr_cp_review_date"]
                for r in reviews.get(c["cppl_cp_plan_id"], [])
                if r["cppr_cp_review_date"] <= self.end
            )
            if dates:
                out.append("<Reviews>")
                out.extend(f"<CPPreviewDate>{_iso(d)}</CPPreviewDate>" for d in dates)
                out.append("</Reviews>")
            out.append("</ChildProtectionPlans>")
        out.extend(self._pre_proceedings(p) for p in pre_proceedings)
        out.append("</CINdetails>\n")
        return "".join(out)

    def _pre_proceedings(self, p: dict[str, Any]) -> str:
        """Module 5 (from 2026/27): pre-proceedings begun in the census year, as at its end. One
        begun in an earlier year was that year's (rule 9005), and a step not yet taken on 31
        March is left out with what follows it."""
        started = p["prep_pre_pro_decision_date"]
        if started is None or not self.start <= started <= self.end:
            return ""
        out = [f"<{PRE_PROCEEDINGS}><PPStartDate>{_iso(started)}</PPStartDate>"]
        letter = self._cut(p["prep_pre_pro_letter_date"])
        if letter:
            out.append(f"<LBPSentDate>{_iso(letter)}</LBPSentDate>")
            offered = bool(p["prep_fgdm_offered"])
            out.append(f"<FGDMMeetingOffer>{'1' if offered else '0'}</FGDMMeetingOffer>")
            if offered:
                held = "1" if p["prep_fgdm_facilitated"] else "0"
                out.append(f"<FGDMMeetingFac>{held}</FGDMMeetingFac>")
        meeting = self._cut(p["prep_initial_pre_pro_meeting_date"]) if letter else None
        if meeting:
            out.append(f"<InitialPPMeetingDate>{_iso(meeting)}</InitialPPMeetingDate>")
            count = p["prep_pre_pro_meetings_num"] or 0
            out.append(f"<ReviewMeetingsCount>{count}</ReviewMeetingsCount>")
        step = self._cut(p["prep_agree_stepdown_issue_date"]) if meeting else None
        if step:
            out.append(f"<StepDecisionDate>{_iso(step)}</StepDecisionDate>")
            out.append(f"<PPOutcome>{p['prep_pre_pro_outcome']}</PPOutcome>")
        court = self._cut(p["prep_court_application_date"]) if step else None
        if court:
            out.append(f"<CourtAppDate>{_iso(court)}</CourtAppDate>")
        care_letter = self._cut(p["prep_care_pro_letter_date"]) if court else None
        if care_letter:
            out.append(f"<LetterInitCPDate>{_iso(care_letter)}</LetterInitCPDate>")
        out.append(f"</{PRE_PROCEEDINGS}>")
        return "".join(out)
