"""The quality scale audits grade on: Ofsted's four points, best first."""

from __future__ import annotations

OUTSTANDING, GOOD, REQUIRES_IMPROVEMENT, INADEQUATE = (
    "outstanding",
    "good",
    "requires_improvement",
    "inadequate",
)
GRADES: tuple[str, ...] = (OUTSTANDING, GOOD, REQUIRES_IMPROVEMENT, INADEQUATE)
LABELS: dict[str, str] = {
    OUTSTANDING: "Outstanding",
    GOOD: "Good",
    REQUIRES_IMPROVEMENT: "Requires improvement to be good",
    INADEQUATE: "Inadequate",
}
GOOD_OR_BETTER = frozenset({OUTSTANDING, GOOD})


def is_good_or_better(grade: str | None) -> bool:
    return grade in GOOD_OR_BETTER


def label(grade: str | None) -> str:
    return LABELS.get(grade or "", "Not graded")
