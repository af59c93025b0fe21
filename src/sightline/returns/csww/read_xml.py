"""Read the DfE's children's social work workforce census as councils send it: XML, root `Message`,
`Header/CollectionDetails/Collection` CSWW, one `LALevelVacancies` block and one `CSWWWorker` a
worker (the DfE's CSWW schema, 2021 to 2025 layouts).

Two canonical tables come out of it:
- `ssd_professionals`, one row a worker (SWENo, FTE, agency or not, start and end in the role);
- `csww_council_figures`, the council's row for the census year, computed from the workers as the
  DfE's published measures are: social workers in post on the census date (30 September) are the
  LA-employed workers whose role has not ended by then (FTE, headcount); starters and leavers are
  those whose role started or ended in the year to the census date (FTE); case holders are those in
  post with `OrgRole` 5 (FTE, with their `Cases30`); absence is the `WorkingDaysLost` of every
  LA-employed worker; agency FTE and vacancies are the council's `NoAgencyFTE` and
  `NumberOfVacancies` (when missing, agency FTE is the agency workers' FTE in post).

The XML is parsed by lxml in streaming mode, each worker cleared once read, with no DTD, no entity
resolution and no network: a file that declares entities (a "billion laughs" or an external entity
pointing at a server's files) is refused before any worker is read, as is a text node or nesting
past libxml2's safe limits. Every element the schema does not have is a warning naming it and its
line.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

from lxml import etree

from sightline.returns import limits
from sightline.returns.problems import WARNING, Problems
from sightline.returns.reading import (
    ENTITIES_MESSAGE,
    ReadResult,
    block_unreadable_xml,
    build_table,
    date_message,
    declares_entities,
    parse_iso_date,
)

RETURN = "csww"

HEADER = frozenset({"CollectionDetails", "Source", "Collection", "Year", "ReferenceDate",
                    "SourceLevel", "LEA", "SoftwareCode", "Release", "SerialNo", "DateTime"})  # fmt: skip
VACANCIES = frozenset({"NumberOfVacancies", "NoAgencyFTE", "NoAgencyHeadcount",
                       "RecruitmentBonus", "RetentionBonus", "PerformanceAward", "CarAllowance",
                       "RelocationPackage", "RegionalWeighting", "CostSWE", "CostDBS",
                       "OtherAllowances"})  # fmt: skip
WORKER = frozenset({"AgencyWorker", "SWENo", "FTE", "PersonBirthDate", "GenderCurrent", "Sex",
                    "Ethnicity", "QualInst", "QualLevel", "StepUpGrad", "OrgRole", "RoleStartDate",
                    "StartOrigin", "RoleEndDate", "LeaverDestination", "ReasonLeave", "FTE30",
                    "Cases30", "WorkingDaysLost", "ContractWeeks", "FrontlineGrad", "Absat30Sept",
                    "ReasonAbsence", "CFKSSstatus", "BaseSalary", "RRPayments",
                    "OtherPayments"})  # fmt: skip
MESSAGE = frozenset({"Header", "LALevelVacancies", "CSWWWorker"})
CASE_HOLDER = "5"  # OrgRole: case holder


def _local(tag: Any) -> str | None:
    return tag.rpartition("}")[2] if isinstance(tag, str) else None


def _texts(element: Any) -> dict[str, tuple[str | None, int | None]]:
    values: dict[str, tuple[str | None, int | None]] = {}
    for sub in element:
        name = _local(sub.tag)
        if name is not None and name not in values:
            values[name] = ((sub.text or "").strip() or None, sub.sourceline)
    return values


class _Reader:
    def __init__(self, problems: Problems) -> None:
        self.problems = problems
        self.header: dict[str, str] = {}
        self.vacancies: dict[str, float | None] = {}
        self.workers: list[dict[str, Any]] = []
        self.columns: defaultdict[str, list[Any]] = defaultdict(list)
        self.seen: dict[str, int] = {}
        self.file = problems.file

    def unknown(self, element: Any, allowed: frozenset[str], block: str, where: str) -> None:
        for sub in element:
            name = _local(sub.tag)
            if name is None or name in allowed:
                continue
            self.problems.add(
                "unknown_element",
                f"<{name}> at line {sub.sourceline} is not an element of {block} in the workforce "
                "census; it was not read (check the element's spelling and the census year).",
                location=f"{where}/{name} (line {sub.sourceline})",
                field=name,
                severity=WARNING,
            )

    def read_header(self, element: Any) -> None:
        for sub in element.iter():
            name = _local(sub.tag)
            if name and sub.text and sub.text.strip():
                self.header.setdefault(name, sub.text.strip())
        self.unknown(element, HEADER, "Header", "/Message/Header")
        for block in element:
            if _local(block.tag) in HEADER:
                self.unknown(block, HEADER, _local(block.tag) or "", f"/Message/Header/{block.tag}")

    def number(self, name: str, text: str | None, line: int | None, who: str,
               whole: bool = False, most: float | None = None) -> float | None:  # fmt: skip
        if text is None:
            return None
        try:
            value = float(text)
        except ValueError:
            value = float("nan")
        if (
            value != value
            or value < 0
            or (whole and not text.isdigit())
            or (most is not None and value > most)
        ):
            kind = "a whole number of 0 or more" if whole else "a number of 0 or more"
            if most is not None:
                kind = f"a number from 0 to {most:g}"
            self.problems.add(
                "bad_value",
                f"{name} must be {kind}; it was left blank.",
                location=f"{who} (line {line})",
                child_id="",
                field=name,
                value=text,
            )
            return None
        return value

    def read_vacancies(self, element: Any) -> None:
        values = _texts(element)
        where = "/Message/LALevelVacancies"
        self.unknown(element, VACANCIES, "LALevelVacancies", where)
        for name in ("NumberOfVacancies", "NoAgencyFTE", "NoAgencyHeadcount"):
            text, line = values.get(name, (None, element.sourceline))
            self.vacancies[name] = self.number(name, text, line, where, name == "NoAgencyHeadcount")

    def read_date(self, name: str, text: str | None, line: int | None, who: str) -> date | None:
        if text is None:
            return None
        value = parse_iso_date(text)
        if value is None:
            self.problems.add(
                "bad_date_format",
                date_message(text, "YYYY-MM-DD"),
                location=f"{who} (line {line})",
                field=name,
                value=text,
            )
        return value

    def read_worker(self, element: Any, n: int) -> None:
        where = f"/Message/CSWWWorker[{n}]"
        values = _texts(element)
        self.unknown(element, WORKER, "CSWWWorker", where)
        swe, swe_line = values.get("SWENo", (None, element.sourceline))
        if swe is None:
            self.problems.add(
                "missing_field",
                f"The worker from line {element.sourceline} has no SWENo; the worker was not read.",
                location=f"{where} (line {element.sourceline})",
                field="SWENo",
            )
            return
        if swe in self.seen:
            self.problems.add(
                "duplicate_worker",
                f"SWENo {swe} is given twice (first at line {self.seen[swe]}); the second is not "
                "read.",
                location=f"{where} (line {swe_line})",
                field="SWENo",
                value=swe,
            )
            return
        self.seen[swe] = element.sourceline or 0
        agency_text, agency_line = values.get("AgencyWorker", (None, element.sourceline))
        agency = {"0": False, "1": True}.get(agency_text or "")
        if agency is None:
            self.problems.add(
                "bad_code" if agency_text else "missing_field",
                "AgencyWorker must be 0 (employed by the council) or 1 (agency).",
                location=f"{where} (line {agency_line})",
                field="AgencyWorker",
                value=agency_text or "",
            )
        fte = self.number("FTE", *values.get("FTE", (None, None)), where, most=1)
        worker = {
            "swe": swe,
            "agency": agency,
            "fte": fte,
            "start": self.read_date(
                "RoleStartDate", *values.get("RoleStartDate", (None, None)), where
            ),
            "end": self.read_date("RoleEndDate", *values.get("RoleEndDate", (None, None)), where),
            "role": values.get("OrgRole", (None, None))[0],
            "cases": self.number("Cases30", *values.get("Cases30", (None, None)), where, True),
            "days_lost": self.number(
                "WorkingDaysLost", *values.get("WorkingDaysLost", (None, None)), where
            ),
        }
        self.workers.append(worker)
        c = self.columns
        c["prof_professional_id"].append(swe)
        c["prof_full_time_equivalency"].append(fte)
        c["prof_agency_worker_flag"].append(agency)
        c["prof_start_date"].append(worker["start"])
        c["prof_end_date"].append(worker["end"])
        c["source_row"].append(f"{self.file} line {element.sourceline}")

    def figures(self, year: int, census_date: date) -> dict[str, list[Any]]:
        try:
            year_before = census_date.replace(year=census_date.year - 1)
        except ValueError:
            year_before = census_date.replace(year=census_date.year - 1, day=28)

        def employed(w: dict[str, Any]) -> bool:
            return w["agency"] is False

        def in_post(w: dict[str, Any]) -> bool:
            started = w["start"] is None or w["start"] <= census_date
            return started and (w["end"] is None or w["end"] > census_date)

        def in_year(day: date | None) -> bool:
            return day is not None and year_before < day <= census_date

        def fte(rows: list[dict[str, Any]]) -> float:
            return round(sum(w["fte"] or 0.0 for w in rows), 2)

        staff = [w for w in self.workers if employed(w)]
        posted = [w for w in staff if in_post(w)]
        holders = [w for w in posted if w["role"] == CASE_HOLDER]
        agency_fte = self.vacancies.get("NoAgencyFTE")
        if agency_fte is None:
            agency_fte = fte([w for w in self.workers if w["agency"] and in_post(w)])
        return {
            "year": [year],
            "fte_in_post": [fte(posted)],
            "headcount_in_post": [len(posted)],
            "starters_fte": [fte([w for w in staff if in_year(w["start"])])],
            "leavers_fte": [fte([w for w in staff if in_year(w["end"])])],
            "agency_fte": [agency_fte],
            "vacancies_fte": [self.vacancies.get("NumberOfVacancies")],
            "absence_days": [round(sum(w["days_lost"] or 0.0 for w in staff), 2)],
            "case_holders_fte": [fte(holders)],
            "cases": [int(sum(w["cases"] or 0 for w in holders))],
            "source_row": [f"{self.file} (all workers)"],
        }


def read_csww_xml(path: Path) -> ReadResult:
    problems = Problems(RETURN, path.name)
    result = ReadResult(RETURN, [path])
    reader = _Reader(problems)
    saw_message = False
    workers = 0
    cap = limits.max_rows()
    try:
        events = etree.iterparse(
            str(path),
            events=("start", "end"),
            tag=("{*}Message", "{*}Header", "{*}LALevelVacancies", "{*}CSWWWorker"),
            recover=False,
            huge_tree=False,  # libxml2's limits on text size and depth stay on
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
        )
        for event, element in events:
            name = _local(element.tag)
            if event == "start":
                root = _local(element.getroottree().getroot().tag)
                if root != "Message":
                    problems.block(
                        "not_csww",
                        f"This XML is not a workforce census: its root element is {root}, not "
                        "Message (expected Message/Header, LALevelVacancies and CSWWWorker).",
                    )
                    break
                if name == "Message" and not saw_message:
                    saw_message = True
                    if declares_entities(element):
                        problems.block("xml_entities", ENTITIES_MESSAGE)
                        break
                continue
            if name == "Header":
                reader.read_header(element)
                if reader.header.get("Collection", "CSWW").upper() != "CSWW":
                    problems.block(
                        "not_csww",
                        f"This XML is a {reader.header['Collection']} collection, not the "
                        "workforce census (Collection CSWW).",
                    )
                    break
            elif name == "LALevelVacancies":
                reader.read_vacancies(element)
            elif name == "CSWWWorker":
                workers += 1
                if workers > cap:  # stop reading, rather than hold millions of workers first
                    problems.block(
                        "too_many_rows",
                        f"The census lists more than {cap:,} workers, over the limit (set "
                        f"{limits.MAX_ROWS_ENV} to change it): no council has that many. "
                        "Nothing was imported.",
                    )
                    break
                reader.read_worker(element, workers)
                element.clear(keep_tail=True)
                parent = element.getparent()
                if parent is not None:
                    while element.getprevious() is not None:
                        del parent[0]
            elif name == "Message":
                reader.unknown(element, MESSAGE, "Message", "/Message")
    except etree.XMLSyntaxError as error:
        block_unreadable_xml(problems, error)
    except OSError as error:
        problems.block("unreadable_file", f"The file could not be read: {error.strerror or error}.")
    year_text = reader.header.get("Year", "")
    year = int(year_text) if year_text.isdigit() and len(year_text) == 4 else None
    if not problems.blocked:
        if not saw_message:
            problems.block("not_csww", "This XML is not a workforce census: it has no Message.")
        elif workers == 0:
            problems.block(
                "no_workers", "The workforce census lists no workers (no Message/CSWWWorker)."
            )
        elif year is None:
            problems.block(
                "missing_year",
                "The header has no census year (Header/CollectionDetails/Year), so the figures "
                "cannot be placed in a year. Nothing from it was imported.",
                field="Year",
            )
    result.problems = problems.items
    if problems.blocked or year is None:
        return result
    census_date = parse_iso_date(reader.header.get("ReferenceDate", "")) or date(year, 9, 30)
    if census_date.year != year:
        problems.add(
            "year_disagrees",
            f"The header's Year is {year} but its ReferenceDate is {census_date.isoformat()}; "
            f"the census was read as {year} (Year), counted to {census_date.isoformat()}.",
            location="/Message/Header/CollectionDetails",
            field="ReferenceDate",
            value=census_date.isoformat(),
            severity=WARNING,
        )
    result.problems = problems.items
    result.tables = {
        "ssd_professionals": build_table("ssd_professionals", dict(reader.columns)),
        "csww_council_figures": build_table(
            "csww_council_figures", reader.figures(year, census_date)
        ),
    }
    result.year = year
    lea = reader.header.get("LEA", "")
    result.council = lea.zfill(3) if lea.isdigit() else lea
    result.file_years = {path.name: year}
    return result
