"""Optimistic versions: a form carries the version it was opened at, and a save based on an older
version is refused with the changes made since, rather than silently overwriting them."""

from __future__ import annotations

from django.db.models import F

from sightline.web.common.history import changes_since
from sightline.web.common.models import Change


class StaleEdit(ValueError):
    """Someone else saved the record after this edit began; `changes` are theirs."""

    def __init__(self, item, changes: list[Change], kind: str = "item"):
        self.item = item
        self.changes = changes
        who = ", ".join(sorted({c.by for c in changes})) or "someone else"
        super().__init__(
            f"Not saved: {who} changed this {kind} after you opened it. "
            "Their changes are shown below; review them and make your change again."
        )


def check_version(item, based_on: int, item_type: str, kind: str | None = None) -> None:
    """Raise StaleEdit unless `item` (read under select_for_update) is still at `based_on`."""
    if item.version != based_on:
        raise StaleEdit(item, changes_since(item_type, item.pk, based_on), kind or item_type)


def save_at_version(item, based_on: int, item_type: str, fields: dict, kind: str | None = None):
    """Write `fields` and move the version on, only if the row is still at `based_on` (a guard
    beyond the row lock: the UPDATE itself names the version read). Returns the fresh item."""
    model = type(item)
    updated = model.objects.filter(pk=item.pk, version=based_on).update(
        **fields, version=F("version") + 1
    )
    if not updated:
        raise StaleEdit(item, changes_since(item_type, item.pk, based_on), kind or item_type)
    item.refresh_from_db()
    return item
