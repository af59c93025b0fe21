"""Rounding and formatting figures as DfE publishes them: half up (89.5 -> 90, 40.65 -> 40.7),
never Python's round-half-even (`round(88.5) == 88`), and never binary float formatting
(`f"{2.675:.2f}" == "2.67"`). The one place figures are rounded for people to read."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def round_half_up(value: float, decimals: int) -> float:
    """`value` rounded half up to `decimals` places, read from its shortest decimal form."""
    step = Decimal(1).scaleb(-decimals)
    return float(Decimal(repr(float(value))).quantize(step, rounding=ROUND_HALF_UP))


def format_figure(value: float, decimals: int, thousands: bool = False) -> str:
    """The figure as text at `decimals` places, rounded half up."""
    step = Decimal(1).scaleb(-decimals)
    number = Decimal(repr(float(value))).quantize(step, rounding=ROUND_HALF_UP)
    return f"{number:,.{decimals}f}" if thousands else f"{number:.{decimals}f}"


def median_decimals(value: float, decimals: int) -> int:
    """Places to show a median at: the indicator's, or one more when the median falls between two
    published figures (the median of 94 and 95 is 94.5, not 94 or 95)."""
    scaled = Decimal(repr(float(value))).scaleb(decimals)
    return decimals if scaled == scaled.to_integral_value() else decimals + 1
