"""Single sign-on with OpenID Connect (councils use Microsoft Entra ID), on mozilla-django-oidc.

The authorization code flow with PKCE and a nonce: /accounts/oidc/authenticate/ sends the browser
to the identity provider; it comes back to /accounts/oidc/callback/ with a code, which the server
exchanges for an ID token. The ID token's signature is checked against the provider's published
keys (its discovery document names them), and its issuer, audience and expiry too. Its claims
say who the user is and which groups they are in; the groups give the role (and, when so set up,
the teams), at every sign-in, so a change in the provider takes effect the next time.

A user whose groups give no role is refused with a plain page. Every sign-in is logged by the
accounts app's sign-in signal; every refusal here, with its reason.

The ID token's `amr` claim goes to the sign-in signal, which records it in the session: it says
whether the provider's sign-in counts as two-factor (two_factor.at_provider, decision 0022).

Signing out of a single sign-on session signs out at the provider too (OpenID Connect
RP-initiated logout): Sightline ends its own session, then sends the browser to the provider's
end_session_endpoint (named in its discovery document) with the ID token as hint, the client id,
and the sign-in page to come back to (`sign_out_url`). A council may turn this off
(SIGHTLINE_OIDC_SIGN_OUT_AT_PROVIDER=0), e.g. where ending the provider's session would sign the
user out of their other council applications as well.

Everything is configured from the environment (sso_config.py, docs/deploying.md).
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

import jwt
import requests
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.http import urlencode
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from sightline.web.accounts import two_factor
from sightline.web.accounts.backends import user_by_id
from sightline.web.accounts.models import TeamMembership
from sightline.web.accounts.roles import Role
from sightline.web.accounts.sso_config import SSOConfig

LOGGER = logging.getLogger("sightline.sso")
SESSION_KEY = two_factor.SIGNED_IN_BY  # "single sign-on" for a session opened here
ID_TOKEN_KEY = two_factor.ID_TOKEN  # the provider's ID token (OIDC_STORE_ID_TOKEN), for sign-out

NO_ROLE = "your groups at the identity provider give no Sightline role"
DEACTIVATED = "your Sightline account has been deactivated"
TOO_MANY_GROUPS = (
    "the identity provider sent no list of your groups (you are in too many for the token); "
    "it must be set to send only the groups assigned to Sightline"
)
NO_NAME = "the identity provider did not say who you are"
UNREACHABLE = "the council's sign-in service could not be reached"
NOT_VERIFIED = "the identity provider's answer could not be verified"
CANCELLED = "sign-in was cancelled or refused at the identity provider"


class Refused(Exception):
    """Single sign-on is refused; the reason is in words for the user and the log."""

    def __init__(self, reason: str, username: str = "", detail: str = ""):
        super().__init__(reason)
        self.reason, self.username, self.detail = reason, username, detail


def config() -> SSOConfig | None:
    return getattr(settings, "SIGHTLINE_SSO", None)


def enabled() -> bool:
    return config() is not None


# The provider's discovery document, read when first needed and kept an hour in each process.
_discovery: dict[str, tuple[float, dict]] = {}
_discovery_lock = threading.Lock()
DISCOVERY_SECONDS = 3600


def discovery(conf: SSOConfig) -> dict:
    """The provider's endpoints; Refused when it cannot be read or names another issuer."""
    with _discovery_lock:
        cached = _discovery.get(conf.discovery_url)
        if cached and time.monotonic() - cached[0] < DISCOVERY_SECONDS:
            return cached[1]
    try:
        response = requests.get(conf.discovery_url, timeout=15)
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as error:
        LOGGER.warning("single sign-on: discovery document %s: %s", conf.discovery_url, error)
        raise Refused(UNREACHABLE, detail=f"discovery: {error}"[:500]) from None
    needed = ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri")
    if not isinstance(document, dict) or any(not document.get(k) for k in needed):
        raise Refused(UNREACHABLE, detail="discovery document lacks an endpoint")
    if document["issuer"].rstrip("/") != conf.issuer.rstrip("/"):
        raise Refused(
            NOT_VERIFIED,
            detail=f"discovery names issuer {document['issuer']!r}, not {conf.issuer!r}"[:500],
        )
    with _discovery_lock:
        _discovery[conf.discovery_url] = (time.monotonic(), document)
    return document


def forget_discovery() -> None:
    with _discovery_lock:
        _discovery.clear()


