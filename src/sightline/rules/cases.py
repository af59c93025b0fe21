"""Each rule's passing and failing cases, as data beside the module that declares it.

`<module>_cases.yaml` maps a rule code to `pass:` and `fail:` lists; a case is the rows of the
tables it needs (`{CINdetails: [{CINreferralDate: 2022-05-01, ...}]}`), every other value absent,
and optionally `reference:` (the census date; by default 31 March of the rule set's year). A
passing case gives no finding of the rule, a failing case at least one.
"""

from __future__ import annotations

import importlib
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pyarrow as pa
import yaml

from sightline.rules import engine


@cache
def _cases_of(module: str) -> dict[str, dict[str, list[dict[str, Any]]]]:
    file = importlib.import_module(module).__file__
    assert file is not None
    path = Path(file).with_name(Path(file).stem + "_cases.yaml")
    if not path.exists():
        return {}
    loaded = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(code): value for code, value in loaded.items()}


def cases(rule: engine.Rule) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(passing, failing) cases of a rule, from the case file of the module that declared it."""
    found = _cases_of(rule.origin).get(rule.code, {})
    return list(found.get("pass") or []), list(found.get("fail") or [])


def run_case(return_: str, rule: engine.Rule, case: dict[str, Any]) -> pa.Table:
    """The rule's findings on one case."""
    source = engine.source(return_)
    reference = case.get("reference") or date(rule.since, 3, 31)
    if isinstance(reference, str):
        reference = date.fromisoformat(reference)
    # A case holds what the rule needs (last year's tables, a reference list) where it uses it.
    context = engine.Context(rule.since, reference, "case.xml", frozenset(rule.needs))
    return engine.run(return_, source.case_tables(case), context, {rule.code: rule})
