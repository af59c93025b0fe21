"""The plan's RAG rules (improvement/rag.py), each with cases that pass and fail it."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from sightline.web.improvement import rag

TODAY = dt.date(2025, 3, 31)
DAY = dt.timedelta(days=1)
ON_TRACK = rag.measure_rag(90, 85, "higher_is_better", 3)
BEHIND = rag.measure_rag(83, 85, "higher_is_better", 3)
OFF = rag.measure_rag(70, 85, "higher_is_better", 3)

# rule code -> cases: (kwargs for action_rag, expected rule)
ACTION_CASES = [
    ({"complete": True, "due": TODAY - 9 * DAY, "evidenced": True}, "A-COMPLETE"),
    ({"complete": True, "due": TODAY - 9 * DAY, "evidenced": False}, "A-RED-OVERDUE"),
    ({"complete": False, "due": TODAY - DAY, "evidenced": True}, "A-RED-OVERDUE"),
    ({"complete": False, "due": TODAY, "evidenced": True}, "A-GREEN"),  # due today is not overdue
    (
        {"complete": False, "due": TODAY + 60 * DAY, "evidenced": True, "measure": OFF},
        "A-RED-MEASURE",
    ),
    ({"complete": False, "due": TODAY + 14 * DAY, "evidenced": False}, "A-AMBER-DUE"),
    ({"complete": False, "due": TODAY + 15 * DAY, "evidenced": False}, "A-UNEVIDENCED"),
    ({"complete": False, "due": TODAY + 5 * DAY, "evidenced": True}, "A-GREEN"),
    (
        {"complete": False, "due": TODAY + 60 * DAY, "evidenced": True, "measure": BEHIND},
        "A-AMBER-MEASURE",
    ),
    (
        {"complete": False, "due": TODAY + 60 * DAY, "evidenced": True, "measure": ON_TRACK},
        "A-GREEN",
    ),
]


@pytest.mark.parametrize(("kwargs", "rule"), ACTION_CASES)
def test_action_rules(kwargs, rule):
    assert rag.action_rag(today=TODAY, **kwargs).rule == rule


@pytest.mark.parametrize(
    ("value", "expected", "polarity", "tolerance", "colour"),
    [
        (85, 85, "higher_is_better", 3, rag.GREEN),
        (82, 85, "higher_is_better", 3, rag.AMBER),
        (81.9, 85, "higher_is_better", 3, rag.RED),
        (14, 15, "lower_is_better", 2, rag.GREEN),
        (17, 15, "lower_is_better", 2, rag.AMBER),
        (17.5, 15, "lower_is_better", 2, rag.RED),
        (None, 15, "lower_is_better", 2, rag.NONE),
        (10, None, "lower_is_better", 2, rag.NONE),
        (10, 12, "neutral", 2, rag.NONE),
    ],
)
def test_measure_rules(value, expected, polarity, tolerance, colour):
    assert rag.measure_rag(value, expected, polarity, tolerance).colour == colour


def test_a_theme_takes_its_worst_actions_rag():
    green = rag.action_rag(complete=False, due=TODAY + 60 * DAY, today=TODAY, evidenced=True)
    red = rag.action_rag(complete=False, due=TODAY - DAY, today=TODAY, evidenced=True)
    done = rag.action_rag(complete=True, due=TODAY, today=TODAY, evidenced=True)
    assert rag.worst([green, done]).colour == rag.GREEN
    assert rag.worst([green, red, done]).colour == rag.RED
    assert rag.worst([]).colour == rag.NONE


def test_an_override_replaces_the_colour_and_keeps_its_reason():
    computed = rag.action_rag(complete=False, due=TODAY - DAY, today=TODAY, evidenced=True)
    shown = rag.overridden(computed, "amber", "agreed extension to May")
    assert (shown.colour, shown.rule, shown.reason) == (
        "amber",
        "OVERRIDE",
        "agreed extension to May",
    )
    assert rag.overridden(computed, "", "") is computed


def test_every_declared_action_rule_has_a_case():
    declared = set(re.findall(r"^  (A-[A-Z-]+)", Path(rag.__file__).read_text(), re.M))
    assert declared == {rule for _, rule in ACTION_CASES}


def test_a_theme_with_no_actions_says_so_and_a_measure_with_no_value_says_no_data():
    """A theme with nothing under it is not a gap in the data: its tag reads "No actions yet"."""
    assert rag.worst([]).label == "No actions yet"
    assert rag.measure_rag(None, 85, "higher_is_better", 3).label == "No data"
