"""Sliding session expiry without writing the session on every request.

Sessions end after SESSION_COOKIE_AGE without a request. Django's SESSION_SAVE_EVERY_REQUEST keeps
that promise by writing the session row (and a new cookie) on every request, which is a database
write per page view. This middleware marks the session for saving only when it was last saved more
than SESSION_REFRESH_SECONDS ago, so an active user's session is still extended (to within a
minute) while a burst of page views costs one write, not one each.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

STAMP = "_sightline_refreshed"


class SessionRefreshMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.is_empty():
            return response
        now = int(time.time())
        if now - int(session.get(STAMP, 0)) >= settings.SESSION_REFRESH_SECONDS:
            session[STAMP] = now  # marks it modified: SessionMiddleware saves it, cookie renewed
        return response
