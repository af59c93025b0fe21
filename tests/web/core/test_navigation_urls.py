"""The menu's links follow the address the site is served under, though each is worked out once."""

from __future__ import annotations

from django.urls import reverse, set_script_prefix

from sightline.web.core.navigation import items_for


def test_the_menu_links_carry_the_prefix_the_site_is_served_under(make_user):
    from sightline.web.accounts.roles import Role

    user = make_user(Role.PERFORMANCE_ANALYST)
    plain = {i["label"]: i["url"] for i in items_for(user, "/")}
    assert plain and all(url.startswith("/") for url in plain.values())
    try:
        set_script_prefix("/sightline/")
        under = {i["label"]: i["url"] for i in items_for(user, "/")}
    finally:
        set_script_prefix("/")
    assert under == {label: "/sightline" + url for label, url in plain.items()}
    assert {i["label"]: i["url"] for i in items_for(user, "/")} == plain
    assert plain["Performance"] == reverse("performance:scorecard")
