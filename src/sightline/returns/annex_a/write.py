"""Write an Ofsted Annex A workbook (lists 1 to 11) from canonical tables, as at a date.

Headings are those of `specs/annex_a/Annex_A_schema.yml` (they match its heading patterns) and codes
are spelled as the schema's code lists spell them. Lists cover the six months to the date (counts
"in the last 12 months" look back a year). Write-only openpyxl keeps memory bounded; the saved file
is byte-reproducible (fixed zip timestamps and document properties).

The workbook is streamed by a small writer of its own (`StreamingWorkbook`): each sheet's rows go to
a temporary file as SpreadsheetML with inline strings, and the zip is assembled at the end. It is
many times faster than openpyxl's write-only mode, which matters for an England-sized council.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections import defaultdict
from functools import cache
from pathlib import Path
from typing import Any

import pyarrow as pa
import yaml

from sightline.paths import SPECS
from sightline.returns._filters import overlapping

FIXED_TIME = dt.datetime(2000, 1, 1, 0, 0, 0)
SOURCE = {"1": "a) Individual", "2": "b) Schools", "3": "d) Health Services", "4": "e) Housing",
          "5": "f) LA Services", "6": "g) Police", "7": "h) Other legal agency", "8": "j) Anonymous",
          "9": "k) Unknown", "10": "i) Other"}  # fmt: skip
NEED = {"N1": "a) Abuse or neglect", "N2": "b) Child's disability", "N3": "c) Parents illness or disability",
        "N4": "d) Family in acute stress", "N5": "e) Family dysfunction",
        "N6": "f) Socially unacceptable behaviour", "N7": "g) Low income", "N8": "h) Absent parenting",
        "N9": "i) Not CIN", "N0": "j) Not stated"}  # fmt: skip
CLOSURE = {"RC1": "a) Adopted", "RC2": "b) Died", "RC3": "c) Residence Order",
           "RC4": "d) Special Guardianship Order", "RC5": "e) Transfer to another LA",
           "RC6": "f) Transfer to Adult Social Services", "RC7": "g) 'Other' incl. Child no longer in need",
           "RC8": "h) Child not in need after assessment", "RC9": "i) Not Stated"}  # fmt: skip
ABUSE = {"NEG": "a) Neglect", "PHY": "b) Physical Abuse", "SAB": "c) Sexual Abuse",
         "EMO": "d) Emotional Abuse", "MUL": "e) Multiple"}  # fmt: skip
LEGAL = {"C1": "b) Full care orders", "C2": "a) Interim care orders", "E1": "d) Placement order granted",
         "V2": "e) Accommodated under S20", "L1": "f) Detained on child protection grounds in LA accommodation",
         "L2": "f) Detained on child protection grounds in LA accommodation",
         "J2": "J2: LA accommodation under PACE", "J1": "J1: Remanded to LA or youth detention"}  # fmt: skip
CEASED = {"E11": "a) Adopted", "E12": "a) Adopted", "E2": "b) Died", "E3": "c) Care taken by another LA",
          "E13": "e) Left care to live with parents, relatives or other person with no parental responsibility",
          "E4A": "d) Returned home to live with parents or relatives", "E41": "f) Residence order granted",
          "E45": "g) Special Guardianship Orders", "E46": "g) Special Guardianship Orders",
          "E8": "n) Care ceased for any other reason", "E14": "h) Moved into independent living"}  # fmt: skip


def _placement(code: str) -> str:
    if code.startswith("U"):
        return "a) Foster Placement"
    if code.startswith("A"):
        return "b) Placed for adoption"
    return {"R1": "c) Placed with parents", "P1": "d) Independent living", "K2": "h) Children’s Homes",
            "S1": "m) Residential school"}.get(code, "n) Other placements")  # fmt: skip


@cache
def headings() -> dict[str, list[str]]:
    """The column headings of each list, from the schema."""
    with (SPECS / "annex_a" / "Annex_A_schema.yml").open(encoding="utf-8") as handle:
        spec = yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))["column_map"]
    return {name: list(columns) for name, columns in spec.items()}


def _gender(sex: str | None) -> str:
    return {"M": "a) Male", "F": "b) Female"}.get(sex or "", "c) Not stated/recorded")


def _ethnic(code: str | None) -> str:
    code = code or ""
    if code in ("REFU", "NOBT") or not code:
        return "f) Not stated"
    return {"W": "a) White", "M": "b) Mixed", "A": "c) Asian or Asian British",
            "B": "d) Black or black British"}.get(code[0], "e) Other ethnic group")  # fmt: skip


def _yes(flag: bool | None) -> str:
    return "Yes" if flag else "No"


class AnnexAWriter:
    """`with AnnexAWriter(path, date) as w: w.add(tables)` per chunk."""

    def __init__(self, path: Path, as_at: dt.date) -> None:
        self.path = path
        self.as_at = as_at
        self.six = as_at - dt.timedelta(days=182)
        self.twelve = as_at - dt.timedelta(days=365)
        self.book = StreamingWorkbook()
        self.sheets: dict[str, Any] = {}
        self.rows: dict[str, int] = defaultdict(int)

    def __enter__(self) -> AnnexAWriter:
        for name, columns in headings().items():
            sheet = self.book.create_sheet(f"List {name.split('_')[1]}")
            sheet.append(columns)
            self.sheets[name] = sheet
        return self

    def __exit__(self, *exc: object) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.book.save(self.path)

    def _put(self, name: str, values: dict[str, Any]) -> None:
        self.sheets[name].append([values.get(c) for c in headings()[name]])
        self.rows[name] += 1

    def _six(self, day: dt.date | None) -> bool:
        return day is not None and self.six <= day <= self.as_at

    def add(self, t: dict[str, pa.Table]) -> None:
        people = {p["pers_person_id"]: p for p in t["ssd_person"].to_pylist()}
        disabled = {d["disa_person_id"] for d in t["ssd_disability"].to_pylist()}
        worker = self._allocations(t)

        def base(child: str, extra: dict[str, Any]) -> dict[str, Any]:
            p = people[child]
            dob = p["pers_dob"]
            team, sw = worker.get(child, ("Unallocated", "Unallocated"))
            row = {
                "Child Unique ID": child, "Gender": _gender(p["pers_sex"]),
                "Ethnicity": _ethnic(p["pers_ethnicity"]), "Date of Birth": dob,
                "Age of Child (Years)": (self.as_at - dob).days // 365 if dob else None,
                "Does the Child have a Disability": _yes(child in disabled),
                "Allocated Team": team, "Allocated Worker": sw,
            }  # fmt: skip
            row.update(extra)
            return row

        referrals = t["ssd_cin_episodes"].to_pylist()
        per_child: dict[str, list[dt.date]] = defaultdict(list)
        for r in referrals:
            if self.twelve <= r["cine_referral_date"] <= self.as_at:
                per_child[r["cine_person_id"]].append(r["cine_referral_date"])
        for r in referrals:
            child, day = r["cine_person_id"], r["cine_referral_date"]
            source = SOURCE.get(str(r["cine_referral_source_code"]).rstrip("ABCDEF"), "i) Other")
            if self._six(day):
                self._put("list_3", base(child, {
                    "Date of referral": day, "Referral Source": source,
                    "Referral NFA?": _yes(r["cine_referral_nfa"]),
                    "Number of Referrals in Last 12 Months": len(per_child[child]),
                }))  # fmt: skip
        self._contacts(t, base)
        self._assessments(t, base)
        self._s47(t, base)
        self._cin(referrals, t, base)
        self._cp(t, base)
        self._cla(t, base)
        self._leavers(t, base)
        self._adoption(t, base)

    def _last_visits(
        self, t: dict[str, pa.Table], name: str, prefix: str
    ) -> dict[str, tuple[dt.date, bool]]:
        """Each child's latest visit on or before the date (and whether seen alone)."""
        if name not in t:
            return {}
        date_col, alone_col = f"{prefix}_visit_date", f"{prefix}_visit_seen_alone"
        person_col = t[name].column_names[1]
        live = overlapping(t[name], date_col, None, self.twelve, self.as_at)
        latest: dict[str, tuple[dt.date, bool]] = {}
        for row in live.select([person_col, date_col, alone_col]).to_pylist():
            child, day = row[person_col], row[date_col]
            if child not in latest or day >= latest[child][0]:
                latest[child] = (day, bool(row[alone_col]))
        return latest

    def _allocations(self, t: dict[str, pa.Table]) -> dict[str, tuple[str, str]]:
        """Who holds each child's case on the date. A case still open whose worker has gone (a
        vacant post) is unallocated; a case that closed in the period shows its last worker."""
        latest: dict[str, tuple[bool, dt.date, str, str]] = {}
        live = overlapping(
            t["ssd_involvements"],
            "invo_involvement_start_date",
            "invo_involvement_end_date",
            self.six,
            self.as_at,
        )
        for r in live.to_pylist():
            start, end = r["invo_involvement_start_date"], r["invo_involvement_end_date"]
            child = r["invo_person_id"]
            holds = end is None or end >= self.as_at or not r["invo_worker_change_reason"]
            if child not in latest or (holds, start) >= latest[child][:2]:
                latest[child] = (
                    holds,
                    start,
                    r["invo_professional_team"],
                    r["invo_professional_id"],
                )
        return {
            child: (team, sw) if holds else (team, "Unallocated")
            for child, (holds, _, team, sw) in latest.items()
        }

    def _contacts(self, t: dict[str, pa.Table], base: Any) -> None:
        if "ssd_contacts" in t:
            live = overlapping(t["ssd_contacts"], "cont_contact_date", None, self.six, self.as_at)
            for c in live.to_pylist():
                source = SOURCE.get(str(c["cont_contact_source_code"]).rstrip("ABCDEF"), "i) Other")
                self._put("list_1", base(c["cont_person_id"], {
                    "Date of Contact": c["cont_contact_date"], "Contact Source": source}))  # fmt: skip
        if "ssd_early_help_episodes" in t:
            table = t["ssd_early_help_episodes"]
            live = overlapping(
                table, "earl_episode_start_date", "earl_episode_end_date", self.six, self.as_at
            )
            for e in live.to_pylist():
                done = e["earl_episode_end_date"]
                self._put("list_2", base(e["earl_person_id"], {
                    "Assessment start date": e["earl_episode_start_date"],
                    "Assessment completion date": done if done is not None and done <= self.as_at else None,
                    "Organisation completing assessment": e["earl_episode_organisation"],
                }))  # fmt: skip

    def _assessments(self, t: dict[str, pa.Table], base: Any) -> None:
        for a in t["ssd_cin_assessments"].to_pylist():
            start, auth = a["cina_assessment_start_date"], a["cina_assessment_auth_date"]
            if start > self.as_at or (auth is not None and auth < self.six):
                continue
            done = auth if auth is not None and auth <= self.as_at else None
            self._put("list_4", base(a["cina_person_id"], {
                "Continuous Assessment Start Date": start,
                "Child Seen During Continuous Assessment": _yes(a["cina_assessment_child_seen"]),
                "Continuous Assessment Date of Authorisation": done,
                "Was the child assessed as requiring LA children's social care support?":
                    _yes(not a["cina_assessment_outcome_nfa"]) if done else None,
            }))  # fmt: skip

    def _s47(self, t: dict[str, pa.Table], base: Any) -> None:
        icpc = {r["icpc_s47_enquiry_id"]: r for r in t["ssd_initial_cp_conference"].to_pylist()}
        rows = t["ssd_s47_enquiry"].to_pylist()
        count: dict[str, int] = defaultdict(int)
        conferences: dict[str, int] = defaultdict(int)
        for s in rows:
            if self.twelve <= s["s47e_s47_start_date"] <= self.as_at:
                count[s["s47e_person_id"]] += 1
                c = icpc.get(s["s47e_s47_enquiry_id"])
                if c and c["icpc_icpc_date"] and c["icpc_icpc_date"] <= self.as_at:
                    conferences[s["s47e_person_id"]] += 1
        for s in rows:
            if not self._six(s["s47e_strategy_discussion_date"]):
                continue
            c = icpc.get(s["s47e_s47_enquiry_id"])
            held = (
                c["icpc_icpc_date"]
                if c and c["icpc_icpc_date"] and c["icpc_icpc_date"] <= self.as_at
                else None
            )
            child = s["s47e_person_id"]
            self._put("list_5", base(child, {
                "Strategy discussion initiating Section 47 Enquiry Start Date": s["s47e_strategy_discussion_date"],
                "Was an Initial Child Protection Conference deemed unnecessary?": _yes(s["s47e_icpc_not_required"] and not held),
                "Date of Initial Child Protection Conference": held,
                "Did the Initial Child Protection Conference Result in a Child Protection Plan": _yes(c["icpc_icpc_outcome_cp_flag"]) if held and c else None,
                "Number of Section 47 Enquiries in the last 12 months": count[child],
                "Number of ICPCs in the last 12 months": conferences[child],
            }))  # fmt: skip

    def _cin(self, referrals: list[dict[str, Any]], t: dict[str, pa.Table], base: Any) -> None:
        cp_open = {c["cppl_person_id"] for c in t["ssd_cp_plans"].to_pylist()
                   if c["cppl_cp_plan_start_date"] <= self.as_at and (c["cppl_cp_plan_end_date"] is None or c["cppl_cp_plan_end_date"] > self.as_at)}  # fmt: skip
        seen: dict[str, dt.date] = {}
        for name, prefix in (
            ("ssd_cin_visits", "cinv_cin"),
            ("ssd_cp_visits", "cppv_cp"),
            ("ssd_cla_visits", "clav_cla"),
        ):
            for child, (day, _) in self._last_visits(t, name, prefix).items():
                seen[child] = max(day, seen.get(child, day))
        cla_open = {p["person_id"] for p in t["_periods"].to_pylist()
                    if p["decom"] <= self.as_at and (p["dec"] is None or p["dec"] > self.as_at)}  # fmt: skip
        for r in referrals:
            close = r["cine_close_date"]
            close = close if close is not None and close <= self.as_at else None
            if (
                r["cine_referral_nfa"]
                or r["cine_referral_date"] > self.as_at
                or (close is not None and close < self.six)
            ):
                continue
            child = r["cine_person_id"]
            status = ("e) Closed episode" if close else "a) Looked after child" if child in cla_open
                      else "b) Child Protection plan" if child in cp_open else "c) Child in need plan")  # fmt: skip
            self._put("list_6", base(child, {
                "CIN Start Date": r["cine_referral_date"],
                "Primary Need Code": NEED.get(r["cine_cin_primary_need_code"] or "N0"),
                "Date Child Was Last Seen": seen.get(child),
                "CIN Closure Date": close, "Reason for Closure": CLOSURE.get(r["cine_close_reason"] or "") if close else None,
                "Case Status": status,
            }))  # fmt: skip

    def _cp(self, t: dict[str, pa.Table], base: Any) -> None:
        reviews: dict[str, dt.date] = {}
        for r in t["ssd_cp_reviews"].to_pylist():
            if r["cppr_cp_review_date"] <= self.as_at:
                reviews[r["cppr_cp_plan_id"]] = max(
                    r["cppr_cp_review_date"],
                    reviews.get(r["cppr_cp_plan_id"], r["cppr_cp_review_date"]),
                )
        visits = self._last_visits(t, "ssd_cp_visits", "cppv_cp")
        for c in t["ssd_cp_plans"].to_pylist():
            start, end = c["cppl_cp_plan_start_date"], c["cppl_cp_plan_end_date"]
            end = end if end is not None and end <= self.as_at else None
            if start > self.as_at or (end is not None and end < self.six):
                continue
            child = c["cppl_person_id"]
            last_visit, alone = visits.get(child, (None, None))
            self._put("list_7", base(child, {
                "Child Protection Plan Start Date": start,
                "Initial Category of Abuse": ABUSE[c["cppl_cp_plan_initial_category"]],
                "Latest Category of Abuse": ABUSE[c["cppl_cp_plan_latest_category"]],
                "Date of the Last Statutory Visit": last_visit if last_visit and last_visit >= start else None,
                "Was the Child Seen Alone?": _yes(alone) if last_visit and last_visit >= start else None,
                "Date of latest review conference": reviews.get(c["cppl_cp_plan_id"]),
                "Child Protection Plan End Date": end,
                "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)": "No",
                "Number of Previous Child Protection Plans": c["cppl_number_of_previous_cpp"],
            }))  # fmt: skip

    def _cla(self, t: dict[str, pa.Table], base: Any) -> None:
        episodes: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for e in t["ssd_cla_episodes"].to_pylist():
            if e["clae_cla_episode_start_date"] <= self.as_at:
                episodes[e["clae_person_id"]].append(e)
        uasc = {u["immi_person_id"] for u in t["ssd_immigration_status"].to_pylist()}
        reviews: dict[str, dt.date] = {}
        for r in t["ssd_cla_reviews"].to_pylist():
            if r["clar_cla_review_date"] <= self.as_at:
                reviews[r["clar_person_id"]] = max(
                    r["clar_cla_review_date"],
                    reviews.get(r["clar_person_id"], r["clar_cla_review_date"]),
                )
        missing: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for m in t["ssd_missing"].to_pylist():
            if self.twelve <= m["miss_missing_episode_start_date"] <= self.as_at:
                missing[m["miss_person_id"]].append(m)
        cla_visits = self._last_visits(t, "ssd_cla_visits", "clav_cla")
        for p in t["_periods"].to_pylist():
            child, decom, dec = p["person_id"], p["decom"], p["dec"]
            dec = dec if dec is not None and dec <= self.as_at else None
            if decom > self.as_at or (dec is not None and dec < self.six):
                continue
            eps = [e for e in episodes[child] if e["clae_cla_episode_start_date"] >= decom]
            if not eps:
                continue
            eps.sort(key=lambda e: e["clae_cla_episode_start_date"])
            last = eps[-1]
            placements = [e for e in eps if e["clae_cla_episode_start_reason"] in ("L", "P", "U")]
            recent = [e for e in placements if e["clae_cla_episode_start_date"] >= self.twelve]
            place_start = placements[-1]["clae_cla_episode_start_date"] if placements else decom
            ls_start = decom
            for e in eps:
                if e["clae_cla_episode_start_reason"] in ("L", "T", "U"):
                    ls_start = e["clae_cla_episode_start_date"]
            miss = missing.get(child, [])
            last_missing = (
                max(miss, key=lambda m: m["miss_missing_episode_start_date"]) if miss else None
            )
            self._put("list_8", base(child, {
                "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)": _yes(child in uasc),
                "Date Started to be Looked After": decom,
                "Child's Category of Need": NEED.get(last["clae_cla_primary_need_code"], "a) Abuse or neglect"),
                "Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)": "No",
                "Start date of current legal status": ls_start,
                "Child's Legal Status": LEGAL.get(last["clae_legal_status"], "e) Accommodated under S20"),
                "Date of Latest Statutory Review": reviews.get(child),
                "Date of Last Social Work Visit": cla_visits[child][0] if child in cla_visits and cla_visits[child][0] >= decom else None,
                "What is the permanence plan for this child?": "b) Adoption" if last["clae_placement_type"].startswith("A") else "f) Long-term fostering",
                "Number of Placements in the Last 12 months": max(len(recent), 1),
                "Date Ceased to be Looked After": dec,
                "Reason Ceased to be Looked After": CEASED.get(p["rec"] or "", "n) Care ceased for any other reason") if dec else None,
                "Start Date of Most Recent Placement": place_start,
                "Placement Type": _placement(last["clae_placement_type"]),
                "Placement Provider": {"PR1": "a) Own LA", "PR4": "b) Private"}.get(last["clae_placement_provider"] or "", "c) Other"),
                "Placement postcode": last["clae_placement_postcode"], "URN of Placement": last["clae_placement_urn"],
                "Placement Location": "a) In" if hash_days(child, 4) else "b) Out", "LA of Placement": "-",
                "Number of Episodes the Child has been 'Missing' from their Placement in the last 12 months": sum(m["miss_missing_episode_type"] == "M" for m in miss),
                "Number of Episodes the Child has been 'Absent' from their Placement in the last 12 months": sum(m["miss_missing_episode_type"] == "A" for m in miss),
                "Was the child offered a Return Interview after their last missing episode (Y/N)?": _yes(last_missing["miss_missing_rhi_offered"]) if last_missing else None,
                "Did the child accept a Return Interview after their last missing episode (Y/N)?": _yes(last_missing["miss_missing_rhi_accepted"]) if last_missing else None,
            }))  # fmt: skip

    def _leavers(self, t: dict[str, pa.Table], base: Any) -> None:
        for p in t["_periods"].to_pylist():
            if not p["aged_out"] or p["dec"] is None or p["dec"] > self.as_at:
                continue
            if (self.as_at - p["dob"]).days > 25 * 365:
                continue
            child = p["person_id"]
            self._put("list_9", base(child, {
                "Unaccompanied Asylum Seeking Child (UASC), or formerly UASC if 18 or over (Y/N)": _yes(p["uasc"]),
                "Allocated Personal Advisor": f"PA{hash_days(child, 40):03d}",
                "Eligibility Category": "b) Former relevant",
                "Latest Pathway Plan Review Date": self.as_at - dt.timedelta(days=hash_days(child, 150)),
                "LA in Touch": "a) In touch", "Latest Date of Contact": self.as_at - dt.timedelta(days=hash_days(child, 60)),
                "Type of Accommodation": "k) Independent living", "Suitability of Accommodation": "a) Suitable",
                "Activity Status": "F2: Full time in education other than higher",
            }))  # fmt: skip

    def _adoption(self, t: dict[str, pa.Table], base: Any) -> None:
        periods = {p["person_id"]: p for p in t["_periods"].to_pylist()}
        for r in t["ssd_permanence"].to_pylist():
            decision = r["perm_adm_decision_date"]
            if decision is None or decision > self.as_at:
                continue
            child = r["perm_person_id"]

            def cut(day: dt.date | None) -> dt.date | None:
                return day if day is not None and day <= self.as_at else None

            adopted = cut(r["perm_placed_ceased_date"])
            if adopted is not None and adopted < self.twelve:
                continue
            matched = cut(r["perm_matched_date"])
            if matched is not None and matched >= self.twelve:
                placed = cut(r["perm_placed_for_adoption_date"])
                self._put("list_11", {
                    "Individual adopter identifier": f"ADOPTER-{child}", "Family identifier": f"FAM-{child}",
                    "Gender": "b) Female", "Ethnicity": "a) White", "Disability": "No",
                    "Is the (prospective) adopter fostering for adoption?": _yes(r["perm_adopted_by_carer_flag"]),
                    "Date enquiry received": matched - dt.timedelta(days=400),
                    "Date Stage 1 started": matched - dt.timedelta(days=380),
                    "Date Stage 1 ended": matched - dt.timedelta(days=320),
                    "Date Stage 2 started": matched - dt.timedelta(days=310),
                    "Date Stage 2 ended": matched - dt.timedelta(days=200),
                    "Date application submitted": matched - dt.timedelta(days=330),
                    "Date application approved": matched - dt.timedelta(days=190),
                    "Date adopter matched with child(ren)": matched,
                    "Date child/children placed with adopter(s)": placed,
                    "No. of children placed": 1 if placed else None,
                    "Date of Adoption Order": adopted,
                })  # fmt: skip
            self._put("list_10", base(child, {
                "Date the Child Entered Care": periods[child]["decom"] if child in periods else None,
                "Date of Decision that Child Should be Placed for Adoption": decision,
                "Date of Placement Order": cut(r["perm_placement_order_date"]),
                "Date of Matching Child and Prospective Adopters": cut(r["perm_matched_date"]),
                "Date Placed for Adoption": cut(r["perm_placed_for_adoption_date"]),
                "Date of Adoption Order": adopted,
            }))  # fmt: skip


