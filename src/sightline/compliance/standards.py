"""The timescales a council's cases are checked against: national ones and the council's own."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

import yaml

DEFAULTS_FILE = Path(__file__).with_name("default_standards.yaml")


class StandardsError(ValueError):
    """A standards file cannot be used (the message says what and where)."""


@dataclass(frozen=True)
class Standards:
    strategy_discussion_working_days: int = 1
    first_core_group_working_days: int = 10
    cp_visit_working_days: int = 10
    cin_visit_working_days: int = 20
    referral_decision_working_days: int = 1
    assessment_working_days: int = 45
    icpc_working_days: int = 15
    first_cp_review_months: int = 3
    cp_review_months: int = 6
    first_cla_review_working_days: int = 20
    second_cla_review_months: int = 3
    cla_review_months: int = 6
    cla_first_visit_days: int = 7
    cla_visit_weeks_first_year: int = 6
    cla_visit_months_long_term: int = 3
    interim_order_at_home_visit_weeks: int = 4
    care_order_at_home_visit_weeks: int = 6
    initial_health_assessment_working_days: int = 20
    review_health_months_under_5: int = 6
    review_health_months_5_and_over: int = 12
    sdq_months: int = 12
    pep_start_working_days: int = 10
    care_leaver_needs_assessment_months: int = 3
    pathway_plan_review_months: int = 6
    ofsted_draft_plan_working_days: int = 20
    ofsted_final_plan_working_days: int = 70
    one_off_listing_days: int = 90
    inadequate_report_date: dt.date | None = None

    @classmethod
    def load(cls, path: Path | str | None = None) -> Standards:
        """The defaults, with a council's file (YAML) laid over them."""
        standards = cls._from_mapping(_read(DEFAULTS_FILE), DEFAULTS_FILE)
        if path is not None:
            standards = standards._overlay(_read(Path(path)), Path(path))
        return standards

    @classmethod
    def _from_mapping(cls, values: dict[str, Any], where: Path) -> Standards:
        return cls()._overlay(values, where)

    def _overlay(self, values: dict[str, Any], where: Path) -> Standards:
        known = {f.name: f for f in fields(self)}
        changes: dict[str, Any] = {}
        for key, value in values.items():
            if key not in known:
                raise StandardsError(f"{where}: unknown standard {key!r}")
            if key == "inadequate_report_date":
                if value is not None and not isinstance(value, dt.date):
                    raise StandardsError(
                        f"{where}: {key} must be a date (YYYY-MM-DD), not {value!r}"
                    )
            elif not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise StandardsError(
                    f"{where}: {key} must be a whole number of days, weeks or months, not {value!r}"
                )
            changes[key] = value
        return replace(self, **changes)


def _read(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise StandardsError(f"{path}: no such standards file") from None
    except yaml.YAMLError as error:
        raise StandardsError(f"{path}: not valid YAML ({error})") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise StandardsError(f"{path}: expected 'name: value' lines")
    return data
