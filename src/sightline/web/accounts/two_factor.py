"""Two-factor sign-in: a TOTP code from an authenticator app, after the password (django-otp).

Roles named in SIGHTLINE_TWO_FACTOR_ROLES (by default every role that sees child-level data) must
give a code before any page opens: `TwoFactorMiddleware` sends a signed-in user who has not yet
done so to set up an app (first sign-in: a QR code to scan, then a code to confirm it) or to
enter a code. The code is checked by django-otp (its own throttle slows repeated wrong codes);
every code accepted or refused is a record in the access log.

Single sign-on: the identity provider is where a council enforces multi-factor sign-in (Entra ID's
Conditional Access). A single sign-on session counts as two-factor when the verified ID token's
`amr` claim (RFC 8176, "authentication methods references") says "mfa", or when the council has
said with SIGHTLINE_OIDC_TRUSTS_PROVIDER_MFA=1 that its provider always requires it (Entra's ID
tokens often carry no `amr`). Otherwise the user gives a code from an app here, as a password
user does. Decided at each request from what the session recorded at sign-in, so turning the
setting off takes effect at once.
"""

from __future__ import annotations

import segno
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from sightline.web.accesslog.models import AccessEntry
from sightline.web.accesslog.services import log_event
from sightline.web.common import history

DEVICE_NAME = "Authenticator app"
SIGNED_IN_BY = "sightline_signed_in_by"  # "single sign-on" for a session opened by the provider
PROVIDER_AMR = "sightline_provider_amr"  # the ID token's `amr` values, for such a session
ID_TOKEN = "oidc_id_token"  # the provider's ID token (mozilla-django-oidc's key), for sign-out
MFA_METHODS = frozenset({"mfa"})  # RFC 8176: "multiple-factor authentication"


def required(user) -> bool:
    """Whether this user must give a code (their role is one that needs two factors)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.role in getattr(settings, "SIGHTLINE_TWO_FACTOR_ROLES", ())


def is_verified(request: HttpRequest) -> bool:
    """Whether this session has given its second factor: a code here, or multi-factor at the
    identity provider that counts (at_provider)."""
    user = request.user
    check = getattr(user, "is_verified", None)
    return bool(check and check()) or at_provider(request) is not None


def amr_values(claim) -> list[str]:
    """The `amr` claim as a list of lower-case method names (it may be a list or one string)."""
    if claim is None:
        return []
    items = [claim] if isinstance(claim, str) else claim if isinstance(claim, list | tuple) else []
    return [str(item).strip().lower()[:40] for item in items if str(item).strip()][:20]


def at_provider(request: HttpRequest) -> str | None:
    """Why this single sign-on session's second factor is the identity provider's, or None (not
    a single sign-on session, or the provider's sign-in does not count as two-factor)."""
    session = getattr(request, "session", None)
    if session is None or session.get(SIGNED_IN_BY) != "single sign-on":
        return None
    conf = getattr(settings, "SIGHTLINE_SSO", None)
    if conf is None:
        return None
    amr = [str(m) for m in session.get(PROVIDER_AMR) or []]
    if MFA_METHODS & set(amr):
        return f"the identity provider did multi-factor sign-in (amr: {', '.join(amr)})"
    if conf.trusts_provider_mfa:
        return "the identity provider requires multi-factor sign-in (SIGHTLINE_OIDC_TRUSTS_PROVIDER_MFA)"
    return None


def record_sign_in(request: HttpRequest, user) -> None:
    """At every sign-in (after Django has renewed the session): how the session was opened, so
    a password session never inherits what a single sign-on one recorded."""
    amr = getattr(user, "sightline_provider_amr", None)  # set by the single sign-on backend
    if amr is None:
        request.session.pop(SIGNED_IN_BY, None)
        request.session.pop(PROVIDER_AMR, None)
        request.session.pop(ID_TOKEN, None)
        return
    request.session[SIGNED_IN_BY] = "single sign-on"
    request.session[PROVIDER_AMR] = list(amr)
    reason = at_provider(request)
    if required(user) and reason:
        log_event(
            request,
            AccessEntry.Kind.SIGN_IN,
            "two-factor done at the identity provider",
            username=user.get_username(),
            detail=reason,
        )


def has_app(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_app(user) -> TOTPDevice:
    """The app being set up (a new secret until a code from it confirms it)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("id").first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def qr_code_svg(device: TOTPDevice) -> str:
    """The otpauth:// address as an inline SVG QR code (no script, no inline style)."""
    return segno.make(device.config_url, error="m").svg_inline(
        scale=5, dark="#0b0c0c", light="#ffffff", title="QR code to scan with your app"
    )


def secret_words(device: TOTPDevice) -> str:
    """The secret as the base32 text an app accepts when typed, in groups of four."""
    import base64

    text = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def _clean(code: str) -> str:
    return "".join(ch for ch in str(code) if ch.isdigit())[:8]


def confirm_app(request: HttpRequest, code: str) -> bool:
    """Set-up: the first code from the app confirms it and completes this sign-in."""
    device = pending_app(request.user)
    if not device.verify_token(_clean(code)):
        _refused(request, "two-factor set-up: code refused")
        return False
    with transaction.atomic():
        TOTPDevice.objects.filter(user=request.user, confirmed=True).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        history.record(
            request.user, "user", "two-factor app", "none", "set up", by=history.who(request.user)
        )
    otp_login(request, device)
    log_event(request, AccessEntry.Kind.ACCOUNT, "two-factor app set up")
    log_event(request, AccessEntry.Kind.SIGN_IN, "two-factor code accepted")
    return True


def verify(request: HttpRequest, code: str) -> bool:
    """A code from the user's confirmed app completes this sign-in."""
    for device in TOTPDevice.objects.filter(user=request.user, confirmed=True):
        if device.verify_token(_clean(code)):
            otp_login(request, device)
            log_event(request, AccessEntry.Kind.SIGN_IN, "two-factor code accepted")
            return True
    _refused(request, "two-factor code refused")
    return False


def _refused(request: HttpRequest, what: str) -> None:
    log_event(request, AccessEntry.Kind.ATTEMPT, what, outcome=AccessEntry.Outcome.DENIED)


def reset(user) -> int:
    """Remove a user's apps (a lost phone): they set one up again at their next sign-in."""
    removed, _ = TOTPDevice.objects.filter(user=user).delete()
    return removed
