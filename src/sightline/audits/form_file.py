"""Audit forms as configuration: a YAML file of sections, compliance items and themes, checked on
load. `key` and `version` name a form; an audit keeps the version it was begun on."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from sightline.audits.picture import ITEMS

DEFAULT = Path(__file__).parent / "forms" / "case_file_audit.yaml"


class FormFileError(ValueError):
    """A form file that cannot be used; the message says where and why."""


def parse(data: Any, where: str = "the form") -> dict:
    if not isinstance(data, dict):
        raise FormFileError(f"{where}: expected a mapping with key, version, name and sections")
    for name in ("key", "version", "name", "sections"):
        if name not in data:
            raise FormFileError(f"{where}: '{name}' is missing")
    if not isinstance(data["version"], int) or data["version"] < 1:
        raise FormFileError(f"{where}: 'version' must be a whole number of 1 or more")
    sections = data["sections"]
    if not isinstance(sections, list) or not sections:
        raise FormFileError(f"{where}: 'sections' must list at least one section")
    codes = set()
    for i, section in enumerate(sections, start=1):
        if not isinstance(section, dict) or not section.get("code") or not section.get("title"):
            raise FormFileError(f"{where}: section {i} needs a code and a title")
        if section["code"] in codes:
            raise FormFileError(f"{where}: section code '{section['code']}' is used twice")
        codes.add(section["code"])
    unknown = [c for c in data.get("compliance") or [] if c not in ITEMS]
    if unknown:
        raise FormFileError(
            f"{where}: unknown compliance items {', '.join(unknown)} (known: {', '.join(ITEMS)})"
        )
    return {
        "key": str(data["key"]),
        "version": data["version"],
        "name": str(data["name"]),
        "description": str(data.get("description") or ""),
        "compliance": list(data.get("compliance") or []),
        "sections": [
            {"code": s["code"], "title": s["title"], "help": s.get("help") or ""} for s in sections
        ],
        "scaling": bool(data.get("scaling")),
        "themes": [str(t) for t in data.get("themes") or []],
    }


def read(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise FormFileError(f"{path.name}: not valid YAML ({error})") from None
    return parse(data, path.name)