def _groups(claims: dict, conf: SSOConfig) -> list[str]:
    groups = claims.get(conf.groups_claim)
    if groups is None:
        # Entra ID's "group overage": the token points elsewhere instead of listing groups.
        if conf.groups_claim in (claims.get("_claim_names") or {}):
            raise Refused(TOO_MANY_GROUPS)
        return []
    if isinstance(groups, str):
        return [groups]
    return [str(g) for g in groups if g is not None]


class SingleSignOnOIDCBackend(OIDCAuthenticationBackend):
    """Signs in the user the ID token names, creating or updating them from its claims."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Nothing is fetched here: Django builds every backend for every sign-in, passwords too.
        from django.contrib.auth import get_user_model

        self.UserModel = get_user_model()
        conf = config()
        self.OIDC_RP_CLIENT_ID = conf.client_id if conf else ""
        self.OIDC_RP_CLIENT_SECRET = conf.client_secret if conf else ""
        self.OIDC_RP_SIGN_ALGO = conf.sign_algo if conf else "RS256"
        self.OIDC_RP_IDP_SIGN_KEY = None
        self.OIDC_OP_TOKEN_ENDPOINT = self.OIDC_OP_USER_ENDPOINT = ""
        self.OIDC_OP_JWKS_ENDPOINT = ""

    def authenticate(self, request, **kwargs):
        conf = config()
        if conf is None or request is None or "nonce" not in kwargs or "username" in kwargs:
            return None  # not a single sign-on callback (e.g. a password sign-in)
        document = discovery(conf)
        self.OIDC_OP_TOKEN_ENDPOINT = document["token_endpoint"]
        self.OIDC_OP_JWKS_ENDPOINT = document["jwks_uri"]
        self.OIDC_OP_USER_ENDPOINT = document.get("userinfo_endpoint", "")
        self.conf = conf
        try:
            return super().authenticate(request, **kwargs)
        except requests.HTTPError as error:  # the provider refused the code (used, forged, late)
            raise Refused(NOT_VERIFIED, detail=f"token: {error}"[:500]) from None
        except requests.RequestException as error:
            raise Refused(UNREACHABLE, detail=f"token: {error}"[:500]) from None
        except SuspiciousOperation as error:
            raise Refused(NOT_VERIFIED, detail=str(error)[:500]) from None

    def _verify_jws(self, payload, key):
        """The signature, and (which the library leaves out) the issuer, the audience and the
        expiry: a token made for another application is refused."""
        header = jwt.get_unverified_header(payload)
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation(f"token signed with {header.get('alg')!r}")
        try:
            return jwt.decode(
                payload,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=self.conf.issuer,
                leeway=60,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            )
        except jwt.InvalidTokenError as error:
            raise SuspiciousOperation(f"ID token: {error}") from None

    def get_userinfo(self, access_token, id_token, payload):
        """The verified ID token's claims: Entra ID puts the groups there, not in userinfo."""
        return dict(payload)

    def verify_claims(self, claims) -> bool:
        return True  # checked in get_or_create_user, with reasons

    def get_or_create_user(self, access_token, id_token, payload):
        conf = self.conf
        claims = self.get_userinfo(access_token, id_token, payload)
        username = str(claims.get(conf.username_claim) or "").strip().lower()[:150]
        if not username:
            raise Refused(NO_NAME, detail=f"no {conf.username_claim!r} claim")
        groups = _groups(claims, conf)
        role = conf.role_for(groups)
        if role is None:
            raise Refused(NO_ROLE, username=username, detail=f"groups: {', '.join(groups)}"[:500])
        email = str(claims.get("email") or "")[:254]
        with transaction.atomic():
            user = self.UserModel.objects.filter(username=username).first()
            if user is not None and not user.is_active:
                raise Refused(DEACTIVATED, username=username)
            created = user is None
            if created:
                user = self.UserModel(username=username, email=email, role=role.value)
                user.set_unusable_password()
                user.save()
            _update(user, role, conf.teams_for(groups), email, created)
        # Kept on the user for the sign-in signal, which records it in the renewed session
        # (two_factor.record_sign_in): whether the provider did multi-factor sign-in.
        user.sightline_provider_amr = two_factor.amr_values(claims.get("amr"))
        return user

    def get_user(self, user_id):
        # the package's own reads the user without looking at is_active: a deactivated user's
        # open session would go on
        return user_by_id(user_id)


