"""Template filters for figures: numbers as DfE publishes them, and look-ups by key."""

from __future__ import annotations

from django import template

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


FAMILY_LABELS = {
    "front_door": "Front door",
    "cin": "Children in need",
    "child_protection": "Child protection",
    "looked_after": "Children looked after",
    "workforce": "Workforce",
}


@register.filter
def family(name: str) -> str:
    """An indicator family's name in words."""
    return FAMILY_LABELS.get(str(name), label(name))


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
