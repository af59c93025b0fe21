"""Which roles must sign in with a second factor (a TOTP code from an authenticator app).

Read from SIGHTLINE_TWO_FACTOR_ROLES by settings.py: comma-separated role names (as in
`accounts/roles.py`, e.g. "administrator,team_manager"), or "none". Unset: every role that sees
child-level data. Pure (no Django), so settings.py and the tests call the same function.
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

from sightline.web.accounts.roles import ROLE_CAPABILITIES, Capability, Role

CHILD_LEVEL_ROLES = tuple(
    role.value for role, caps in ROLE_CAPABILITIES.items() if Capability.VIEW_CHILDREN in caps
)


def two_factor_roles(text: str | None) -> list[str]:
    """The role names that need two-factor sign-in; a mistyped name stops start-up."""
    if text is None or not text.strip():
        return list(CHILD_LEVEL_ROLES)
    if text.strip().lower() == "none":
        return []
    names = [name.strip() for name in text.split(",") if name.strip()]
    known = {role.value for role in Role}
    for name in names:
        if name not in known:
            raise ImproperlyConfigured(
                f"SIGHTLINE_TWO_FACTOR_ROLES: {name!r} is not a role "
                f"(roles are: {', '.join(sorted(known))}; or 'none')"
            )
    return names
