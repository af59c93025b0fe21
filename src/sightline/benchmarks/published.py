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
    "low": "low: rounds to 0 but is not 0",
    "": "not published",
}
# DfE's symbols for a figure that rounds to 0 but is not 0: it is a published value (0 at the
# published precision), so it counts in the neighbours' median and range, shown as published.
ROUNDS_TO_ZERO = ("k", "low")
SN_FILE = "sn_model_2025_wide.csv"
SN_2021_FILE = "New_Statistical_Neighbour_Groupings_April_2021.csv"
MODELS = ("2025", "2021")


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

    @property
    def ranked(self) -> float | None:
        """The value a median or range ranks it by: a "low" or "k" cell as 0 (DfE: rounds to 0
        but is not 0); a suppressed or unpublished cell not at all."""
        if self.value is not None:
            return self.value
        return 0.0 if self.text.lower() in ROUNDS_TO_ZERO else None

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
    """A council by its old LA code: one of the 2025 model's, else one the published files name
    (a council since reorganised, e.g. Northamptonshire, 928, still has its published years)."""
    code = str(code).strip()
    for c in councils():
        if c.code == code:
            return c
    if code in _published_councils():
        return _published_councils()[code]
    raise PublishedError(f"no council with LA code {code!r} in the published statistics")


@lru_cache(maxsize=1)
def _published_councils() -> dict[str, Council]:
    """Every council a shipped published file has a row for, with its latest name and region."""
    found: dict[str, tuple[str, Council]] = {}
    for path in sorted(PUBLISHED.glob("*.csv")):
        if path.name in (SN_FILE, SN_2021_FILE):
            continue
        for r in rows(path.name):
            code = r.get("old_la_code", "")
            if r.get("geographic_level") != "Local authority" or not code:
                continue
            period = r.get("time_period", "")
            if code not in found or period >= found[code][0]:
                found[code] = (
                    period,
                    Council(code, r.get("la_name", ""), r.get("region_name", "")),
                )
    return {code: c for code, (_, c) in found.items()}


def neighbours(code: str, model: str = "2025") -> list[Council]:
    """The council's ten statistical neighbours, closest first: the 2025 DfE/NFER model, or the
    2021 groupings (`model="2021"`)."""
    if model not in MODELS:
        raise PublishedError(
            f"no statistical neighbour model {model!r} (choose {' or '.join(MODELS)})"
        )
    codes = (
        _sn_2021().get(str(code).strip()) if model == "2021" else _sn_2025().get(str(code).strip())
    )
    if codes is None:
        raise PublishedError(
            f"no council with LA code {code!r} in the {model} statistical neighbour model"
        )
    by_code = {c.code: c for c in councils()}
    names_2021 = _names_2021()
    return [by_code.get(c, Council(c, names_2021.get(c, ""), "")) for c in codes]


@lru_cache(maxsize=1)
def _sn_2025() -> dict[str, list[str]]:
    return {
        r["old_la_code"]: [r[f"SN_{i}"] for i in range(1, 11)]
        for r in rows(SN_FILE)
        if r.get("old_la_code")
    }


@lru_cache(maxsize=1)
def _names_2021() -> dict[str, str]:
    """Councils of the 2021 groupings by code (some, since reorganised, are not in 2025's)."""
    with (PUBLISHED / SN_2021_FILE).open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        next(reader)
        return {row[0].strip(): row[1].strip() for row in reader if row and row[0].strip()}


@lru_cache(maxsize=1)
def _sn_2021() -> dict[str, list[str]]:
    # the 2021 file repeats its "SNP" heading, so its columns are read by position: SN1 is the
    # sixth, each neighbour followed by its closeness
    with (PUBLISHED / SN_2021_FILE).open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        next(reader)
        return {
            row[0].strip(): [row[5 + 2 * i].strip() for i in range(10)]
            for row in reader
            if row and row[0].strip()
        }
