"""What every web area declares about itself, and how the project finds the areas.

An area is a Django app whose AppConfig subclasses `AreaConfig` and sets:

    class AuditsConfig(AreaConfig):
        name = "sightline.web.audits"
        label = "audits"
        url_prefix = "audits/"                       # mounted there, in the namespace "audits"
        nav = (NavEntry("Audits", "audits:index", "run_audits", order=60),)

Adding the app to INSTALLED_APPS is then the only other step: `sightline.web.urls` mounts every
area's urls module under its prefix and the service navigation lists every area's entries (shown to
users holding the entry's capability), in `order`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import AppConfig, apps


@dataclass(frozen=True)
class NavEntry:
    label: str
    url_name: str
    capability: str  # a sightline.web.accounts.roles.Capability value
    order: int = 100
    # Pages under this path mark the entry as current; default: the area's URL prefix.
    prefix: str = ""


@dataclass(frozen=True)
class ChildPanel:
    """A block an area adds to a child's page (e.g. the child's audits), rendered from `template`
    with the context `context(request, child_id)` returns (None: nothing to show). The child's page
    has already checked the reader may see this child and logged the view."""

    template: str
    context: Callable[..., dict | None]
    order: int = 100


@dataclass(frozen=True)
class WorkItems:
    """Items an area adds to the compliance work list beside the statutory timescales (e.g. the
    actions a case audit raised). `rows(today)` gives rows shaped as the work list's own:
    child_id, event (= `event`), due_date, status (overdue, due_this_week, due_next_week, later),
    days_overdue, team, worker, basis, and `link` (the page where the item is done). The work
    list asks the one decision (accounts.permissions.permitted_children) for every child, as for
    its own rows, so an area's rows are never shown to a reader outside the child's team."""

    event: str
    label: str  # the event in words, as the list's filter and the export name it
    rows: Callable[[dt.date], list[dict]]


class AreaConfig(AppConfig):
    url_prefix: str | None = None  # None: an app with no pages of its own
    nav: tuple[NavEntry, ...] = ()
    # Blocks for a child's page; set in ready() so the callables can import the app's selectors.
    child_panels: tuple[ChildPanel, ...] = ()
    # Items for the compliance work list, and measures kept in the web database for the
    # scorecard and the plan (common.measures.LocalMeasure); set in ready() as child_panels.
    work_items: tuple[WorkItems, ...] = ()
    measures: tuple = ()

    @property
    def urls_module(self) -> str:
        return f"{self.name}.urls"


def areas() -> list[AreaConfig]:
    """The installed areas with pages, in INSTALLED_APPS order."""
    return [
        config
        for config in apps.get_app_configs()
        if isinstance(config, AreaConfig) and config.url_prefix is not None
    ]


def nav_entries() -> list[tuple[NavEntry, str]]:
    """Every area's navigation entries with the path prefix that marks each current."""
    found = [
        (entry, entry.prefix or f"/{config.url_prefix}")
        for config in areas()
        for entry in config.nav
    ]
    return sorted(found, key=lambda pair: pair[0].order)


def child_panels() -> list[ChildPanel]:
    found = [
        panel
        for config in apps.get_app_configs()
        if isinstance(config, AreaConfig)
        for panel in config.child_panels
    ]
    return sorted(found, key=lambda panel: panel.order)


def work_items() -> list[WorkItems]:
    return [
        items
        for config in apps.get_app_configs()
        if isinstance(config, AreaConfig)
        for items in config.work_items
    ]


def measures() -> list:
    """Every area's local measures (common.measures.LocalMeasure), in INSTALLED_APPS order."""
    return [
        measure
        for config in apps.get_app_configs()
        if isinstance(config, AreaConfig)
        for measure in config.measures
    ]
