"""Every compliance event has a name in words for the pages and lists."""

from sightline.compliance import events
from sightline.compliance.names import EVENT_NAMES, event_name


def test_every_event_is_named():
    assert set(events()) <= set(EVENT_NAMES)


def test_abbreviations_are_spelled_out():
    assert event_name("icpc") == "Initial child protection conference"
    assert event_name("sdq") == "Strengths and difficulties questionnaire"
