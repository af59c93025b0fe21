"""Single sign-on settings, read from the environment (docs/deploying.md, "Single sign-on").
Pure: no Django model import, so settings.py and the tests call the same function.

Single sign-on is on when SIGHTLINE_OIDC_ISSUER is set:

- SIGHTLINE_OIDC_ISSUER: the identity provider's issuer, exactly as its discovery document names
  it (Entra ID: https://login.microsoftonline.com/<tenant id>/v2.0);
- SIGHTLINE_OIDC_DISCOVERY_URL: its discovery document (default: the issuer +
  /.well-known/openid-configuration), read when someone first signs in, not at start-up;
- SIGHTLINE_OIDC_CLIENT_ID, SIGHTLINE_OIDC_CLIENT_SECRET: the app registration;
- SIGHTLINE_OIDC_GROUPS_CLAIM: the ID token claim listing the user's groups (default "groups");
- SIGHTLINE_OIDC_ROLE_GROUPS: which group gives which role, "group=role" pairs separated by
  commas or new lines (Entra sends group object IDs); a user in several takes the first listed;
- SIGHTLINE_OIDC_TEAM_GROUPS: which group gives which team ("group=Team name"); when set, a
  user's teams follow their groups at each sign-in; unset, administrators set teams in the app;
- SIGHTLINE_OIDC_USERNAME_CLAIM: the claim that names the user (default "preferred_username");
- SIGHTLINE_OIDC_SIGN_ALGO: the ID token's signing algorithm (default RS256);
- SIGHTLINE_OIDC_BUTTON: the words on the sign-in page's button;
- SIGHTLINE_OIDC_TRUSTS_PROVIDER_MFA: "1" when the provider itself requires multi-factor sign-in
  for Sightline (Entra ID: a Conditional Access policy), so a single sign-on session counts as
  two-factor even when the ID token's `amr` claim does not say "mfa" (default "0");
- SIGHTLINE_OIDC_SIGN_OUT_AT_PROVIDER: "1" (the default) to end the provider's session too when a
  single sign-on user signs out of Sightline (RP-initiated logout, where the provider's discovery
  document names an end_session_endpoint); "0" to end Sightline's session only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sightline.web.accounts.roles import Role

BACKEND = "sightline.web.accounts.sso.SingleSignOnOIDCBackend"


class SSOConfigError(ValueError):
    """A single sign-on setting that cannot be used, in plain words."""


@dataclass(frozen=True)
class SSOConfig:
    issuer: str
    discovery_url: str
    client_id: str
    client_secret: str
    groups_claim: str = "groups"
    username_claim: str = "preferred_username"
    sign_algo: str = "RS256"
    role_groups: tuple[tuple[str, Role], ...] = ()
    team_groups: tuple[tuple[str, str], ...] | None = None
    button: str = "Sign in with your council account"
    scopes: str = "openid email profile"
    trusts_provider_mfa: bool = False
    sign_out_at_provider: bool = True

    def role_for(self, groups: list[str]) -> Role | None:
        """The role the user's groups give: the first mapping (in the order configured) whose
        group the user is in; None when no group gives a role."""
        held = set(groups)
        for group, role in self.role_groups:
            if group in held:
                return role
        return None

    def teams_for(self, groups: list[str]) -> set[str] | None:
        """The teams the user's groups give; None when teams are not managed by groups."""
        if self.team_groups is None:
            return None
        held = set(groups)
        return {team for group, team in self.team_groups if group in held}


def _pairs(name: str, text: str) -> list[tuple[str, str]]:
    pairs = []
    for raw in text.replace("\n", ",").split(","):
        item = raw.strip()
        if not item:
            continue
        group, sep, value = item.rpartition("=")
        if not sep or not group.strip() or not value.strip():
            raise SSOConfigError(f"{name}: {item!r} is not in the form group=value")
        pairs.append((group.strip(), value.strip()))
    return pairs


def _role(name: str, text: str) -> Role:
    words = text.strip().lower().replace(" ", "_").replace("-", "_")
    try:
        return Role(words)
    except ValueError:
        known = ", ".join(r.value for r in Role)
        raise SSOConfigError(f"{name}: {text!r} is not a role (roles: {known})") from None


def _yes_no(name: str, text: str) -> bool:
    words = text.strip().lower()
    if words in ("", "0", "no", "false", "off"):
        return False
    if words in ("1", "yes", "true", "on"):
        return True
    raise SSOConfigError(f"{name}: {text!r} is neither 1 nor 0")


