"""Writes for the validation area: keep a reference list as a snapshot, and run the DfE's rules on
a snapshot as a job of the queue (never in the web request, unless the app runs jobs inline).

A reference list is read in a capped child process (the same memory and time caps as an import:
a hostile workbook cannot take the server with it); an unreadable one is refused in plain words
and nothing of it is kept. A list that reads is kept byte for byte with its table under
`<home>/references/<id>/`, recorded in the history and the access log, and the latest 903 return of
each year is validated again beside it (a job each)."""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import socket
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.utils import timezone

from sightline.jobs import Limits, run_capped
from sightline.returns.formats import ZIP_MAGIC
from sightline.returns.limits import check_zip
from sightline.safe_output import safe_file_name
from sightline.store import Snapshot
from sightline.web.common import history
from sightline.web.core import engine
from sightline.web.validation.models import ReferenceList, ValidationRun

log = logging.getLogger("sightline.web.validation")
GONE = "The check stopped before it finished (its worker was stopped). Open the report again."


class ReferenceRefused(ValueError):
    """A reference list that was not kept; the message says why, in plain words."""


def home() -> Path:
    return Path(settings.SIGHTLINE_HOME)


def references_dir() -> Path:
    return home() / "references"


def council_code() -> tuple[str, str]:
    """The council's ONS code the rules read, and where it comes from (the setting
    SIGHTLINE_COUNCIL_ONS_CODE, else the published statistics for the council's LA code); ("", why)
    when neither gives one."""
    from sightline.rules.ssda903 import references as lists

    named = (getattr(settings, "SIGHTLINE_COUNCIL_ONS_CODE", "") or "").strip().upper()
    if named:
        return named, "set for this workspace (SIGHTLINE_COUNCIL_ONS_CODE)"
    council = engine.council()
    if not council:
        return "", "no council is chosen for this workspace yet (import a return first)"
    code = lists.ons_code(council)
    if code:
        return code, f"the DfE's published statistics for council {council}"
    return "", (
        f"council {council} is not in the DfE's published statistics: set "
        "SIGHTLINE_COUNCIL_ONS_CODE to its ONS code (e.g. E09000033)"
    )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def store_reference(user, kind: str, uploads) -> ReferenceList:
    """Read the uploaded list (in a capped child) and keep it; ReferenceRefused when it cannot be
    used, with nothing kept. Then validate the latest 903 returns again beside it."""
    list_id = uuid.uuid4()
    incoming = home() / "uploads" / "references" / str(list_id)
    incoming.mkdir(parents=True)
    final = references_dir() / str(list_id)
    final.parent.mkdir(parents=True, exist_ok=True)
    try:
        kept = []
        for upload in uploads:
            target = incoming / safe_file_name(upload.name)
            with target.open("wb") as handle:
                for chunk in upload.chunks():
                    handle.write(chunk)
            kept.append(target)
        for path in kept:
            with path.open("rb") as handle:
                is_zip = handle.read(4) == ZIP_MAGIC
            if is_zip and (problem := check_zip(path)) is not None:
                raise ReferenceRefused(f"{path.name}: {problem.message}")
        outcome = run_capped(
            "sightline.web.validation.running:read_reference",
            {"kind": kind, "paths": [str(p) for p in kept], "out": str(incoming / "read")},
            limits=Limits.from_environment(),
        )
        _close_idle_connections()
        if not outcome.ok:
            raise ReferenceRefused(
                f"The list could not be read: {outcome.message} Nothing was kept."
            )
        if "error" in outcome.value:
            raise ReferenceRefused(f"{outcome.value['error']} Nothing was kept.")
        files = [{"name": p.name, "bytes": p.stat().st_size, "sha256": _sha256(p)} for p in kept]
        originals = incoming / "read" / "originals"
        originals.mkdir()
        for path in kept:
            shutil.move(path, originals / path.name)
            (originals / path.name).chmod(0o400)
        os.rename(incoming / "read", final)  # the whole list appears at once, or none of it
        try:
            listed = ReferenceList.objects.create(
                kind=kind,
                created_by=user,
                files=files,
                folder=str(final),
                rows=int(outcome.value["rows"]),
            )
        except BaseException:
            shutil.rmtree(final, ignore_errors=True)
            raise
    finally:
        shutil.rmtree(incoming, ignore_errors=True)
    history.record(
        listed,
        "reference list",
        "uploaded",
        "",
        f"{listed.get_kind_display()}: {', '.join(p.name for p in kept)} ({listed.rows:,} rows)",
        by=history.who(user),
    )
    revalidate(user)
    return listed


def current(kind: str) -> ReferenceList | None:
    """The list of a kind the rules read: the latest uploaded."""
    return ReferenceList.objects.filter(kind=kind).first()


