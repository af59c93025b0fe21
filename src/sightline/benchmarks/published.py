"""The published statistics shipped with the product, read as text so nothing is lost.

Every cell stays a string until asked for: a number is read as a number, a suppression letter
(c, x, z, k, u, low) or an empty cell is a missing value that keeps its reason. Never zero.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache

from sightline.paths import PUBLISHED

REASONS = {
    "c": "suppressed to protect confidentiality",
    "x": "not available",
    "z": "not applicable",
    "k": "fewer than 0.5 (rounds to zero)",
    "u": "low reliability",
    "low": "low number",
    "": "not published",
}
SN_FILE = "sn_model_2025_wide.csv"


class PublishedError(ValueError):
    """A published file or series cannot be read as asked."""


@dataclass(frozen=True)
class Cell:
    """One published figure: its value, or why there is none, and the text exactly as published."""

    text: str
    value: float | None
    reason: str | None

    @classmethod
    def parse(cls, text: str | None) -> Cell:
        text = (text or "").strip()
        try:
            return cls(text, float(text.replace(",", "")), None)
        except ValueError:
            return cls(text, None, REASONS.get(text.lower(), f"not a number ({text!r})"))

    @classmethod
    def absent(cls) -> Cell:
        return cls("", None, "no row published")


@dataclass(frozen=True)
class Council:
    code: str  # old 3-digit LA code
    name: str
    region: str


@lru_cache(maxsize=32)
def rows(file: str) -> tuple[dict[str, str], ...]:
    path = PUBLISHED / file
    if not path.is_file():
        raise PublishedError(f"no published file {file!r} in {PUBLISHED}")
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return tuple(
            {k.strip(): (v or "").strip() for k, v in row.items() if k}
            for row in csv.DictReader(handle)
        )


@lru_cache(maxsize=1)
def councils() -> tuple[Council, ...]:
    """The councils of the 2025 statistical neighbour model (code, name, region)."""
    return tuple(
        Council(r["old_la_code"], r["la_name"], r["region_name"])
        for r in rows(SN_FILE)
        if r.get("old_la_code")
    )


def council(code: str) -> Council:
    for c in councils():
        if c.code == str(code).strip():
            return c
    raise PublishedError(f"no council with LA code {code!r} in the published statistics")


def neighbours(code: str) -> list[Council]:
    """The council's ten statistical neighbours (2025 model), closest first."""
    row = next((r for r in rows(SN_FILE) if r.get("old_la_code") == str(code).strip()), None)
    if row is None:
        raise PublishedError(f"no council with LA code {code!r} in the statistical neighbour model")
    by_code = {c.code: c for c in councils()}
    return [by_code.get(row[f"SN_{i}"], Council(row[f"SN_{i}"], "", "")) for i in range(1, 11)]
