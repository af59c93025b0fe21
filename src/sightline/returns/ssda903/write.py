"""Write the SSDA903 tables (CSV, dates dd/mm/YYYY) of one collection year from canonical tables.

Only that year's columns (from `schema.columns_and_codes`) and codes: sex is 1/2 before 2025 and
M/F/U from 2025; special guardianship endings are E45/E46 from 2019 and E43/E44 before. Rows are
appended chunk by chunk. The outcome tables (oc2, oc3) carry values the canonical model keeps per
child; where a synthetic council has none they are derived from the child ID, so the same input
always gives the same file.
"""

from __future__ import annotations

import csv
import datetime as dt
import zlib
from collections import defaultdict
from pathlib import Path
from types import TracebackType
from typing import IO, Any

import pyarrow as pa

from sightline.returns._filters import among, overlapping
from sightline.specs.ssda903 import columns_and_codes

OLD_REC = {"E45": "E43", "E46": "E44", "E47": "E41", "E48": "E41"}
OLD_SEX = {"M": "1", "F": "2"}


def _d(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _h(text: str, salt: str, modulo: int) -> int:
    """A stable number for a child (deterministic stand-in for a random draw)."""
    return zlib.crc32(f"{text}|{salt}".encode()) % modulo


class Ssda903Writer:
    """`with Ssda903Writer(folder, year) as w: w.add(tables)` per chunk."""

    def __init__(self, folder: Path, year: int) -> None:
        self.folder = folder
        self.year = year
        self.spec = columns_and_codes(year)
        self.start = dt.date(year - 1, 4, 1)
        self.end = dt.date(year, 3, 31)
        self._files: dict[str, IO[str]] = {}
        self._writers: dict[str, Any] = {}
        self.rows: dict[str, int] = defaultdict(int)

    def __enter__(self) -> Ssda903Writer:
        self.folder.mkdir(parents=True, exist_ok=True)
        for table, columns in self.spec.items():
            handle = (self.folder / f"{table}.csv").open("w", encoding="utf-8", newline="")
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(list(columns))
            self._files[table] = handle
            self._writers[table] = writer
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        for handle in self._files.values():
            handle.close()

    def _put(self, table: str, row: dict[str, str]) -> None:
        if table not in self._writers:
            return
        self._writers[table].writerow([row.get(c, "") for c in self.spec[table]])
        self.rows[table] += 1

    def _sex(self, sex: str | None) -> str:
        sex = sex or "U"
        return sex if self.year >= 2025 else OLD_SEX.get(sex, "1")

    def _rec(self, rec: str | None) -> str:
        if not rec:
            return ""
        return OLD_REC.get(rec, rec) if self.year < 2019 else rec

    def _cut(self, value: dt.date | None) -> dt.date | None:
        return value if value is not None and value <= self.end else None

    def _in_year(self, value: dt.date | None) -> bool:
        return value is not None and self.start <= value <= self.end

    def add(self, t: dict[str, pa.Table]) -> None:
        live = overlapping(
            t["ssd_cla_episodes"],
            "clae_cla_episode_start_date",
            "clae_cla_episode_ceased_date",
            self.start,
            self.end,
        )
        episodes = live.to_pylist()
        looked_after = sorted({e["clae_person_id"] for e in episodes})
        if not looked_after:
            return
        wanted = set(looked_after)
        people = {
            p["pers_person_id"]: p
            for p in among(t["ssd_person"], "pers_person_id", looked_after).to_pylist()
        }
        leavers = self._leaver_rows(t)
        others = sorted({r["CHILD"] for r in leavers} - wanted)  # every child of the return
        for p in among(t["ssd_person"], "pers_person_id", others).to_pylist() if others else []:
            people[p["pers_person_id"]] = p
        self._header(sorted(wanted | {r["CHILD"] for r in leavers if r["CHILD"] in people}),
                     people, wanted)  # fmt: skip
        self._episodes(
            sorted(episodes, key=lambda e: (e["clae_person_id"], e["clae_cla_episode_start_date"]))
        )
        self._reviews(t, wanted, people)
        self._uasc(t, wanted, people)
        periods = [p for p in t["_periods"].to_pylist() if p["person_id"] in wanted]
        self._outcomes(periods, people)
        for row in leavers:
            if row["CHILD"] in people:
                self._put("oc3", row)
        self._adoption(t, wanted, people)
        self._previous_permanence(periods, people)
        self._missing(t, wanted, people)
        at_end = {
            e["clae_person_id"]
            for e in episodes
            if e["clae_cla_episode_ceased_date"] is None
            or e["clae_cla_episode_ceased_date"] > self.end
        }
        self._social_workers(t, wanted, people, at_end)

    def _header(
        self, ids: list[str], people: dict[str, dict[str, Any]], looked_after: set[str]
    ) -> None:
        """Every child of the return; the mother item for girls looked after in the year (DfE
        rules 165 and 393), not for boys nor for girls in the care leavers' table alone."""
        for child in ids:
            p = people[child]
            self._put("header", {
                "CHILD": child, "SEX": self._sex(p["pers_sex"]), "DOB": _d(p["pers_dob"]),
                "ETHNIC": p["pers_ethnicity"], "UPN": p["pers_upn"] or "UN1",
                "MOTHER": "0" if p["pers_sex"] == "F" and child in looked_after else "",
            })  # fmt: skip

    def _episodes(self, episodes: list[dict[str, Any]]) -> None:
        for e in episodes:
            ceased = self._cut(e["clae_cla_episode_ceased_date"])
            self._put("episodes", {
                "CHILD": e["clae_person_id"], "DECOM": _d(e["clae_cla_episode_start_date"]),
                "RNE": e["clae_cla_episode_start_reason"], "LS": e["clae_legal_status"],
                "CIN": e["clae_cla_primary_need_code"], "PLACE": e["clae_placement_type"],
                "PLACE_PROVIDER": e["clae_placement_provider"] or "", "DEC": _d(ceased),
                "REC": self._rec(e["clae_cla_episode_ceased_reason"]) if ceased else "",
                "REASON_PLACE_CHANGE": e["clae_reason_place_change"] or "",
                "HOME_POST": e["clae_home_postcode"] or "", "PL_POST": e["clae_placement_postcode"] or "",
                "URN": e["clae_placement_urn"] or "",
            })  # fmt: skip

    def _reviews(self, t: dict[str, pa.Table], wanted: set[str], people: dict[str, Any]) -> None:
        rows = [
            r
            for r in t["ssd_cla_reviews"].to_pylist()
            if r["clar_person_id"] in wanted and self._in_year(r["clar_cla_review_date"])
        ]
        for r in sorted(rows, key=lambda r: (r["clar_person_id"], r["clar_cla_review_date"])):
            child = r["clar_person_id"]
            self._put("reviews", {"CHILD": child, "DOB": _d(people[child]["pers_dob"]),
                                  "REVIEW": _d(r["clar_cla_review_date"]),
                                  "REVIEW_CODE": r["clar_cla_review_participation"]})  # fmt: skip

    def _uasc(self, t: dict[str, pa.Table], wanted: set[str], people: dict[str, Any]) -> None:
        for r in t["ssd_immigration_status"].to_pylist():
            child = r["immi_person_id"]
            if child in wanted:
                p = people[child]
                self._put("uasc", {"CHILD": child, "SEX": self._sex(p["pers_sex"]), "DOB": _d(p["pers_dob"]),
                                   "DUC": _d(r["immi_immigration_status_end_date"])})  # fmt: skip

    def _outcomes(self, periods: list[dict[str, Any]], people: dict[str, Any]) -> None:
        """oc2: children looked after continuously for 12 months at 31 March, as the DfE's rules
        count them (187-191): looked after since 1 April or before, and not ceasing to be before
        31 March (a child whose care ended on 31 March is among them)."""
        seen: set[str] = set()
        for p in periods:
            child = p["person_id"]
            if (
                child in seen
                or p["decom"] > self.start
                or (p["dec"] is not None and p["dec"] < self.end)
            ):
                continue
            seen.add(child)
            dob = people[child]["pers_dob"]
            age = self.end.year - dob.year - ((self.end.month, self.end.day) < (dob.month, dob.day))

            def ok(salt: str, share: int, child: str = child) -> str:
                return "1" if _h(child, f"{self.year}{salt}", 100) < share else "0"

            # The DfE's rules: an SDQ score (or a reason for none, never both) from 4 to 17; the
            # conviction item from 10; the development check under 5 only; where substance
            # misuse is identified, whether an intervention was received (and, if not, offered).
            sdq = 4 <= age <= 17
            misuse = age >= 12 and _h(child, f"{self.year}s", 100) < 4
            received = misuse and _h(child, f"{self.year}ir", 100) < 70
            self._put("oc2", {
                "CHILD": child, "DOB": _d(dob),
                "SDQ_SCORE": str(_h(child, f"{self.year}sdq", 35)) if sdq else "",
                "SDQ_REASON": "",
                "CONVICTED": ("1" if _h(child, f"{self.year}c", 100) < 3 else "0") if age >= 10 else "",
                "HEALTH_CHECK": ok("h", 90) if age < 5 else "", "IMMUNISATIONS": ok("i", 85),
                "TEETH_CHECK": ok("t", 80), "HEALTH_ASSESSMENT": ok("a", 90),
                "SUBSTANCE_MISUSE": "1" if misuse else "0",
                "INTERVENTION_RECEIVED": ("1" if received else "0") if misuse else "",
                "INTERVENTION_OFFERED": ("1" if _h(child, f"{self.year}io", 100) < 60 else "0") if misuse and not received else "",
            })  # fmt: skip

    def _leaver_rows(self, t: dict[str, pa.Table]) -> list[dict[str, str]]:
        """oc3: care leavers at their 17th to 21st birthday in the year: those who left care at 16
        or over after 13 weeks looked after since their 14th birthday, alive, not adopted and not
        moved to another council (rule 1011),
        for each birthday after they left (the DfE asks it of 17- and 18-year-olds only when they
        left before that birthday: rule 1016). Only those whose care this year's or last year's
        return shows (care ended on or after 1 April of last year's collection), and whose 13
        weeks after the 14th birthday and time after the 16th those two returns' episodes show:
        the DfE's tool checks a care leaver's episodes in those two returns alone (1001, 1002),
        so a clean council passes them in every year (a care leaver whose qualifying care was
        mostly in earlier years is left out)."""
        activ = self.spec["oc3"]["ACTIV"].codes
        rows: list[dict[str, str]] = []
        seen: set[str] = set()
        candidates: list[tuple[str, dt.date]] = []
        for p in t["_periods"].to_pylist():
            dec, dob = p["dec"], p["dob"]
            if dec is None or dec > self.end or dob is None:
                continue
            if dec < dt.date(self.year - 2, 4, 1):  # in neither this year's return nor last's
                continue
            if p["rec"] in ("E2", "E3", "E11", "E12") or dec < _birthday(dob, 16):
                continue
            if (dec - max(p["decom"], _birthday(dob, 14))).days < 91:
                continue
            child = p["person_id"]
            ages = [
                a
                for a in range(17, 22)
                if self._in_year(_birthday(dob, a)) and _birthday(dob, a) > dec
            ]
            if not ages:
                continue
            candidates.append((child, dob))
        shown = self._care_shown(t, candidates)
        for child, dob in candidates:
            if child in seen:
                continue
            after14, after16 = shown.get(child, (0, 0))
            if after14 < 91 or after16 < 1:
                continue
            seen.add(child)
            in_touch = "YES" if _h(child, f"{self.year}it", 100) < 90 else "NO"
            rows.append({
                "CHILD": child, "DOB": _d(dob), "IN_TOUCH": in_touch,
                "ACTIV": activ[_h(child, f"{self.year}ac", len(activ) - 1)] if in_touch == "YES" else "0",
                "ACCOM": ("B1", "C1", "D1", "E1", "S2", "G1", "U2", "V1")[_h(child, f"{self.year}am", 8)] if in_touch == "YES" else "0",
            })  # fmt: skip
        return rows

    def _care_shown(
        self, t: dict[str, pa.Table], children: list[tuple[str, dt.date]]
    ) -> dict[str, tuple[int, int]]:
        """Days looked after since the 14th and since the 16th birthday that this year's and last
        year's returns show: every episode either return holds (one open at 31 March runs to
        it), counted from its start, as the DfE's rule 1001 counts them."""
        if not children:
            return {}
        dob = dict(children)
        first = dt.date(self.year - 2, 4, 1)
        shown: dict[str, tuple[int, int]] = {}
        episodes = among(t["ssd_cla_episodes"], "clae_person_id", sorted(dob)).to_pylist()
        for e in episodes:
            child, start = e["clae_person_id"], e["clae_cla_episode_start_date"]
            ceased = e["clae_cla_episode_ceased_date"]
            if start is None or start > self.end or (ceased is not None and ceased < first):
                continue
            if e["clae_legal_status"] in ("V3", "V4"):  # short breaks do not count
                continue
            until = ceased if ceased is not None and ceased <= self.end else self.end
            days14, days16 = shown.get(child, (0, 0))
            born = dob[child]
            days14 += max(0, (until - max(start, _birthday(born, 14))).days)
            days16 += max(0, (until - max(start, _birthday(born, 16))).days)
            shown[child] = (days14, days16)
        return shown

    def _adoption(self, t: dict[str, pa.Table], wanted: set[str], people: dict[str, Any]) -> None:
        for r in t["ssd_permanence"].to_pylist():
            child = r["perm_person_id"]
            if child not in wanted:
                continue
            dob = _d(people[child]["pers_dob"])
            if (
                self._in_year(r["perm_placed_ceased_date"])
                and r["perm_placed_ceased_reason"] == "RD1"
            ):
                self._put("ad1", {
                    "CHILD": child, "DOB": dob, "DATE_INT": _d(r["perm_adm_decision_date"]),
                    "DATE_MATCH": _d(r["perm_matched_date"]), "FOSTER_CARE": "1" if r["perm_adopted_by_carer_flag"] else "0",
                    "NB_ADOPTR": str(r["perm_number_of_adopters"]), "SEX_ADOPTR": r["perm_adopter_sex"],
                    "LS_ADOPTR": r["perm_adopter_legal_status"],
                })  # fmt: skip
            # DATE_PLACED is the date of the decision that the child should be placed for adoption
            # (the DfE's rules 523 and 1003), the same decision as AD1's DATE_INT
            decided = self._cut(r["perm_adm_decision_date"] or r["perm_placed_for_adoption_date"])
            if decided:
                # adopted: the decision was not reversed, so no "no longer to be placed" items
                # (DfE rules 525 and 558); the canonical model marks an adoption RD1
                adopted = r["perm_placed_ceased_reason"] == "RD1"
                ceased = None if adopted else self._cut(r["perm_placed_ceased_date"])
                self._put("placed_for_adoption", {
                    "CHILD": child, "DOB": dob, "DATE_PLACED": _d(decided), "DATE_PLACED_CEASED": _d(ceased),
                    "REASON_PLACED_CEASED": (r["perm_placed_ceased_reason"] or "") if ceased else "",
                })  # fmt: skip

    def _previous_permanence(self, periods: list[dict[str, Any]], people: dict[str, Any]) -> None:
        for p in periods:
            if self._in_year(p["decom"]):
                child = p["person_id"]
                option = ("Z1", "Z1", "Z1", "Z1", "Z1", "Z1", "Z1", "P1", "P2", "P3")[
                    _h(child, f"{p['decom']}pp", 10)
                ]
                dob = people[child]["pers_dob"]
                # an earlier order names the council that made it and its date (rule 630)
                granted = dob + (p["decom"] - dob) // 2 if option != "Z1" and dob else None
                self._put("previous_permanence", {
                    "CHILD": child, "DOB": _d(dob), "PREV_PERM": option,
                    "LA_PERM": ("372", "373", "370", "371")[_h(child, "la", 4)] if granted else "",
                    "DATE_PERM": _d(granted),
                })  # fmt: skip

    def _missing(self, t: dict[str, pa.Table], wanted: set[str], people: dict[str, Any]) -> None:
        # the periods of the year: those begun in it, and one still open when it began (last
        # year's return shows it open; this year's gives it again, with its end: rule 576)
        rows = [
            r
            for r in overlapping(
                t["ssd_missing"],
                "miss_missing_episode_start_date",
                "miss_missing_episode_end_date",
                self.start,
                self.end,
            ).to_pylist()
            if r["miss_person_id"] in wanted
        ]
        ended: dict[str, Any] = {}
        for r in sorted(
            rows, key=lambda r: (r["miss_person_id"], r["miss_missing_episode_start_date"])
        ):
            child = r["miss_person_id"]
            start, end = r["miss_missing_episode_start_date"], r["miss_missing_episode_end_date"]
            if child in ended and (ended[child] is None or start < ended[child]):
                continue  # one missing period at a time (rule 574)
            ended[child] = end
            self._put("missing", {"CHILD": child, "DOB": _d(people[child]["pers_dob"]),
                                  "MISSING": r["miss_missing_episode_type"],
                                  "MIS_START": _d(r["miss_missing_episode_start_date"]),
                                  "MIS_END": _d(self._cut(r["miss_missing_episode_end_date"]))})  # fmt: skip

    def _social_workers(
        self,
        t: dict[str, pa.Table],
        wanted: set[str],
        people: dict[str, Any],
        at_end: set[str] = frozenset(),  # type: ignore[assignment]
    ) -> None:
        """sw_episodes: for each child looked after on 31 March, every social worker who held
        their case in the year, including while they were not looked after (DfE rule SW12STG2).
        SW_REASON is why the episode began (a change of worker): the reason the worker before
        left; a child's first worker is `OTHERS` (the list has no code for a first allocation)."""
        if "sw_episodes" not in self.spec:
            return
        # The social worker episodes are those of the children looked after on 31 March
        # (SW01, SW12, SW17: their last episode is open then)
        wanted = wanted & at_end
        earlier = among(t["ssd_involvements"], "invo_person_id", sorted(wanted)).to_pylist()
        # why each involvement began: the change reason of the one before it in the child's whole
        # history (the same in every year's return, as SW16a-c compare)
        reason_of: dict[tuple[str, Any, Any], str] = {}
        last_reason: dict[str, str] = {}
        for r in sorted(
            earlier, key=lambda r: (r["invo_person_id"], r["invo_involvement_start_date"])
        ):
            child = r["invo_person_id"]
            key = (child, r["invo_professional_id"], r["invo_involvement_start_date"])
            reason_of[key] = last_reason.get(child, "OTHERS")
            last_reason[child] = r["invo_worker_change_reason"] or "OTHERS"
        # One worker at a time, with no gap (SW08, SW10, SW11): over the child's whole history,
        # each worker holds the case until the next one takes over (the same in every year's
        # return, as SW16a-c compare); a child's last worker holds it while they are looked after
        by_child: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for r in sorted(
            earlier, key=lambda r: (r["invo_person_id"], r["invo_involvement_start_date"])
        ):
            by_child[r["invo_person_id"]].append(r)
        for child, held_by in by_child.items():
            episodes = []
            for n, r in enumerate(held_by):
                started = r["invo_involvement_start_date"]
                ended = r["invo_involvement_end_date"]
                if n + 1 < len(held_by):
                    ended = held_by[n + 1]["invo_involvement_start_date"]
                elif child in at_end:
                    ended = None  # looked after on 31 March: still their worker (SW17)
                if started is None or started > self.end:
                    continue
                if ended is not None and (ended <= started or ended < self.start):
                    continue  # no time with the child (SW09), or none in the year (SW07)
                episodes.append((r, started, self._cut(ended)))
            for r, started, ended in episodes:
                reason = reason_of.get((child, r["invo_professional_id"], started), "OTHERS")
                self._put("sw_episodes", {
                    "CHILD": child, "DOB": _d(people[child]["pers_dob"]), "SW_ID": r["invo_professional_id"],
                    "SW_DECOM": _d(started), "SW_DEC": _d(ended), "SW_REASON": reason,
                })  # fmt: skip


def _birthday(dob: dt.date, age: int) -> dt.date:
    try:
        return dob.replace(year=dob.year + age)
    except ValueError:  # 29 February
        return dob.replace(year=dob.year + age, day=28)