def hash_days(text: str, modulo: int) -> int:
    """A stable small number for a child (the same child always gets the same)."""
    import zlib

    return zlib.crc32(text.encode()) % modulo


# --- a streaming xlsx writer ----------------------------------------------------------------------

_EXCEL_EPOCH = dt.date(1899, 12, 30)


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _xml_text(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


class StreamingSheet:
    """Rows appended to a temporary file as SpreadsheetML."""

    def __init__(self, title: str) -> None:
        import tempfile

        self.title = title
        self.rows = 0
        self._file = tempfile.TemporaryFile("w+b")  # noqa: SIM115 (closed in body())
        self._letters = [_column_letter(i) for i in range(64)]

    def append(self, values: list[Any]) -> None:
        self.rows += 1
        r = self.rows
        cells = []
        for i, value in enumerate(values):
            if value is None or value == "":
                continue
            ref = f"{self._letters[i]}{r}"
            if isinstance(value, bool):
                cells.append(
                    f'<c r="{ref}" t="inlineStr"><is><t>{"Yes" if value else "No"}</t></is></c>'
                )
            elif isinstance(value, dt.date):
                cells.append(f'<c r="{ref}" s="1"><v>{(value - _EXCEL_EPOCH).days}</v></c>')
            elif isinstance(value, int | float):
                cells.append(f'<c r="{ref}"><v>{value}</v></c>')
            else:
                cells.append(
                    f'<c r="{ref}" t="inlineStr"><is><t>{_xml_text(str(value))}</t></is></c>'
                )
        self._file.write(f'<row r="{r}">{"".join(cells)}</row>'.encode())

    def body(self) -> bytes:
        self._file.seek(0)
        rows = self._file.read()
        self._file.close()
        head = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            "<sheetData>"
        )
        return head.encode() + rows + b"</sheetData></worksheet>"


