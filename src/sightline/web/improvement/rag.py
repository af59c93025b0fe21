"""RAG rules for the improvement plan, declared once, each with its own cases (tests/web/improvement).

Measure (a live indicator against its trajectory for the latest year, else its target):
  M-GREEN  meets or beats the expected value
  M-AMBER  behind it by no more than the measure's tolerance
  M-RED    behind it by more than the tolerance
  (no value or no expectation: no RAG)

Action (first rule that applies wins):
  A-COMPLETE  status complete and evidence attached (completion without evidence is refused)
  A-RED-OVERDUE   due date passed and not complete
  A-RED-MEASURE   its measure is red
  A-AMBER-DUE     due within 14 days and no evidence yet
  A-AMBER-MEASURE its measure is amber
  A-GREEN     on track and evidenced
  A-UNEVIDENCED   on track but no evidence yet (shown grey: progress is shown by evidence, not assertion)

Theme: its worst action's RAG (order below), unless an owner overrides it with a reason.
An override replaces the computed RAG on screen but is always shown as an override, with who and when.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

RED, AMBER, GREEN, COMPLETE, UNEVIDENCED, NONE = (
    "red",
    "amber",
    "green",
    "complete",
    "unevidenced",
    "",
)
DUE_SOON_DAYS = 14
# Worst first: a theme takes the first of these any of its actions has.
SEVERITY = (RED, AMBER, UNEVIDENCED, GREEN, COMPLETE)
LABELS = {
    RED: "Red",
    AMBER: "Amber",
    GREEN: "Green",
    COMPLETE: "Complete",
    UNEVIDENCED: "No evidence yet",
    NONE: "No data",
}


@dataclass(frozen=True)
class Rag:
    colour: str
    rule: str  # the rule code that decided it
    reason: str  # plain words, shown beside the colour

    @property
    def label(self) -> str:
        if self.rule == "T-NONE":  # a theme with nothing to judge yet: not a gap in the data
            return "No actions yet"
        return LABELS[self.colour]


def _n(value: float) -> str:
    return f"{value:,.1f}".removesuffix(".0")


def measure_rag(
    value: float | None,
    expected: float | None,
    polarity: str,
    tolerance: float,
    value_text: str | None = None,
) -> Rag:
    """`value_text` stands for the value in the reason ("c" when it rests on 1 to 4 children: the
    reason reaches every reader and the history, so it must not carry a small number)."""
    if value is None or expected is None or polarity == "neutral":
        return Rag(NONE, "M-NONE", "no value or no target to compare with")
    shown = value_text if value_text is not None else _n(value)
    behind = (expected - value) if polarity == "higher_is_better" else (value - expected)
    if behind <= 0:
        return Rag(GREEN, "M-GREEN", f"{shown} meets the expected {_n(expected)}")
    if behind <= tolerance:
        return Rag(
            AMBER, "M-AMBER", f"{shown} is behind the expected {_n(expected)}, within tolerance"
        )
    return Rag(
        RED,
        "M-RED",
        f"{shown} is behind the expected {_n(expected)} by more than {_n(tolerance)}",
    )


def action_rag(
    *, complete: bool, due: dt.date, today: dt.date, evidenced: bool, measure: Rag | None = None
) -> Rag:
    measure_colour = measure.colour if measure else NONE
    if complete and evidenced:
        return Rag(COMPLETE, "A-COMPLETE", "complete, with evidence")
    if due < today:
        return Rag(RED, "A-RED-OVERDUE", f"overdue since {due:%d %B %Y}")
    if measure_colour == RED:
        return Rag(RED, "A-RED-MEASURE", f"measure off trajectory: {measure.reason}")  # type: ignore[union-attr]
    if not evidenced and (due - today).days <= DUE_SOON_DAYS:
        return Rag(AMBER, "A-AMBER-DUE", f"due {due:%d %B %Y} with no evidence yet")
    if measure_colour == AMBER:
        return Rag(AMBER, "A-AMBER-MEASURE", f"measure behind trajectory: {measure.reason}")  # type: ignore[union-attr]
    if evidenced:
        return Rag(GREEN, "A-GREEN", "on track, with evidence")
    return Rag(UNEVIDENCED, "A-UNEVIDENCED", "on track, no evidence yet")


def worst(rags: list[Rag]) -> Rag:
    """The worst of several RAGs (a theme from its actions); no actions gives no RAG."""
    for colour in SEVERITY:
        for rag in rags:
            if rag.colour == colour:
                return Rag(colour, "T-WORST", f"worst action: {rag.reason}")
    return Rag(NONE, "T-NONE", "no actions yet")


def overridden(computed: Rag, override: str, reason: str) -> Rag:
    """The RAG shown: the owner's override (with its reason) when there is one."""
    if not override:
        return computed
    return Rag(override, "OVERRIDE", reason)
