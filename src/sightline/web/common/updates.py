"""The model-update helper: set the fields that changed and record each change in the history."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from sightline.web.common.history import record


def shown(item, field: str) -> str:
    """A field's value as the history shows it: choices by their label, users by user name."""
    display = getattr(item, f"get_{field}_display", None)
    if callable(display):
        return str(display())
    value = getattr(item, field)
    if value is None:
        return ""
    if hasattr(value, "get_username"):
        return value.get_username()
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value)


def apply_changes(
    item,
    values: Mapping[str, object],
    fields: Iterable[str],
    *,
    item_type: str,
    by: str,
    labels: Mapping[str, str] | None = None,
    display: Callable[[object, str], str] = shown,
    history_item=None,
    save: bool = True,
) -> list[str]:
    """Set each of `fields` present in `values` on `item`; record every one whose shown value
    changed (under `labels[field]`, default the field name with spaces), against `history_item`
    (default the item itself, e.g. a member's changes go in its body's history). Saves only the
    changed fields. Returns the names of the changed fields."""
    labels = labels or {}
    changed: list[tuple[str, str, str]] = []
    for field in fields:
        if field not in values:
            continue
        before = display(item, field)
        setattr(item, field, values[field])
        after = display(item, field)
        if before != after:
            changed.append((field, before, after))
    if changed and save:
        item.save(update_fields=[f for f, _, _ in changed])
    target = history_item if history_item is not None else item
    for field, before, after in changed:
        record(
            target,
            item_type,
            labels.get(field, field.replace("_", " ")),
            before,
            after,
            by=by,
            version=getattr(item, "version", None) if history_item is None else None,
        )
    return [f for f, _, _ in changed]
