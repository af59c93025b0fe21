"""Request plumbing for access control.

- LoginRequiredMiddleware: every page needs a signed-in user, except the sign-in and password
  reset pages, static files and the health check. The admin site has no door of its own: its
  sign-in page sends people to ours (one throttle, one log).
- TwoFactorMiddleware: a signed-in user whose role needs two factors (SIGHTLINE_TWO_FACTOR_ROLES)
  reaches no page until they have given a code from their authenticator app in this session
  (after django-otp's OTPMiddleware, which knows whether they have); the first time, they set
  the app up. The admin site is behind it too.
- ChildDataMiddleware: starts each request with no child-level decision made, and marks every
  response that showed child-level data, and every download, `Cache-Control: no-store`, so no
  browser or proxy keeps a copy.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control

from sightline.web.accounts.permissions import start_request

OPEN_PATHS = (
    "/accounts/sign-in/",
    "/accounts/password-reset/",
    "/accounts/reset/",
    "/accounts/oidc/",
    "/static/",
    "/healthz",
)


class LoginRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.user.is_authenticated and not request.path.startswith(OPEN_PATHS):
            return redirect_to_login(request.get_full_path(), reverse(settings.LOGIN_URL))
        return self.get_response(request)


TWO_FACTOR_OPEN_PATHS = ("/accounts/two-factor/", "/accounts/sign-out/", "/static/", "/healthz")


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from sightline.web.accounts import two_factor

        if (
            two_factor.required(request.user)
            and not two_factor.is_verified(request)
            and not request.path.startswith(TWO_FACTOR_OPEN_PATHS)
        ):
            name = (
                "accounts:two_factor"
                if two_factor.has_app(request.user)
                else "accounts:two_factor_setup"
            )
            return redirect_to_login(request.get_full_path(), reverse(name))
        return self.get_response(request)


class ChildDataMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        start_request()
        response = self.get_response(request)
        if getattr(request, "sightline_child_level", False) or response.has_header(
            "Content-Disposition"
        ):
            add_never_cache_headers(response)
            patch_cache_control(response, no_store=True, private=True)
        return response
