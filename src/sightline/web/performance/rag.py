"""Red, amber, green from a target: green meets it, amber within 5% of it, red further away."""

from __future__ import annotations

AMBER_MARGIN = 0.05


def rag(value: float | None, target: float | None, polarity: str) -> str:
    if value is None or target is None or polarity == "neutral":
        return ""
    gap = (value - target) if polarity == "higher_is_better" else (target - value)
    if gap >= 0:
        return "green"
    if abs(gap) <= abs(target) * AMBER_MARGIN:
        return "amber"
    return "red"
