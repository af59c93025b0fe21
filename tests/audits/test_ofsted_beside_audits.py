"""Audit grades beside the council's published Ofsted judgements, in words."""

from __future__ import annotations

import datetime as dt

from sightline.audits import ofsted
from sightline.audits.ofsted import AuditedCase, Judgements


def test_the_latest_published_judgements_are_read_by_council_name():
    rotherham = ofsted.latest("Rotherham")
    assert rotherham is not None
    assert rotherham.inspected == dt.date(2022, 6, 27)
    assert rotherham.grades["overall"] == "good"
    assert rotherham.grades["care_leavers"] is None  # judged only from 2023
    barnet = ofsted.latest("barnet")
    assert barnet is not None and barnet.grades["in_care"] == "outstanding"
    assert ofsted.latest("Synthetic council 999") is None


def _cases() -> list[AuditedCase]:
    return [
        AuditedCase("cp", "good", {"oversight": "good"}),
        AuditedCase("cin", "requires_improvement", {"oversight": "inadequate"}),
        AuditedCase("cin", "inadequate", {"oversight": "requires_improvement"}),
        AuditedCase("cla", "good", {}),
    ]


def test_each_area_counts_the_audits_that_speak_to_it():
    good = Judgements("Here", dt.date(2022, 6, 27), None, dict.fromkeys(
        ("overall", "help_and_protection", "in_care", "leaders", "care_leavers"), "good"))  # fmt: skip
    found = {c.area: c for c in ofsted.compare(good, _cases())}
    assert found["overall"].counts == {"outstanding": 0, "good": 2,
                                       "requires_improvement": 1, "inadequate": 1}  # fmt: skip
    assert (
        found["help_and_protection"].audits == 3
        and found["help_and_protection"].good_or_better == 1
    )
    assert found["in_care"].audits == 1 and found["leaders"].audits == 3
    assert found["care_leavers"].audits == 0
    words = found["help_and_protection"].words
    assert words.startswith("Ofsted judged the experiences and progress of children who need help")
    assert "33% of audits of children in need and on child protection plans (1 of 3)" in words
    assert "below the standard Ofsted found" in words
    assert "no audits to set beside it" in found["care_leavers"].words


def test_audits_kinder_than_the_inspectorate_are_called_out():
    weak = Judgements("Here", None, None, {"overall": "requires_improvement"})
    overall = ofsted.compare(weak, [AuditedCase("cin", "good"), AuditedCase("cp", "outstanding"),
                                    AuditedCase("cla", "inadequate")])[0]  # fmt: skip
    assert "67%" in overall.words and "check the audits' calibration" in overall.words
    agree = ofsted.compare(weak, [AuditedCase("cin", "requires_improvement")])[0]
    assert "point the same way" in agree.words


def test_without_published_judgements_the_audits_stand_alone():
    overall = ofsted.compare(None, [AuditedCase("cin", "good")])[0]
    assert overall.judgement is None and "100%" in overall.words
    assert overall.words.startswith("Ofsted publishes no judgement of overall effectiveness")
