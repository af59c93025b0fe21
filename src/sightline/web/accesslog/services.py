"""Writing the access log. Call one of these from every view that shows child-level data.

log_child_view(request, child_id, "child timeline", snapshot_ids=...)
log_list_view(request, "overdue list", child_ids)          # one record per child shown
log_list_view(request, "problems (download)", child_ids, kind="download")
log_event(request, kind, what, outcome=...)               # sign-ins, account changes, exports
log_denied(request, reason, child_id="")   # permission checks call this for you

Every record is chained to the one before by hash (chain.py); records are only ever added here, in
one transaction holding the chain's head, so two requests cannot fork the chain.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
import threading
from collections.abc import Iterable, Iterator
from typing import Any

from django.conf import settings
from django.db import connections, router, transaction
from django.db.models import CharField, Field, IntegerField
from django.http import HttpRequest
from django.utils import timezone

from sightline.web.accesslog import chain
from sightline.web.accesslog.models import AccessEntry, ChainHead
from sightline.web.accounts.client_address import client_address


def mark_child_level(request: HttpRequest | None) -> None:
    """The response shows child-level data: the middleware sends Cache-Control: no-store."""
    if request is not None:
        request.sightline_child_level = True  # type: ignore[attr-defined]


def _who(request: HttpRequest | None, username: str | None = None) -> dict:
    user = getattr(request, "user", None)
    user = user if user is not None and user.is_authenticated else None
    if request is None:
        return {"user": None, "username": username or "(system)", "role": "", "path": "",
                "method": "", "ip": None}  # fmt: skip
    return {
        "user": user,
        "username": (username or (user.get_username() if user else "(not signed in)"))[:150],
        "role": getattr(user, "role", "") if user else "",
        "path": request.get_full_path()[:500],
        "method": request.method or "",
        "ip": client_address(request),
    }


def write(
    request: HttpRequest | None, entries: list[dict], username: str | None = None
) -> list[dict]:
    """Append records (each a dict of AccessEntry fields) to the chain, in one transaction; returns
    them as written (with their sequence numbers and hashes)."""
    who = _who(request, username)
    connection = connections[router.db_for_write(AccessEntry)]
    with _one_writer_at_a_time(connection), transaction.atomic(using=connection.alias):
        seq, prev = _locked_head(connection)
        # the time is read holding the head, so records are in time order as in sequence order
        now, common = timezone.now(), {**_DEFAULTS, **who}
        records = [
            {**common, **fields, "at": now, "seq": seq + i} for i, fields in enumerate(entries, 1)
        ]
        for record, hash_ in zip(records, chain.chained_hashes(prev, records), strict=True):
            record["prev_hash"], record["hash"] = prev, hash_
            prev = hash_
        _insert(connection, records)
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {_HEAD_TABLE} SET seq = %s, hash = %s WHERE id = 1",
                [seq + len(records), prev],
            )
    return records


_in_process = threading.Lock()
_lock_files: dict[tuple[int, str], int] = {}  # (process, database) -> the lock file, opened once


@contextlib.contextmanager
def _one_writer_at_a_time(connection: Any) -> Iterator[None]:
    """On SQLite, the log's writers take turns on a lock the kernel hands straight to the next
    (a thread lock in the process, `flock` between processes) before the database's own. Waiting
    on SQLite's lock polls instead, sleeping up to 100 ms between tries, so under load a writer
    slept on long after the lock was free. PostgreSQL's row lock (FOR UPDATE) already wakes the
    next writer when the first commits."""
    name = str(connection.settings_dict.get("NAME") or "")
    # Inside a transaction already begun (a form saved, then logged) this connection may hold
    # SQLite's lock: waiting here for a writer that waits for it would stall both, so the log
    # takes its turn with SQLite's own waiting only.
    if connection.vendor != "sqlite" or connection.in_atomic_block or not os.path.isfile(name):
        yield
        return
    key = (os.getpid(), name)  # a lock file opened before a fork would be shared, not exclusive
    with _in_process:
        if key not in _lock_files:
            _lock_files[key] = os.open(f"{name}.log-lock", os.O_RDWR | os.O_CREAT, 0o600)
        descriptor = _lock_files[key]
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(descriptor, fcntl.LOCK_UN)


# Every column but the id, and each one's default: a list of 100 children is 100 records, written
# in one INSERT of many rows without building a model instance for each (which cost more than the
# rest of the list page once its rows were cached).
_COLUMNS = [f for f in AccessEntry._meta.concrete_fields if not f.primary_key]
_DEFAULTS = {f.name: f.get_default() for f in _COLUMNS}
_HEAD_TABLE = ChainHead._meta.db_table
_PLAIN_FIELDS = (CharField, IntegerField)


def _insert(connection: Any, records: list[dict]) -> None:
    def prepared(field: Field, raw: Any) -> Any:
        if field.is_relation:  # the user: its id
            return raw.pk if raw is not None else None
        if isinstance(field, _PLAIN_FIELDS) and type(raw) in (str, int) and not field.choices:
            return raw  # what the field would give back (an address field turns "" to None)
        return field.get_db_prep_save(raw, connection)

    shared: list[Any] = []  # a value every record holds (who and what), or None
    varying: list[list[Any] | None] = []  # each record's value where they differ
    for field in _COLUMNS:
        values = [record[field.name] for record in records]
        first = values[0]
        if all(v is first for v in values):
            shared.append(prepared(field, first))
            varying.append(None)
        else:
            shared.append(None)
            plain = isinstance(field, _PLAIN_FIELDS) and not field.choices
            if plain and all(type(v) in (str, int) for v in values):  # the child, the number
                varying.append(values)
            else:
                varying.append([prepared(field, v) for v in values])
    quote = connection.ops.quote_name
    into = "INSERT INTO {} ({})".format(
        quote(AccessEntry._meta.db_table), ", ".join(quote(f.column) for f in _COLUMNS)
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One statement for the whole list: a shared value once, the rest as arrays the
            # database unnests side by side. executemany sent a row at a time, holding the
            # chain's head (every other writer waits) about 19 ms for a list of 100 children.
            selects: list[str] = []
            params: list[Any] = []
            for field, value, column in zip(_COLUMNS, shared, varying, strict=True):
                cast = field.db_type(connection)
                if column is None:
                    selects.append(f"%s::{cast}")
                    params.append(value)
                else:
                    selects.append(f"unnest(%s::{cast}[])")
                    params.append(column)
            rows_from = ""
            if all(column is None for column in varying):  # records alike in every field
                rows_from = " FROM generate_series(1, %s)"
                params.append(len(records))
            cursor.execute(f"{into} SELECT {', '.join(selects)}{rows_from}", params)
            return
        rows = zip(
            *(
                [value] * len(records) if values is None else values
                for value, values in zip(shared, varying, strict=True)
            ),
            strict=True,
        )
        cursor.executemany(f"{into} VALUES ({', '.join(['%s'] * len(_COLUMNS))})", list(rows))


def _locked_head(connection: Any) -> tuple[int, str]:
    """The chain head's number and hash, locked until the transaction ends (SELECT ... FOR UPDATE;
    on SQLite the transaction began IMMEDIATE, holding the write lock), the head made on the first
    record ever. Requests that write at once on a new database may all find no head: one makes
    it, the others' inserts wait for it and fail (in a savepoint, get_or_create), then read and
    lock the head it made, rather than answering with a server error."""
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    sql = f"SELECT seq, hash FROM {_HEAD_TABLE} WHERE id = 1{lock}"
    with connection.cursor() as cursor:
        cursor.execute(sql)
        row = cursor.fetchone()
        if row is None:
            ChainHead.objects.using(connection.alias).get_or_create(pk=1)
            cursor.execute(sql)
            row = cursor.fetchone()
    return int(row[0]), str(row[1])


def _entry(request: HttpRequest | None, **fields) -> dict:
    return write(request, [fields])[0]


def log_child_view(
    request: HttpRequest, child_id: str, what: str, snapshot_ids: Iterable[str] = ()
) -> dict:
    mark_child_level(request)
    return _entry(
        request,
        outcome=AccessEntry.Outcome.VIEWED,
        kind=AccessEntry.Kind.CHILD,
        what=what[:200],
        child_id=str(child_id)[:100],
        children_shown=1,
        snapshot_ids=",".join(snapshot_ids)[:500],
    )


# A member of AccessEntry.Kind or .Outcome (TextChoices: a str at run time; mypy without the Django
# plugin types the members as the tuples they are declared with).
Choice = Any


def log_list_view(
    request: HttpRequest,
    what: str,
    child_ids: Iterable[str | None],
    snapshot_ids: Iterable[str] = (),
    kind: Choice = AccessEntry.Kind.LIST,
    detail: str = "",
) -> list[dict]:
    """One record per child shown (so a search for a child finds every list that showed them),
    each saying how many children the list showed. A list showing none is still one record."""
    mark_child_level(request)
    ids = sorted({str(c) for c in child_ids if c})
    common = {
        "outcome": AccessEntry.Outcome.VIEWED,
        "kind": kind,
        "what": what[:200],
        "children_shown": len(ids),
        "snapshot_ids": ",".join(snapshot_ids)[:500],
        "detail": detail[:500],
    }
    return write(request, [{**common, "child_id": c[:100]} for c in ids] or [common])


def log_event(
    request: HttpRequest | None,
    kind: Choice,
    what: str,
    outcome: Choice = AccessEntry.Outcome.VIEWED,
    username: str | None = None,
    detail: str = "",
) -> dict:
    """A sign-in, an account change, an export or a purge: who, what and when."""
    return write(
        request,
        [{"outcome": outcome, "kind": kind, "what": what[:200], "detail": detail[:500]}],
        username=username,
    )[0]


def log_denied(request: HttpRequest, reason: str, child_id: str = "") -> dict:
    return _entry(
        request,
        outcome=AccessEntry.Outcome.DENIED,
        kind=AccessEntry.Kind.CHILD if child_id else AccessEntry.Kind.ATTEMPT,
        what=reason[:200],
        child_id=str(child_id)[:100],
    )


def retention_days() -> int:
    return int(getattr(settings, "SIGHTLINE_ACCESS_LOG_RETENTION_DAYS", 2190))


def purge(now: dt.datetime | None = None, days: int | None = None) -> int:
    """Remove records older than the retention period; the purge itself is a record. The chain
    then starts at the first record kept (the head remembers the hash it follows)."""
    days = retention_days() if days is None else days
    cutoff = (now or timezone.now()) - dt.timedelta(days=days)
    with transaction.atomic():
        head = ChainHead.objects.select_for_update().filter(pk=1).first()
        old = AccessEntry.objects.filter(at__lt=cutoff).order_by("seq")
        last = old.last()
        if last is None or head is None:
            return 0
        # Records are written in time order, so everything up to `last` goes.
        count = AccessEntry.objects.filter(seq__lte=last.seq).count()
        AccessEntry.objects.filter(seq__lte=last.seq).delete()
        head.first_seq, head.first_prev_hash = last.seq + 1, last.hash
        head.save(update_fields=["first_seq", "first_prev_hash"])
    log_event(
        None,
        AccessEntry.Kind.LOG,
        f"access log purged: {count} records older than {days} days",
        detail=f"removed records up to {last.seq}; the chain continues from hash {last.hash}",
    )
    return count


def verify() -> list[chain.Break]:
    head = ChainHead.objects.filter(pk=1).first()
    if head is None:
        head = ChainHead(seq=0, hash="", first_seq=1, first_prev_hash="")
    records = (
        AccessEntry.objects.order_by("seq")
        .values("prev_hash", "hash", *chain.FIELDS)
        .iterator(chunk_size=2000)
    )
    return list(chain.verify(records, head.first_seq, head.first_prev_hash, head.seq, head.hash))
