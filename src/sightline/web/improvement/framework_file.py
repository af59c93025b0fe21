"""Reading a framework file (YAML or JSON) into plain data, with plain-words errors.

The shape (see frameworks/seven_tests.yaml, the default):

    name: The commissioners' seven tests
    description: ...
    themes:
      - code: corporate            # unique within the file; letters, digits, - and _
        title: A well-functioning corporate service
        lead: Chief executive      # the accountable lead's title
        description: ...
        priorities:                # optional
          - title: ...
            actions:               # optional
              - title: ...
                due: 2026-03-31
                owner: Director of children's services
                measure: referrals # optional: an indicator id, tied to a measure of the theme
            milestones:
              - {title: ..., due: 2026-01-31}
        measures:                  # optional
          - indicator: referrals
            target: 500
            tolerance: 25
            trajectory: {2025: 600, 2026: 550}
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from sightline.indicators import registry

DEFAULT = Path(__file__).resolve().parent / "frameworks" / "seven_tests.yaml"
CODE = re.compile(r"^[A-Za-z0-9_-]{1,50}$")


class FrameworkFileError(ValueError):
    """The file cannot be used; the message says what and where."""


@dataclass
class _Reader:
    where: str

    def need(self, mapping: dict, key: str, where: str) -> object:
        value = mapping.get(key) if isinstance(mapping, dict) else None
        if value in (None, "", []):
            raise FrameworkFileError(f"{self.where}: {where} has no '{key}'")
        return value


def parse(text: str, name: str = "framework file") -> dict:
    """Parse and check a framework file's text; returns the checked data."""
    try:
        data = json.loads(text) if name.lower().endswith(".json") else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as error:
        raise FrameworkFileError(f"{name}: not valid YAML or JSON ({error})") from None
    if not isinstance(data, dict):
        raise FrameworkFileError(f"{name}: expected a mapping with 'name' and 'themes'")
    check = _Reader(name)
    check.need(data, "name", "the framework")
    themes = check.need(data, "themes", "the framework")
    if not isinstance(themes, list):
        raise FrameworkFileError(f"{name}: 'themes' must be a list")
    from sightline.web.common.measures import all_measures

    known = {i.id for i in registry.indicators()} | {m.indicator.id for m in all_measures()}
    codes: set[str] = set()
    for n, theme in enumerate(themes, start=1):
        where = f"theme {n}"
        code = str(check.need(theme, "code", where))
        check.need(theme, "title", where)
        if not CODE.match(code):
            raise FrameworkFileError(
                f"{name}: {where} code '{code}' may use only letters, digits, '-' and '_'"
            )
        if code in codes:
            raise FrameworkFileError(f"{name}: {where} repeats the code '{code}'")
        codes.add(code)
        for m, measure in enumerate(theme.get("measures") or [], start=1):
            mwhere = f"{where} ({code}) measure {m}"
            indicator = str(check.need(measure, "indicator", mwhere))
            if indicator not in known:
                raise FrameworkFileError(
                    f"{name}: {mwhere} names an unknown indicator '{indicator}'"
                )
            for key in ("target", "tolerance"):
                _number(measure.get(key), name, f"{mwhere} {key}")
            for year, value in (measure.get("trajectory") or {}).items():
                if not str(year).isdigit():
                    raise FrameworkFileError(
                        f"{name}: {mwhere} trajectory year '{year}' is not a year"
                    )
                _number(value, name, f"{mwhere} trajectory {year}")
        for p, priority in enumerate(theme.get("priorities") or [], start=1):
            pwhere = f"{where} ({code}) priority {p}"
            check.need(priority, "title", pwhere)
            for a, action in enumerate(priority.get("actions") or [], start=1):
                awhere = f"{pwhere} action {a}"
                check.need(action, "title", awhere)
                action["due"] = _date(check.need(action, "due", awhere), name, awhere)
            for s, milestone in enumerate(priority.get("milestones") or [], start=1):
                swhere = f"{pwhere} milestone {s}"
                check.need(milestone, "title", swhere)
                milestone["due"] = _date(check.need(milestone, "due", swhere), name, swhere)
    return data


def read(path: Path) -> dict:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise FrameworkFileError(f"{path}: cannot be read ({error})") from None
    return parse(text, path.name)


def _number(value: object, name: str, where: str) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise FrameworkFileError(f"{name}: {where} must be a number, not '{value}'")


def _date(value: object, name: str, where: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise FrameworkFileError(
            f"{name}: {where} due date '{value}' is not a date like 2026-03-31"
        ) from None
