"""Every page needs a signed-in user, except the sign-in page itself and static files."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse

OPEN_PATHS = ("/accounts/sign-in/", "/static/", "/healthz")


class LoginRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.user.is_authenticated and not request.path.startswith(OPEN_PATHS):
            if request.path.startswith("/admin/"):
                return self.get_response(request)  # the admin site has its own sign-in
            return redirect_to_login(request.get_full_path(), reverse(settings.LOGIN_URL))
        return self.get_response(request)
