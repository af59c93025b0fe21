"""Sessions: in the database, read by one plain query, their expiry sliding without a write a page.

SESSION_ENGINE names this module. Its SessionStore is Django's database store, with the session
read on every request by one raw query (`common.compiled.instances_where`) in place of
`objects.get`, whose building and compiling cost about 0.35 ms a page.

Sessions end after SESSION_COOKIE_AGE without a request. Django's SESSION_SAVE_EVERY_REQUEST keeps
that promise by writing the session row (and a new cookie) on every request, which is a database
write per page view. This middleware marks the session for saving only when it was last saved more
than SESSION_REFRESH_SECONDS ago, so an active user's session is still extended (to within a
minute) while a burst of page views costs one write, not one each.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.sessions.backends import db
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from sightline.web.common.compiled import instances_where

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


class SessionStore(db.SessionStore):
    def _get_session_from_db(self) -> Any | None:
        found = instances_where(
            self.model,
            "{session_key} = %s AND {expire_date} > %s",
            [self.session_key, timezone.now()],
        )
        if not found:  # none, or expired: as Django's store, the key is forgotten
            self._session_key = None
            return None
        return found[0]
