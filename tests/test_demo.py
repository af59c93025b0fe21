"""`make demo` shows its own council, whatever else is uploaded into it."""

from pathlib import Path

from sightline.demo import web_environment


def test_the_demo_pins_its_council():
    env = web_environment(Path("/tmp/home"), {"code": "372", "like": "372", "years": [2024, 2025]})
    assert env["SIGHTLINE_COUNCIL"] == "372"
    assert env["SIGHTLINE_TODAY"] == "2025-03-31"
