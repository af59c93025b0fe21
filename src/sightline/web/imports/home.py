"""The home page's data panel: what changed with the last import of each return."""

from __future__ import annotations

from django.http import HttpRequest

from sightline import suppression
from sightline.dataset import RETURNS
from sightline.web.accounts.permissions import aggregates_only, has_capability
from sightline.web.accounts.roles import Capability
from sightline.web.core import engine, home
from sightline.web.core.columns import RETURN_NAMES
from sightline.web.imports import selectors


@home.panel(order=40)
def last_imports(request: HttpRequest) -> home.Panel | None:
    if not has_capability(request.user, Capability.VIEW_AGGREGATES):
        return None
    store = engine.store()
    council = engine.council(store)
    if council is None:
        return None
    small = aggregates_only(request.user)
    lines = []
    for return_ in RETURNS:
        snapshot = store.latest(return_, council)
        if snapshot is None:
            continue
        key = ("home-diff", snapshot.id)
        diff = engine.cached(key, lambda s=snapshot: selectors.snapshot_diff(store, s))
        line = {
            "name": RETURN_NAMES.get(return_, return_),
            "snapshot": snapshot,
            "created_at": snapshot.manifest.get("created_at"),
            "year": snapshot.year,
            "first": diff.previous is None,
            "children_after": diff.children_after,
            "children_added": diff.children_added,
            "children_removed": diff.children_removed,
        }
        if small:
            line = suppression.suppress_counts(
                line, ("children_after", "children_added", "children_removed")
            )
        lines.append(line)
    if not lines:
        return None
    return home.Panel(
        "What changed with the last import",
        "imports/_home.html",
        {"lines": lines, "can_see_imports": has_capability(request.user, Capability.VIEW_IMPORTS)},
    )
