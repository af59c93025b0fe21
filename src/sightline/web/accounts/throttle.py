"""Sign-in throttling, two separate locks, each for 15 minutes:

- a user name is locked after 5 failed sign-ins for it within 15 minutes, from any address (one
  account protected against guessing);
- an address is locked only after many more failures across user names (settings
  SIGHTLINE_SIGNIN_ADDRESS_LIMIT, default 50) -- enough to stop password spraying without one
  person's typing locking out a whole office that shares an address (a proxy, or `make demo`).

While either lock holds the password is not checked, so the right password does not lift it. The
address is `client_address` (X-Forwarded-For only from a trusted proxy).

The access log is the record: every failure, lock-out and refused attempt is an entry (kind
"attempt", outcome "refused"), and the counting reads those entries, so the rule holds across
processes and restarts without a cache or a model of its own.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone

from sightline.web.accesslog.models import AccessEntry
from sightline.web.accounts.client_address import client_address

MAX_FAILURES = 5
WINDOW = dt.timedelta(minutes=15)
LOCK_OUT = dt.timedelta(minutes=15)
FAILED = "sign-in failed"
NAME_LOCKED = "sign-in locked out after repeated failures for this user name"
ADDRESS_LOCKED = "sign-in locked out after repeated failures from this address"
REFUSED = "sign-in refused: locked out"
UNLOCKED = "sign-in unlocked by an administrator"
# One message for every lock: it must not tell anyone whether the user name exists, nor which
# lock holds (that would hint at how the counting works).
MESSAGE = (
    "Too many failed sign-ins. Sign-in is locked for 15 minutes. Try again later, or ask an "
    "administrator to check your account."
)


def address_limit() -> int:
    return int(getattr(settings, "SIGHTLINE_SIGNIN_ADDRESS_LIMIT", 50))


def _name(username: str) -> Q:
    return Q(username=username[:150]) if username else Q(pk__in=[])


def _address(ip: str | None) -> Q:
    return Q(ip=ip) if ip else Q(pk__in=[])


def _entries(who: Q, what: str, since: dt.datetime):
    return AccessEntry.objects.filter(who, kind=AccessEntry.Kind.ATTEMPT, what=what, at__gte=since)


def _last_unlock(username: str) -> dt.datetime | None:
    """When an administrator last lifted the lock on this user name (None: never)."""
    found = (
        AccessEntry.objects.filter(
            kind=AccessEntry.Kind.ACCOUNT, what=UNLOCKED, detail=_unlock_detail(username)
        )
        .order_by("-at")
        .values("at")
        .first()
    )
    return found["at"] if found else None


def _unlock_detail(username: str) -> str:
    return f"user name: {username}"[:500]


def _name_since(username: str, since: dt.datetime) -> dt.datetime:
    unlocked = _last_unlock(username) if username else None
    return max(since, unlocked) if unlocked else since


def is_name_locked(username: str) -> bool:
    """Whether the user name's own lock holds now (the address lock is not the user's)."""
    username = normalise(username)
    since = _name_since(username, timezone.now() - LOCK_OUT)
    return _entries(_name(username), NAME_LOCKED, since).exists()


def locked_names() -> set[str]:
    """Every user name whose own lock holds now (two queries, for the users page)."""
    since = timezone.now() - LOCK_OUT
    locks: dict[str, dt.datetime] = {}
    for name, at in _entries(Q(), NAME_LOCKED, since).values_list("username", "at"):
        locks[name] = max(at, locks.get(name, at))
    unlocks = AccessEntry.objects.filter(
        kind=AccessEntry.Kind.ACCOUNT, what=UNLOCKED, at__gte=since
    ).values_list("detail", "at")
    for detail, at in unlocks:
        name = detail.removeprefix("user name: ")
        if name in locks and at >= locks[name]:
            del locks[name]
    return set(locks)


def unlock(request: HttpRequest, username: str) -> None:
    """An administrator lifts the user name's lock: earlier failures no longer count (logged)."""
    from sightline.web.accesslog.services import log_event

    log_event(
        request, AccessEntry.Kind.ACCOUNT, UNLOCKED, detail=_unlock_detail(normalise(username))
    )


def is_locked_out(request: HttpRequest, username: str) -> bool:
    username = normalise(username)
    since = timezone.now() - LOCK_OUT
    name_locked = _entries(_name(username), NAME_LOCKED, _name_since(username, since))
    address_locked = _entries(_address(client_address(request)), ADDRESS_LOCKED, since)
    return name_locked.exists() or address_locked.exists()


def normalise(username: str) -> str:
    """The name as Django authenticates it: the sign-in form strips spaces, and the user model
    applies Unicode NFKC, so "qalead ", "\uff51alead" and "qalead" are one name. Counting the raw
    text would let another spelling of a locked name in."""
    return AbstractBaseUser.normalize_username(str(username).strip())[:150]


def _log(request: HttpRequest, username: str, what: str) -> None:
    from sightline.web.accesslog.services import log_event

    log_event(
        request,
        AccessEntry.Kind.ATTEMPT,
        what,
        outcome=AccessEntry.Outcome.DENIED,
        username=username or "(no user name)",
    )


def record_refusal(request: HttpRequest, username: str) -> None:
    _log(request, normalise(username), REFUSED)


def _failures_since_last_lock(
    who: Q, locked: str, now: dt.datetime, unlocked: dt.datetime | None = None
) -> int:
    """Failures in the window, not counting those a lock-out (or an unlock) already answered."""
    last_lock = _entries(who, locked, now - WINDOW - LOCK_OUT).order_by("-at").values("at").first()
    since = max(now - WINDOW, last_lock["at"]) if last_lock else now - WINDOW
    if unlocked:
        since = max(since, unlocked)
    return _entries(who, FAILED, since).count()


def record_failure(request: HttpRequest, username: str) -> bool:
    """Log a failed sign-in; lock the name or the address (and log it) at its limit. True: locked."""
    username = normalise(username)
    _log(request, username, FAILED)
    now = timezone.now()
    name_locked = False
    unlocked = _last_unlock(username) if username else None
    name_failures = _failures_since_last_lock(_name(username), NAME_LOCKED, now, unlocked)
    if username and name_failures >= MAX_FAILURES:
        _log(request, username, NAME_LOCKED)
        name_locked = True
    ip = client_address(request)
    address_locked = False
    if ip and _failures_since_last_lock(_address(ip), ADDRESS_LOCKED, now) >= address_limit():
        _log(request, username, ADDRESS_LOCKED)
        address_locked = True
    return name_locked or address_locked


RESET_ASKED = "password reset asked for"
RESET_REFUSED = "password reset refused: too many asks from this address"
RESET_LIMIT = 5


def reset_asks_exceeded(request: HttpRequest) -> bool:
    """Whether this address has asked for RESET_LIMIT reset emails within the window (so the form
    cannot be used to flood someone's inbox); such asks send nothing and are logged."""
    ip = client_address(request)
    if not ip:
        return False
    since = timezone.now() - WINDOW
    return _entries(_address(ip), RESET_ASKED, since).count() >= RESET_LIMIT
