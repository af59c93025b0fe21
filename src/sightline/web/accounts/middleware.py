"""Request plumbing for access control.

- LoginRequiredMiddleware: every page needs a signed-in user, except the sign-in and password
  reset pages, static files and the health check. The admin site has no door of its own: its
  sign-in page sends people to ours (one throttle, one log).
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