class StreamingWorkbook:
    """Just enough of an xlsx writer: sheets of inline strings, numbers and dates."""

    def __init__(self) -> None:
        self.sheets: list[StreamingSheet] = []

    def create_sheet(self, title: str) -> StreamingSheet:
        sheet = StreamingSheet(title)
        self.sheets.append(sheet)
        return sheet

    def save(self, path: Path) -> None:
        main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        pkg = "http://schemas.openxmlformats.org/package/2006/relationships"
        n = len(self.sheets)
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for i in range(1, n + 1)
        )
        files: list[tuple[str, bytes]] = [
            ("[Content_Types].xml", (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                '<Default Extension="xml" ContentType="application/xml"/>'
                '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
                '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
                '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
                f"{overrides}</Types>").encode()),
            ("_rels/.rels", (
                f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{pkg}">'
                f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
                '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
                f'<Relationship Id="rId3" Type="{rel}/extended-properties" Target="docProps/app.xml"/>'
                "</Relationships>").encode()),
            ("docProps/app.xml", (
                b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns='
                b'"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
                b"<Application>Sightline</Application></Properties>")),
            ("docProps/core.xml", (
                b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties '
                b'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
                b'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
                b'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>Sightline</dc:creator>'
                b'<dcterms:created xsi:type="dcterms:W3CDTF">2000-01-01T00:00:00Z</dcterms:created>'
                b'<dcterms:modified xsi:type="dcterms:W3CDTF">2000-01-01T00:00:00Z</dcterms:modified>'
                b"</cp:coreProperties>")),
            ("xl/workbook.xml", (
                f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{main}" '
                f'xmlns:r="{rel}"><sheets>'
                + "".join(f'<sheet name="{_xml_text(s.title)}" sheetId="{i}" r:id="rId{i}"/>'
                          for i, s in enumerate(self.sheets, 1))
                + "</sheets></workbook>").encode()),
            ("xl/_rels/workbook.xml.rels", (
                f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{pkg}">'
                + "".join(f'<Relationship Id="rId{i}" Type="{rel}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                          for i in range(1, n + 1))
                + f'<Relationship Id="rId{n + 1}" Type="{rel}/styles" Target="styles.xml"/>'
                "</Relationships>").encode()),
            ("xl/styles.xml", (
                f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="{main}">'
                '<numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>'
                '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
                '<fills count="2"><fill><patternFill patternType="none"/></fill>'
                '<fill><patternFill patternType="gray125"/></fill></fills>'
                '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
                '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
                '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
                '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
                "</cellXfs><cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/>"
                "</cellStyles></styleSheet>").encode()),
        ]  # fmt: skip
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
            for name, data in files:
                target.writestr(_entry(name), data)
            for i, sheet in enumerate(self.sheets, 1):
                target.writestr(_entry(f"xl/worksheets/sheet{i}.xml"), sheet.body())


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=FIXED_TIME.timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o600 << 16
    return info
