"""The service navigation: every area's entries (declared in its AppConfig, see common.areas),
shown only to users holding the entry's capability, marked current for every page under its prefix.
"""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse

from sightline.web.common.areas import nav_entries


def items_for(user, path: str) -> list[dict]:
    items = []
    for entry, prefix in nav_entries():
        if not user.can(entry.capability):
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue  # an area not mounted in this deployment
        items.append({"label": entry.label, "url": url, "current": path.startswith(prefix)})
    return items
