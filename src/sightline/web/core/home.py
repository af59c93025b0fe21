"""The home page: each area contributes a panel of what needs the reader today.

Apps never import each other, so the home page does not reach into them: each app that has
something for the home page keeps it in its own `home.py`, registering a panel function with
`@home.panel(order)`. Core finds those modules when Django starts (`autodiscover_modules("home")`,
as the admin finds `admin.py`). A panel function takes the request and returns a `Panel`, or None
when it has nothing for this reader (no capability, no data).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest


@dataclass
class Panel:
    title: str
    template: str  # the app's own template, rendered with `context`
    context: dict[str, Any] = field(default_factory=dict)


PanelFunction = Callable[[HttpRequest], Panel | None]
_PANELS: list[tuple[int, str, PanelFunction]] = []


def panel(order: int) -> Callable[[PanelFunction], PanelFunction]:
    """Register a home panel; lower `order` comes first (work due 10, actions 20, meetings 30,
    imports 40)."""

    def register(function: PanelFunction) -> PanelFunction:
        name = f"{function.__module__}.{function.__qualname__}"
        if all(known != name for _, known, _ in _PANELS):  # a module imported twice adds nothing
            _PANELS.append((order, name, function))
            _PANELS.sort(key=lambda entry: (entry[0], entry[1]))
        return function

    return register


def panels(request: HttpRequest) -> list[dict[str, str]]:
    """The reader's panels, each rendered with its own template: [{"title", "html"}]."""
    from django.template.loader import render_to_string

    found = (function(request) for _, _, function in _PANELS)
    return [
        {"title": p.title, "html": render_to_string(p.template, p.context, request)}
        for p in found
        if p is not None
    ]


# --- the digest email ---------------------------------------------------------------------------
# The same areas give the digest its sections, as plain text for one user. A section names no
# child: counts, action titles and meeting names only, with a link to the page that lists them
# (which checks the reader's access and logs the view). Register with `@home.digest_section(order)`.
DigestFunction = Callable[[Any, str], list[str]]  # (user, base URL) -> lines; [] for nothing
_DIGEST: list[tuple[int, str, DigestFunction]] = []


def digest_section(order: int) -> Callable[[DigestFunction], DigestFunction]:
    def register(function: DigestFunction) -> DigestFunction:
        name = f"{function.__module__}.{function.__qualname__}"
        if all(known != name for _, known, _ in _DIGEST):
            _DIGEST.append((order, name, function))
            _DIGEST.sort(key=lambda entry: (entry[0], entry[1]))
        return function

    return register


def digest_lines(user: Any, base_url: str) -> list[str]:
    """The digest's sections for a user, each a block of lines; [] when nothing needs them."""
    lines: list[str] = []
    for _, _, function in _DIGEST:
        section = function(user, base_url)
        if section:
            lines.extend([*section, ""])
    return lines
