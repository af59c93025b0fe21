"""Writes for performance: targets."""

from __future__ import annotations

from sightline.web.performance.models import Target


def target_set(indicator_id: str, value: float, user, note: str = "") -> Target:
    target, _ = Target.objects.update_or_create(
        indicator_id=indicator_id, defaults={"value": value, "set_by": user, "note": note}
    )
    return target


def target_clear(indicator_id: str) -> None:
    Target.objects.filter(indicator_id=indicator_id).delete()
