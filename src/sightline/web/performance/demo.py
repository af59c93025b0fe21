"""Targets for the demo council, so the scorecard's RAG column and the plan's measures have
something to judge against. A council sets its own on the indicator pages."""

from __future__ import annotations

from sightline.web.performance.models import Target

# Indicator id -> a target a council in improvement might set (direction from the indicator's
# polarity: a lower-is-better indicator meets its target at or below it).
DEMO_TARGETS: dict[str, float] = {
    "rereferrals": 18.0,
    "assessments_45wd": 90.0,
    "icpc_15wd": 85.0,
    "cpp_subsequent": 20.0,
    "cpp_reviewed": 95.0,
    "cpp_2years": 2.0,
    "stability_3plus": 10.0,
    "stability_long_term": 70.0,
    "sw_3plus": 10.0,
    "health_assessments": 90.0,
    "care_leavers_eet_17_18": 65.0,
    "care_leavers_suitable_17_18": 90.0,
    "vacancy_rate": 12.0,
    "agency_rate": 10.0,
    "turnover_rate": 15.0,
}


def seed_demo_targets() -> int:
    """Set the demo targets that are not set yet (a council's own targets are never overwritten)."""
    made = 0
    for indicator_id, value in DEMO_TARGETS.items():
        _, created = Target.objects.get_or_create(
            indicator_id=indicator_id, defaults={"value": value, "note": "Demo target"}
        )
        made += created
    return made
