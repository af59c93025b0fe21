"""Template filters for figures: numbers as DfE publishes them, and look-ups by key."""

from __future__ import annotations

import datetime as dt
import re

from django import template
from django.utils import timezone

from sightline.indicators.rounding import format_figure, median_decimals

register = template.Library()


@register.filter
def figure(value, decimals: int = 1) -> str:
    if value is None or value == "":
        return "–"
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    if number.is_integer() and abs(number) >= 10:
        return f"{number:,.0f}"
    return format_figure(number, int(decimals), thousands=True)  # half up, as DfE rounds


@register.filter
def median_figure(value, decimals: int = 1) -> str:
    """A neighbours' median: one place more than the indicator's when it falls between two
    published figures (94.5, not 94)."""
    if value is None or value == "":
        return "–"
    return figure(value, median_decimals(float(value), int(decimals)))


@register.filter
def get(mapping, key):
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def label(text: str) -> str:
    return str(text).replace("_", " ").capitalize()


@register.filter
def family(name: str) -> str:
    """An indicator family's name in words (its module's TITLE)."""
    from sightline.indicators.registry import family_title

    return family_title(str(name))


@register.filter
def council_name(code) -> str:
    """A council's name with its LA code ("Rotherham (372)"); the code alone when the published
    statistics do not know it (a synthetic council's own code, say)."""
    from sightline.benchmarks.published import PublishedError, council

    try:
        return f"{council(str(code)).name} ({code})"
    except PublishedError:
        return str(code)


@register.filter
def event_name(event: str) -> str:
    """A compliance event in words ("icpc" -> "Initial child protection conference")."""
    from sightline.compliance.names import event_name as name

    return name(str(event))


# Dates in UK style (GOV.UK: "1 December 2026"; "01/12/2026" in dense tables), never ISO. Values
# may be dates, datetimes or ISO strings (snapshot manifests keep ISO strings).


def _as_datetime(value) -> dt.date | dt.datetime | None:
    if isinstance(value, dt.datetime | dt.date):
        return value
    if isinstance(value, str) and value:
        try:
            return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            try:
                return dt.date.fromisoformat(value[:10])
            except ValueError:
                return None
    return None


def _local(value: dt.datetime) -> dt.datetime:
    if timezone.is_aware(value):
        return timezone.localtime(value)
    return value


@register.filter
def uk_date(value) -> str:
    """1 December 2026."""
    when = _as_datetime(value)
    if when is None:
        return "" if value in (None, "") else str(value)
    if isinstance(when, dt.datetime):
        when = _local(when)
    return f"{when.day} {when:%B %Y}"


@register.filter
def uk_short(value) -> str:
    """01/12/2026, for dense tables."""
    when = _as_datetime(value)
    if when is None:
        return "" if value in (None, "") else str(value)
    if isinstance(when, dt.datetime):
        when = _local(when)
    return f"{when:%d/%m/%Y}"


@register.filter
def uk_datetime(value) -> str:
    """1 December 2026 at 7:41pm (a date alone shows as a date)."""
    when = _as_datetime(value)
    if not isinstance(when, dt.datetime):
        return uk_date(value)
    when = _local(when)
    hour = when.hour % 12 or 12
    return f"{when.day} {when:%B %Y} at {hour}:{when:%M}{'am' if when.hour < 12 else 'pm'}"


@register.filter
def collection_year(year) -> str:
    """A collection year in words: 2025 -> "year to 31 March 2025"."""
    if year in (None, ""):
        return ""
    return f"year to 31 March {year}"


UNIT_SUFFIX = {"percent": "%", "days": " days", "rate_per_10k": " per 10,000"}
UNIT_WORDS = {
    "percent": "as a percentage",
    "days": "in days",
    "rate_per_10k": "per 10,000 children",
    "count": "as a number of children or events",
    "ratio": "as children per worker",
}


@register.filter
def unit_words(unit: str) -> str:
    return UNIT_WORDS.get(str(unit), str(unit).replace("_", " "))


