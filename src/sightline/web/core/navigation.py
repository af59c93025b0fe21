"""The service navigation: every area's entries (declared in its AppConfig, see common.areas),
shown only to users holding the entry's capability, marked current for every page under its prefix.
"""

from __future__ import annotations

import functools

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

from sightline.web.common.areas import nav_entries


def items_for(user, path: str) -> list[dict]:
    items = []
    for entry, prefix in nav_entries():
        if not user.can(entry.capability):
            continue
        url = _url(get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF, entry.url_name)
        if url is None:
            continue  # an area not mounted in this deployment
        items.append({"label": entry.label, "url": url, "current": path.startswith(prefix)})
    return items


@functools.lru_cache(maxsize=256)
def _url(prefix: str, urlconf: str, name: str) -> str | None:
    """An entry's address, worked out once for the prefix the site is served under and its URLs
    (every page shows the menu: a `reverse` an entry each time was a tenth of a page's own work)."""
    try:
        return reverse(name, urlconf=urlconf)
    except NoReverseMatch:
        return None
