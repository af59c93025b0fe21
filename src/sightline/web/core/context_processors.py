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
    from sightline.web.accounts.roles import Capability

    return {"nav_items": items, "can_find_child": user.can(Capability.VIEW_CHILDREN)}


def council(request) -> dict:
    """The council the app shows, named in every page's header ("Rotherham (372)")."""
    from sightline.web.core import engine
    from sightline.web.core.templatetags.sightline import council_name

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"council_label": ""}
    code = engine.council()
    return {"council_label": council_name(code) if code else ""}