def sso_config(environ: Mapping[str, str]) -> SSOConfig | None:
    """The single sign-on configuration, or None when SIGHTLINE_OIDC_ISSUER is not set."""
    issuer = environ.get("SIGHTLINE_OIDC_ISSUER", "").strip()
    if not issuer:
        return None
    client_id = environ.get("SIGHTLINE_OIDC_CLIENT_ID", "").strip()
    secret = environ.get("SIGHTLINE_OIDC_CLIENT_SECRET", "").strip()
    for name, value in (("SIGHTLINE_OIDC_CLIENT_ID", client_id),
                        ("SIGHTLINE_OIDC_CLIENT_SECRET", secret)):  # fmt: skip
        if not value:
            raise SSOConfigError(f"{name} is needed when SIGHTLINE_OIDC_ISSUER is set")
    roles_text = environ.get("SIGHTLINE_OIDC_ROLE_GROUPS", "")
    role_groups = tuple(
        (group, _role("SIGHTLINE_OIDC_ROLE_GROUPS", role))
        for group, role in _pairs("SIGHTLINE_OIDC_ROLE_GROUPS", roles_text)
    )
    if not role_groups:
        raise SSOConfigError(
            "SIGHTLINE_OIDC_ROLE_GROUPS is needed when SIGHTLINE_OIDC_ISSUER is set: which "
            "identity provider group gives which role (group=role, separated by commas)"
        )
    teams_text = environ.get("SIGHTLINE_OIDC_TEAM_GROUPS")
    team_groups = (
        tuple(_pairs("SIGHTLINE_OIDC_TEAM_GROUPS", teams_text)) if teams_text is not None else None
    )
    discovery = environ.get("SIGHTLINE_OIDC_DISCOVERY_URL", "").strip() or (
        issuer.rstrip("/") + "/.well-known/openid-configuration"
    )
    algo = environ.get("SIGHTLINE_OIDC_SIGN_ALGO", "").strip() or "RS256"
    if not algo.startswith(("RS", "ES", "PS")):
        raise SSOConfigError(
            f"SIGHTLINE_OIDC_SIGN_ALGO: {algo!r}: only public-key algorithms (RS256, ES256, "
            "PS256...) are accepted, so the token is checked against the provider's keys"
        )
    return SSOConfig(
        issuer=issuer,
        discovery_url=discovery,
        client_id=client_id,
        client_secret=secret,
        groups_claim=environ.get("SIGHTLINE_OIDC_GROUPS_CLAIM", "").strip() or "groups",
        username_claim=environ.get("SIGHTLINE_OIDC_USERNAME_CLAIM", "").strip()
        or "preferred_username",
        sign_algo=algo,
        role_groups=role_groups,
        team_groups=team_groups,
        button=environ.get("SIGHTLINE_OIDC_BUTTON", "").strip()
        or "Sign in with your council account",
        trusts_provider_mfa=_yes_no(
            "SIGHTLINE_OIDC_TRUSTS_PROVIDER_MFA",
            environ.get("SIGHTLINE_OIDC_TRUSTS_PROVIDER_MFA", ""),
        ),
        sign_out_at_provider=_yes_no(
            "SIGHTLINE_OIDC_SIGN_OUT_AT_PROVIDER",
            environ.get("SIGHTLINE_OIDC_SIGN_OUT_AT_PROVIDER", "1"),
        ),
    )


def oidc_settings(environ: Mapping[str, str]) -> dict:
    """The Django settings single sign-on adds (mozilla-django-oidc's names)."""
    config = sso_config(environ)
    backends = ["sightline.web.accounts.backends.PasswordBackend"]
    if config is None:
        return {"SIGHTLINE_SSO": None, "AUTHENTICATION_BACKENDS": backends}
    return {
        "SIGHTLINE_SSO": config,
        "AUTHENTICATION_BACKENDS": [*backends, BACKEND],
        "OIDC_RP_CLIENT_ID": config.client_id,
        "OIDC_RP_CLIENT_SECRET": config.client_secret,
        "OIDC_RP_SIGN_ALGO": config.sign_algo,
        "OIDC_RP_SCOPES": config.scopes,
        "OIDC_USE_NONCE": True,
        "OIDC_USE_PKCE": True,
        "OIDC_AUTHENTICATION_CALLBACK_URL": "sso:callback",
        "OIDC_TIMEOUT": 15,
        # kept in the session (server-side) as the hint for signing out at the provider
        "OIDC_STORE_ID_TOKEN": True,
        "OIDC_STORE_ACCESS_TOKEN": False,
    }