@register.filter
def unit_suffix(unit: str) -> str:
    """What follows a value of this unit: "%", " days", " per 10,000" (nothing for counts)."""
    return UNIT_SUFFIX.get(str(unit), "")


@register.filter
def with_unit(value, indicator) -> str:
    """An indicator's value with its decimals and unit ("12.1%", "23 days", "c", "–")."""
    if value is None or value == "":
        return "–"
    if isinstance(value, str) and not _is_number(value):
        return value  # "c" and other notes stand as they are
    shown = figure(value, getattr(indicator, "decimals", 1))
    return f"{shown}{UNIT_SUFFIX.get(str(getattr(indicator, 'unit', '')), '')}"


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


@register.filter
def member_help(indicator) -> str:
    """The indicator's one line for members (sightline.indicators.help)."""
    from sightline.indicators.help import member_help as find

    return find(getattr(indicator, "id", str(indicator)))


@register.filter
def indicator_name(indicator_id) -> str:
    """An indicator's name from its id ("assessments_45wd" -> "Assessments completed within 45
    working days"); an id no longer known is shown as it is."""
    from sightline.indicators import registry

    try:
        return registry.get(str(indicator_id)).name
    except KeyError:  # an indicator retired since the evidence was captured
        return str(indicator_id or "")


@register.filter
def column_label(name: str) -> str:
    """An engine column's name in words ("cine_referral_nfa" -> "Referral no further action")."""
    from sightline.web.core.columns import column_label as words

    return words(str(name))


@register.simple_tag
def cell(row, column: str) -> str:
    """A row's value in words: codes decoded with the code in brackets, dates 01/12/2026."""
    from sightline.web.core.columns import cell as words

    value = row.get(column) if hasattr(row, "get") else None
    return words(column, value)


_ISO_IN_TEXT = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


@register.filter
def uk_dates_in(text) -> str:
    """Free text from the engine ("due 2024-05-28") with its ISO dates as 28/05/2024."""
    if text is None:
        return ""
    return _ISO_IN_TEXT.sub(lambda m: f"{m.group(3)}/{m.group(2)}/{m.group(1)}", str(text))


@register.filter
def source_words(source) -> str:
    """Where a row came from, in words (core/columns.py): no XPath or table code on a page."""
    from sightline.web.core.columns import source_words as words

    return words(source)


@register.filter
def code_words(value, column) -> str:
    """A value of a column in words: a code of the column's list (903 or CIN) as its name with
    the code in brackets ("Full care order (C2)"), other values as they are."""
    from sightline import codes

    if value is None:
        return ""
    return codes.describe(str(column or ""), value)


@register.filter
def snapshot_name(snapshot) -> str:
    """A snapshot (or its id) in words: its return, year and when it was imported."""
    from sightline.web.core.columns import snapshot_words

    return snapshot_words(snapshot)


@register.filter
def snapshot_names(ids) -> str:
    """Several snapshots in words, "; " between: a list of ids or one comma-separated string."""
    from sightline.web.core.columns import snapshot_words

    if isinstance(ids, str):
        ids = [i for i in ids.split(",") if i.strip()]
    return "; ".join(snapshot_words(i.strip()) for i in ids or [])


@register.filter
def return_name(return_) -> str:
    """A return's code in words ("ssda903" -> "SSDA903 (children looked after)")."""
    from sightline.web.core.columns import RETURN_NAMES

    return RETURN_NAMES.get(str(return_ or ""), str(return_ or ""))


@register.filter
def table_words(name) -> str:
    """A canonical table by its description ("Child protection plans"), not its code name."""
    from sightline.web.core.columns import table_words as words

    return words(str(name))


@register.filter
def role_name(role: str) -> str:
    """A role id in words ("team_manager" -> "Team manager")."""
    from sightline.web.accounts.roles import ROLE_LABELS, Role

    try:
        return ROLE_LABELS[Role(role)]
    except ValueError:
        return str(role or "")
