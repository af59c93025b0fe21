from __future__ import annotations

from django.urls import NoReverseMatch, reverse

from sightline.web.core import navigation as nav


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    for item in nav.ITEMS:
        if not user.can(item.capability):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue  # an area not mounted in this deployment
        items.append(
            {"label": item.label, "url": url, "current": request.path.startswith(item.prefix)}
        )
    return {"nav_items": items}