def latest_903s() -> list[Snapshot]:
    """The latest 903 snapshot of each collection year of the council: the returns a new
    reference list is checked against."""
    store = engine.store()
    council = engine.council()
    latest: dict[int | None, Snapshot] = {}
    for snapshot in store.snapshots(return_="ssda903", council=council):
        latest.setdefault(snapshot.year, snapshot)  # newest first
    return list(latest.values())


def revalidate(user) -> list[ValidationRun]:
    return [run_for(user, snapshot) for snapshot in latest_903s()]


@dataclass(frozen=True)
class Inputs:
    last: Snapshot | None
    providers: ReferenceList | None
    postcodes: ReferenceList | None
    council_code: str

    def key(self, snapshot: Snapshot) -> str:
        parts = [
            snapshot.id,
            self.last.id if self.last else "",
            str(self.providers.id) if self.providers else "",
            str(self.postcodes.id) if self.postcodes else "",
            self.council_code,
        ]
        return "|".join(parts)


def inputs(snapshot: Snapshot) -> Inputs:
    """What a snapshot's validation reads beside it now."""
    if snapshot.return_ != "ssda903":
        return Inputs(None, None, None, "")
    last = engine.store().latest("ssda903", snapshot.council or None, (snapshot.year or 0) - 1)
    return Inputs(last, current("providers"), current("postcodes"), council_code()[0])


def run_for(user, snapshot: Snapshot) -> ValidationRun:
    """The run of the DfE's rules on the snapshot with what is loaded now: the one already made
    (done, or waiting for the worker), else a new one, queued."""
    given = inputs(snapshot)
    key = given.key(snapshot)
    run = ValidationRun.objects.filter(key=key).first()
    if run is not None:
        return refresh(run)
    run = ValidationRun.objects.create(
        key=key,
        snapshot_id=snapshot.id,
        last_id=given.last.id if given.last else "",
        providers=given.providers,
        postcodes=given.postcodes,
        council_code=given.council_code,
        requested_by=user,
        stage="Waiting for the worker",
    )
    if settings.SIGHTLINE_IMPORT_MODE == "inline":
        validation_run(run.id)
        run.refresh_from_db()
    else:
        from sightline.web.validation.tasks import run_validation

        run_validation.enqueue(str(run.id))
    return run


def rerun(user, run: ValidationRun) -> ValidationRun:
    """A failed run again (e.g. after the worker was stopped): a new run, same inputs."""
    run.key = f"failed:{run.id}"  # the failed one no longer answers for its inputs
    run.save(update_fields=["key"])
    return run_for(user, engine.store().get(run.snapshot_id))


def refresh(run: ValidationRun) -> ValidationRun:
    """A run marked running whose worker process has gone failed: say so at once."""
    if (
        run.status == ValidationRun.Status.RUNNING
        and run.worker_host == socket.gethostname()
        and run.worker_pid
    ):
        try:
            os.kill(run.worker_pid, 0)
        except ProcessLookupError:
            ValidationRun.objects.filter(pk=run.pk, status=run.status).update(
                status=ValidationRun.Status.FAILED, message=GONE, finished_at=timezone.now()
            )
            run.refresh_from_db()
        except PermissionError:
            pass
    return run


def validation_run(run_id) -> ValidationRun:
    """Run the rules in a capped child process and record the outcome (the worker calls this)."""
    claimed = ValidationRun.objects.filter(pk=run_id, status=ValidationRun.Status.QUEUED).update(
        status=ValidationRun.Status.RUNNING,
        stage="Checking the return against the DfE's rules",
        worker_pid=os.getpid(),
        worker_host=socket.gethostname(),
    )
    run = ValidationRun.objects.get(pk=run_id)
    if not claimed:
        return run
    store = engine.store()
    snapshot = store.get(run.snapshot_id)
    last = store.get(run.last_id) if run.last_id else None
    out = home() / "validation" / str(run.id)
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        outcome = run_capped(
            "sightline.web.validation.running:validate",
            {
                "return_": snapshot.return_,
                "originals": [str(p) for p in snapshot.originals()],
                "year": snapshot.year,
                "last": [str(p) for p in last.originals()] if last else [],
                "providers": run.providers.folder if run.providers else "",
                "postcodes": run.postcodes.folder if run.postcodes else "",
                "council_code": run.council_code,
                "out": str(out),
            },
            limits=Limits.from_environment(),
        )
    finally:
        _close_idle_connections()
    run.finished_at = timezone.now()
    if outcome.ok:
        run.status = ValidationRun.Status.DONE
        run.stage = "Checked"
        run.result_dir = str(out)
    else:
        log.warning("validation %s did not finish: %s", run.id, outcome.message)
        run.status = ValidationRun.Status.FAILED
        run.stage = "Not checked"
        run.message = f"The check did not finish: {outcome.message}"
    run.save()
    return run


def _close_idle_connections() -> None:
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close()
