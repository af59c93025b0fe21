"""Column names and values in words, for tables drawn from the engine's rows (the children behind
a figure, exports): "cine_referral_nfa" -> "Referral: no further action", "N1" -> "Abuse or
neglect (N1)", dates as 01/12/2026, True as "Yes"."""

from __future__ import annotations

import datetime as dt
import re

from sightline import codes

# The columns every indicator's rows carry (sightline.indicators.runner), in words.
KNOWN: dict[str, str] = {
    "person_id": "Child",
    "record_id": "Record",
    "event_date": "Date",
    "team": "Team",
    "worker": "Worker",
    "primary_need": "Primary need",
    "previous_referral": "Previous referral",
    "numerator": "Counted in the figure",
    "denominator": "In the group measured",
    "band": "Band",
    "factor": "Factor",
    "age_group": "Age group",
    "value": "Value",
    "excluded": "Excluded because",
    "age_band": "Age",
    "sex": "Sex",
    "ethnicity": "Ethnicity",
    "disability": "Disability",
    "first_plan_start": "First plan started",
}
# Short forms inside SSD field names, in words.
WORDS = {
    "nfa": "no further action",
    "cpp": "child protection plans",
    "cp": "child protection",
    "cla": "looked after",
    "cin": "child in need",
    "s47": "section 47",
    "icpc": "initial conference",
    "dob": "date of birth",
    "id": "ID",
    "la": "local authority",
    "eet": "education, employment or training",
}


def column_label(name: str) -> str:
    if name in KNOWN:
        return KNOWN[name]
    bare = re.sub(r"^[a-z0-9]{4}_", "", name)  # SSD fields start with their table's prefix
    words = [WORDS.get(w, w) for w in bare.split("_") if w]
    text = " ".join(words) or name
    return text[0].upper() + text[1:]


def cell(column: str, value: object) -> str:
    """A value for a table or an export: codes decoded, dates 01/12/2026, yes/no."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.datetime):
        return f"{value:%d/%m/%Y %H:%M}"
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    return codes.describe(column, value)


def non_empty_columns(columns: list[str], rows: list[dict]) -> list[str]:
    """The columns with a value in at least one row (an empty column tells the reader nothing)."""
    return [c for c in columns if any(r.get(c) not in (None, "") for r in rows)]


# Where a row came from, in words. The engine keeps the exact place (an XPath into the CIN
# census, "List 3!row 2" in an Annex A workbook, "file line 2" in a CSV) so a row can be traced;
# readers see the same place named as they know it.
XML_STEPS = {
    "Child": "child",
    "CINdetails": "episode",
    "Assessments": "assessment",
    "Section47": "section 47 enquiry",
    "ChildProtectionPlans": "protection plan",
    "CINPlanDates": "CIN plan",
    "CPPreviewDate": "review",
    "AssessmentFactors": "factor",
    "Disability": "disability",
}
_STEP = re.compile(r"([A-Za-z0-9]+)\[(\d+)\]")
_ANNEX_A = re.compile(r"^List (\d+)!row (\d+)$")


def table_words(name: str) -> str:
    """A canonical table by its description ("Child protection plans"), not its code name."""
    from sightline import canonical

    try:
        description = canonical.table(name).description
    except KeyError:
        return column_label(name)
    return re.sub(r"\s*\(.*", "", description.split(":")[0]).strip() or name


def source_words(source: str) -> str:
    """ "/Message/Children/Child[8]/CINdetails[2]/Assessments[1]" -> "CIN census: child 8,
    episode 2, assessment 1"; "List 3!row 2" -> "Annex A list 3, row 2"."""
    text = str(source or "")
    if text.startswith("/"):
        steps = [f"{XML_STEPS[name]} {n}" for name, n in _STEP.findall(text) if name in XML_STEPS]
        return "CIN census: " + (", ".join(steps) or "the file")
    found = _ANNEX_A.match(text)
    if found:
        return f"Annex A list {found.group(1)}, row {found.group(2)}"
    if text.startswith("ssd_") or text.startswith(("s903_", "csww_")):
        return table_words(text)
    return text


# The returns a snapshot holds, in words.
RETURN_NAMES = {
    "cin": "CIN census",
    "ssda903": "SSDA903 (children looked after)",
    "annex_a": "Ofsted Annex A",
    "csww": "Children's social work workforce census",
    "ssd": "Standard Safeguarding Dataset extract",
}
# A snapshot's id, as the store makes it: <return>-<council>-<year>-<created, UTC>.
_SNAPSHOT_ID = re.compile(
    r"^(?P<ret>[a-z0-9_]+)-(?P<council>.+)-(?P<year>\d{4}|unknown)-"
    r"(?P<at>\d{8}T\d{6})(?P<micro>\d{0,6})Z$"
)


def snapshot_words(snapshot: object) -> str:
    """A snapshot named as a reader knows it: "CIN census, year to 31 March 2025, imported
    1 December 2026 at 7:41pm" (not "cin-E08000018-2025-20261201T194109320305Z"). Takes a
    snapshot or its id; an id not of the store's making is shown as it is."""
    text = str(getattr(snapshot, "id", snapshot) or "")
    found = _SNAPSHOT_ID.match(text)
    if not found:
        return text
    parts = [RETURN_NAMES.get(found["ret"], found["ret"].upper())]
    if found["year"] != "unknown":
        parts.append(f"year to 31 March {found['year']}")
    created = dt.datetime.strptime(found["at"], "%Y%m%dT%H%M%S").replace(tzinfo=dt.UTC)
    parts.append(f"imported {_when(created)}")
    return ", ".join(parts)


def _when(moment: dt.datetime) -> str:
    """1 December 2026 at 7:41pm, in the app's time zone."""
    from django.utils import timezone

    local = timezone.localtime(moment)
    hour = local.hour % 12 or 12
    return f"{local.day} {local:%B %Y} at {hour}:{local:%M}{'am' if local.hour < 12 else 'pm'}"