def _update(user, role: Role, teams: set[str] | None, email: str, created: bool) -> None:
    """Role, teams and email as the provider says; each change in the history."""
    from sightline.web.common import history

    by = "single sign-on"
    if created:
        history.record(user, "user", "created", "", f"{role.label} (single sign-on)", by=by)
    elif user.role != role.value:
        before = user.role_label
        user.role = role.value
        user.save()
        history.record(user, "user", "role", before, role.label, by=by)
    if email and user.email != email:
        user.email = email
        user.save(update_fields=["email"])
    if teams is not None:
        current = set(user.team_names)
        if current != teams:
            TeamMembership.objects.filter(user=user).exclude(team__in=teams).delete()
            for team in sorted(teams - current):
                TeamMembership.objects.create(user=user, team=team)
            history.record(
                user, "user", "teams", ", ".join(sorted(current)), ", ".join(sorted(teams)), by=by
            )


def refused(request: HttpRequest, refusal: Refused, status: int = 403) -> HttpResponse:
    """The plain refusal page, and its record in the access log."""
    from sightline.web.accesslog.models import AccessEntry
    from sightline.web.accesslog.services import log_event

    log_event(
        request,
        AccessEntry.Kind.SIGN_IN,
        f"single sign-on refused: {refusal.reason}",
        outcome=AccessEntry.Outcome.DENIED,
        username=refusal.username or "(single sign-on)",
        detail=refusal.detail,
    )
    return render(request, "accounts/sso_refused.html", {"reason": refusal.reason}, status=status)


class SignInStart(OIDCAuthenticationRequestView):
    """Sends the browser to the identity provider."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)

    def get(self, request):
        conf = config()
        if conf is None:
            return refused(request, Refused("single sign-on is not set up"), status=404)
        try:
            document = discovery(conf)
        except Refused as refusal:
            return refused(request, refusal, status=503)
        self.OIDC_OP_AUTH_ENDPOINT = document["authorization_endpoint"]
        self.OIDC_RP_CLIENT_ID = conf.client_id
        return super().get(request)


class SignInCallback(OIDCAuthenticationCallbackView):
    """The provider's answer: signs the user in, or says plainly why not."""

    def get(self, request):
        if config() is None:
            return refused(request, Refused("single sign-on is not set up"), status=404)
        try:
            response = super().get(request)
        except Refused as refusal:
            return refused(request, refusal, status=503 if refusal.reason == UNREACHABLE else 403)
        except SuspiciousOperation as error:  # e.g. a state this browser never asked for
            return refused(request, Refused(NOT_VERIFIED, detail=str(error)[:500]), status=400)
        return response

    def login_failure(self):
        reason = CANCELLED if self.request.GET.get("error") else NOT_VERIFIED
        detail = str(self.request.GET.get("error", "") or "no state in this session")[:500]
        return refused(self.request, Refused(reason, detail=detail))


def sign_out_url(request: HttpRequest) -> str | None:
    """Where to send the browser once this session has ended, to end the provider's as well:
    the provider's end_session_endpoint with the ID token as hint, the client id and Sightline's
    sign-in page as post_logout_redirect_uri. None when the session was not opened by single
    sign-on, sign-out at the provider is turned off, or the provider offers no such endpoint
    (or cannot be reached: the session here ends all the same, and the log says so)."""
    conf = config()
    if conf is None or not conf.sign_out_at_provider:
        return None
    if request.session.get(SESSION_KEY) != "single sign-on":
        return None
    try:
        endpoint = discovery(conf).get("end_session_endpoint")
    except Refused as refusal:
        LOGGER.warning("single sign-on: sign-out at the provider: %s", refusal.detail)
        return None
    if not endpoint:
        return None
    params = {
        "client_id": conf.client_id,
        "post_logout_redirect_uri": request.build_absolute_uri(reverse("accounts:login")),
    }
    token = request.session.get(ID_TOKEN_KEY)
    if token:
        params["id_token_hint"] = token
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{urlencode(params)}"


def sign_in_context(request: HttpRequest) -> dict:
    """Template context: whether the sign-in page offers single sign-on, and its button."""
    conf = config()
    return {"sso_button": conf.button if conf else ""}


urlpatterns = [
    path("authenticate/", SignInStart.as_view(), name="start"),
    path("callback/", SignInCallback.as_view(), name="callback"),
]
