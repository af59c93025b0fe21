"""The council's own audit grades set beside Ofsted's judgements of it.

Ofsted's latest ILACS judgements of every council are published (Local authority inspection
outcomes, shipped as `published/LA_Inspection_Outcomes_as_at_31_March_2025.ods`, sheet
"Inspections_as_at_31_March"). Each judgement area is set beside the audits that speak to it:

- overall effectiveness: every audit's overall grade;
- the experiences and progress of children who need help and protection: audits of children in
  need and on child protection plans;
- the experiences and progress of children in care: audits of children in care;
- the impact of leaders on social work practice: the audits' management oversight grades;
- care leavers: no audit of a care leaver is drawn (samples are open CIN, CP and care cases).

The comparison is stated in words. Ofsted grades a service, audits grade cases, so they need not
agree; the words say which way they differ, because audits far kinder than the inspectorate are
the "appearance rather than the actuality" the audits exist to avoid.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from sightline.audits.grades import GRADES, LABELS, is_good_or_better
from sightline.paths import PUBLISHED
from sightline.suppression import SMALLEST_SHOWN

OUTCOMES = PUBLISHED / "LA_Inspection_Outcomes_as_at_31_March_2025.ods"
SHEET = "Inspections_as_at_31_March"

# (key, Ofsted's column, which audits speak to it, in words)
AREAS: tuple[tuple[str, str, str], ...] = (
    ("overall", "Overall effectiveness", "the audits' overall grades"),
    (
        "help_and_protection",
        "The experiences and progress of children who need help and protection",
        "audits of children in need and on child protection plans",
    ),
    (
        "in_care",
        "The experiences and progress of children in care",
        "audits of children in care",
    ),
    (
        "leaders",
        "The impact of leaders on social work practice with children and families",
        "the audits' management oversight grades",
    ),
    (
        "care_leavers",
        "The experiences and progress of care leavers",
        "audits of care leavers, who are not drawn in the samples",
    ),
)
_BY_WORDS = {label.lower(): code for code, label in LABELS.items()}


@dataclass(frozen=True)
class Judgements:
    council: str
    inspected: dt.date | None
    published: dt.date | None
    grades: dict[str, str | None]  # area key -> grade code (None: not judged then)


@dataclass(frozen=True)
class AuditedCase:
    service: str  # cin | cp | cla
    overall: str | None  # the grade that counts (moderated where moderated)
    sections: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Comparison:
    area: str
    title: str
    judgement: str | None  # Ofsted's grade code
    basis: str  # which audits, in words
    counts: dict[str, int]  # grade -> audits
    words: str

    @property
    def audits(self) -> int:
        return sum(self.counts.values())

    @property
    def good_or_better(self) -> int:
        return sum(n for g, n in self.counts.items() if is_good_or_better(g))


def _day(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return None


@cache
def _table(path: Path) -> dict[str, Judgements]:
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(SHEET).to_python()
    header_at = next(i for i, r in enumerate(rows) if "Local authority name" in r)
    header = [str(h) for h in rows[header_at]]
    found = {}
    for row in rows[header_at + 1 :]:
        record = dict(zip(header, row, strict=False))
        name = str(record.get("Local authority name") or "").strip()
        if not name:
            continue
        grades = {
            key: _BY_WORDS.get(str(record.get(column) or "").strip().lower())
            for key, column, _ in AREAS
        }
        found[name.lower()] = Judgements(
            name, _day(record.get("Inspection date")), _day(record.get("Publication date")), grades
        )
    return found


def latest(council_name: str, path: Path = OUTCOMES) -> Judgements | None:
    """The council's latest published ILACS judgements, by its name; None when not published."""
    return _table(path).get(council_name.strip().lower()) if council_name else None


def _cases_for(area: str, cases: list[AuditedCase]) -> list[str | None]:
    if area == "overall":
        return [c.overall for c in cases]
    if area == "help_and_protection":
        return [c.overall for c in cases if c.service in ("cin", "cp")]
    if area == "in_care":
        return [c.overall for c in cases if c.service == "cla"]
    if area == "leaders":
        return [c.sections.get("oversight") for c in cases]
    return []


def _words(
    title: str,
    judgement: str | None,
    counts: dict[str, int],
    basis: str,
    withhold: bool,
    published: bool = True,
) -> str:
    audits = sum(counts.values())
    what = title[0].lower() + title[1:]
    if judgement:
        ofsted = f"Ofsted judged {what} {LABELS[judgement].lower()}"
    elif published:
        ofsted = f"Ofsted gave no judgement of {what} at its last inspection"
    else:
        ofsted = f"Ofsted publishes no judgement of {what} for this council"
    if not audits:
        return f"{ofsted}; there are no audits to set beside it ({basis})."
    if withhold and audits < SMALLEST_SHOWN:
        return f"{ofsted}; the audits that speak to it ({basis}) are too few to show (c)."
    good = sum(n for g, n in counts.items() if is_good_or_better(g))
    share = round(100 * good / audits)
    ours = f"{share}% of {basis} ({good} of {audits}) are good or better"
    if judgement is None:
        return f"{ofsted}. {ours[0].upper() + ours[1:]}."
    if is_good_or_better(judgement) and share < 50:
        way = (
            "the audits find most cases below the standard Ofsted found: look at what changed "
            "since the inspection, or at whether the audits are harsher than the inspectors"
        )
    elif not is_good_or_better(judgement) and share >= 50:
        way = (
            "the audits grade most cases good although Ofsted did not find the service good: "
            "check the audits' calibration and moderation before relying on them"
        )
    else:
        way = "the audits and Ofsted point the same way"
    return f"{ofsted}; {ours}: {way}."


def compare(
    judgements: Judgements | None, cases: list[AuditedCase], withhold_small: bool = False
) -> list[Comparison]:
    """Each judgement area beside the distribution of the audits that speak to it;
    `withhold_small`: an area resting on 1 to 5 audits gives no figure in its words."""
    found = []
    for key, title, basis in AREAS:
        grades = [g for g in _cases_for(key, cases) if g in GRADES]
        counts = {g: grades.count(g) for g in GRADES}
        judgement = judgements.grades.get(key) if judgements else None
        found.append(Comparison(key, title, judgement, basis, counts,
                                _words(title, judgement, counts, basis, withhold_small,
                                       judgements is not None)))  # fmt: skip
    return found
