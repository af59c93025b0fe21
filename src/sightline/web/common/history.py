"""The one way to record and read the history of a record, for every area."""

from __future__ import annotations

from sightline.web.common.models import Change


def who(user) -> str:
    """How a change names the person who made it ("system" for seeding and jobs)."""
    return user.get_username() if user is not None else "system"


def record(
    item,
    item_type: str,
    field: str,
    before,
    after,
    *,
    by: str,
    reason: str = "",
    version: int | None = None,
) -> Change:
    """Record one change to `item` (any saved model instance)."""
    return Change.objects.create(
        item_type=item_type,
        item_id=item.pk,
        item_label=str(item)[:300],
        field=field,
        before="" if before is None else str(before),
        after="" if after is None else str(after),
        reason=reason,
        version=version,
        by=by,
    )


def history(item_type: str | None = None, item_id: int | None = None, limit: int = 200):
    """Changes newest first: all, of one kind of record, or of one record."""
    changes = Change.objects.all()
    if item_type:
        changes = changes.filter(item_type=item_type)
    if item_id is not None:
        changes = changes.filter(item_id=item_id)
    return list(changes[:limit])


def changes_since(item_type: str, item_id: int, version: int) -> list[Change]:
    """The changes made to a record after `version`, oldest first (shown on a refused save)."""
    return list(
        Change.objects.filter(item_type=item_type, item_id=item_id, version__gt=version).order_by(
            "at", "id"
        )
    )
