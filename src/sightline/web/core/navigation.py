"""The service navigation: one entry per area, shown only to users with its capability.

To add an area, append a NavItem (see docs/web-app.md). `prefix` marks the entry as current for
every page under it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sightline.web.accounts.roles import Capability


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    capability: Capability
    prefix: str


ITEMS: list[NavItem] = [
    NavItem("Performance", "performance:scorecard", Capability.VIEW_AGGREGATES, "/performance/"),
    NavItem("Compliance", "compliance:summary", Capability.VIEW_AGGREGATES, "/compliance/"),
    NavItem("Benchmarks", "benchmarks:index", Capability.VIEW_AGGREGATES, "/benchmarks/"),
    NavItem("Improvement", "improvement:plan", Capability.VIEW_AGGREGATES, "/improvement/"),
    NavItem("Governance", "governance:index", Capability.VIEW_AGGREGATES, "/governance/"),
    NavItem("Imports", "imports:index", Capability.VIEW_IMPORTS, "/imports/"),
    NavItem("Access log", "accesslog:search", Capability.VIEW_ACCESS_LOG, "/access-log/"),
]
