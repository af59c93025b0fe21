from __future__ import annotations

from sightline.web.core.navigation import items_for


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    from sightline.web.accounts.roles import Capability

    return {
        "nav_items": items_for(user, request.path),
        "can_find_child": user.can(Capability.VIEW_CHILDREN),
    }


def council(request) -> dict:
    """The council the app shows, named in every page's header ("Rotherham (372)"); when returns
    for several councils are imported and none is set, why no figures show and what to do."""
    from sightline.web.core import engine
    from sightline.web.core.templatetags.sightline import council_name

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"council_label": "", "council_problem": ""}
    try:
        code = engine.council()
        problem = "" if code else engine.council_problem()
    except Exception:  # a store that cannot be read must not break every page's header
        return {"council_label": "", "council_problem": ""}
    return {"council_label": council_name(code) if code else "", "council_problem": problem}
