"""Sign-in throttling: five failed sign-ins for a user name, or from one address, within 15 minutes
lock further attempts (for that name or address) out for 15 minutes.

The access log is the record: every failure, lock-out and refused attempt is an entry (kind
"attempt", outcome "refused"), and the counting reads those entries, so the rule holds across
processes and restarts without a cache or a model of its own.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone

from sightline.web.accesslog.models import AccessEntry

MAX_FAILURES = 5
WINDOW = dt.timedelta(minutes=15)
LOCK_OUT = dt.timedelta(minutes=15)
FAILED = "sign-in failed"
LOCKED = "sign-in locked out after repeated failures"
REFUSED = "sign-in refused: locked out"
MESSAGE = (
    "Too many failed sign-ins. Sign-in is locked for 15 minutes for this user name and this "
    "computer's address. Try again later, or ask an administrator to check your account."
)


def _address(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def _same_name_or_address(username: str, ip: str | None) -> Q:
    who = Q(username=username[:150]) if username else Q(pk__in=[])
    return who | Q(ip=ip) if ip else who


def _entries(username: str, ip: str | None, what: str, since: dt.datetime):
    return AccessEntry.objects.filter(
        _same_name_or_address(username, ip),
        kind=AccessEntry.Kind.ATTEMPT,
        what=what,
        at__gte=since,
    )


def is_locked_out(request: HttpRequest, username: str) -> bool:
    now = timezone.now()
    return _entries(username, _address(request), LOCKED, now - LOCK_OUT).exists()


def _log(request: HttpRequest, username: str, what: str) -> None:
    AccessEntry.objects.create(
        username=(username or "(no user name)")[:150],
        outcome=AccessEntry.Outcome.DENIED,
        kind=AccessEntry.Kind.ATTEMPT,
        what=what,
        path=request.get_full_path()[:500],
        method=request.method or "",
        ip=_address(request),
    )


def record_refusal(request: HttpRequest, username: str) -> None:
    _log(request, username, REFUSED)


def record_failure(request: HttpRequest, username: str) -> bool:
    """Log a failed sign-in; lock out (and log it) on the fifth in the window. True: now locked."""
    _log(request, username, FAILED)
    ip = _address(request)
    now = timezone.now()
    last_lock = (
        _entries(username, ip, LOCKED, now - WINDOW - LOCK_OUT).order_by("-at").values("at").first()
    )
    since = max(now - WINDOW, last_lock["at"]) if last_lock else now - WINDOW
    failures = _entries(username, ip, FAILED, since)
    if failures.filter(Q(username=username[:150])).count() >= MAX_FAILURES or (
        ip and failures.filter(ip=ip).count() >= MAX_FAILURES
    ):
        _log(request, username, LOCKED)
        return True
    return False
