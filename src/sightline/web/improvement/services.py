"""Writes for the improvement plan. Every change to a plan item, its status or its RAG is recorded
in the shared history (common.history: who, when, before, after). Actions use optimistic concurrency: a save names the version
it started from, and a save based on an older version is refused (StaleEdit) with what changed since.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from sightline.web.common import history
from sightline.web.common.models import Change
from sightline.web.common.versions import StaleEdit as CommonStaleEdit
from sightline.web.improvement import framework_file
from sightline.web.improvement.models import (
    Action,
    ActionUpdate,
    Evidence,
    Framework,
    Measure,
    Milestone,
    Priority,
    Recommendation,
    Theme,
    TrajectoryPoint,
)

# Accepted evidence files: the extension, and how such a file begins (so a renamed program is
# refused); text files must hold no NUL bytes.
_ZIP, _OLE = b"PK\x03\x04", b"\xd0\xcf\x11\xe0"
EVIDENCE_SIGNATURES: dict[str, bytes | None] = {
    ".pdf": b"%PDF",
    ".png": b"\x89PNG",
    ".jpg": b"\xff\xd8\xff",
    ".jpeg": b"\xff\xd8\xff",
    **dict.fromkeys((".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp"), _ZIP),
    **dict.fromkeys((".doc", ".xls", ".ppt"), _OLE),
    **dict.fromkeys((".csv", ".txt"), None),
}
EVIDENCE_TYPES = set(EVIDENCE_SIGNATURES)
EVIDENCE_MAX_BYTES = 20 * 1024 * 1024
RAGS = ("red", "amber", "green")


class PlanError(ValueError):
    """A change the plan refuses; the message says why in plain words."""


class StaleEdit(CommonStaleEdit, PlanError):
    """Someone else saved the item (an action, or a theme's RAG override) after this edit began."""

    def __init__(self, action: Action | Theme, changes: list[Change]):
        self.action = action  # the item refused (kept under this name for the action page)
        kind = "theme" if isinstance(action, Theme) else "action"
        super().__init__(action, changes, kind)


_who = history.who


def record(item, item_type: str, field: str, before, after, user, version=None) -> None:
    """Record a change made outside these services (the admin site)."""
    _record(item, item_type, field, before, after, _who(user), version=version)


def _record(
    item, item_type: str, field: str, before, after, by: str, reason: str = "", version=None
):
    history.record(item, item_type, field, before, after, by=by, reason=reason, version=version)


# Framework -------------------------------------------------------------------------------------


@transaction.atomic
def framework_load(data: dict, user=None, source: str = "") -> Framework:
    """Make a checked framework (framework_file.parse) the active one; earlier ones are kept inactive."""
    by = _who(user)
    Framework.objects.filter(active=True).update(active=False)
    framework = Framework.objects.create(
        name=data["name"], description=data.get("description") or "", source=source, loaded_by=by
    )
    for order, spec in enumerate(data["themes"]):
        theme = Theme.objects.create(
            framework=framework,
            code=spec["code"],
            title=spec["title"],
            description=spec.get("description") or "",
            lead_title=spec.get("lead") or "",
            order=order,
        )
        measures = {}
        for m in spec.get("measures") or []:
            measure = Measure.objects.create(
                theme=theme,
                indicator_id=m["indicator"],
                target=m.get("target"),
                tolerance=m.get("tolerance") or 0.0,
            )
            for year, value in (m.get("trajectory") or {}).items():
                TrajectoryPoint.objects.create(measure=measure, year=int(year), value=value)
            measures[m["indicator"]] = measure
        for p_order, p in enumerate(spec.get("priorities") or []):
            priority = Priority.objects.create(theme=theme, title=p["title"], order=p_order)
            for a in p.get("actions") or []:
                Action.objects.create(
                    priority=priority,
                    title=a["title"],
                    description=a.get("description") or "",
                    owner_title=a.get("owner") or "",
                    due_date=a["due"],
                    measure=measures.get(a.get("measure")),
                )
            for s in p.get("milestones") or []:
                Milestone.objects.create(priority=priority, title=s["title"], due_date=s["due"])
        _record(theme, "theme", "created", "", theme.title, by)
    _record(framework, "framework", "loaded", "", framework.name, by, reason=source)
    return framework


def framework_load_file(path: Path, user=None) -> Framework:
    return framework_load(framework_file.read(path), user, source=path.name)


def framework_ensure_default(user=None) -> Framework:
    """The active framework, loading the shipped seven tests when there is none (idempotent)."""
    found = Framework.objects.filter(active=True).first()
    return found or framework_load_file(framework_file.DEFAULT, user)


# Actions ---------------------------------------------------------------------------------------

EDITABLE = ("title", "description", "owner", "owner_title", "due_date", "status", "measure")


def _display(action: Action, field: str) -> str:
    value = getattr(action, field)
    if field == "status":
        return action.get_status_display()
    if field == "owner":
        return (value.get_username() if value else "") or ""
    if field == "measure":
        return value.indicator_id if value else ""
    return "" if value is None else str(value)


@transaction.atomic
def action_save(action_id: int, based_on_version: int, values: dict, user) -> Action:
    """Save edits to an action made from `based_on_version`; refuse if it has changed since."""
    action = Action.objects.select_for_update().get(pk=action_id)
    if action.version != based_on_version:
        from sightline.web.improvement.selectors import changes_since

        raise StaleEdit(action, changes_since(action, based_on_version))
    if values.get("status") == Action.Status.COMPLETE and not action.evidence.exists():
        raise PlanError("An action can be marked complete only once evidence is attached.")
    before = {f: _display(action, f) for f in EDITABLE}
    for field, value in values.items():
        if field in EDITABLE:
            setattr(action, field, value)
    changed = [f for f in EDITABLE if _display(action, f) != before[f]]
    if not changed:
        return action
    # The update only succeeds against the version read: a second guard beyond the row lock.
    updated = Action.objects.filter(pk=action.pk, version=based_on_version).update(
        **{f: getattr(action, f) for f in EDITABLE},
        version=F("version") + 1,
        updated_at=timezone.now(),
    )
    if not updated:
        from sightline.web.improvement.selectors import changes_since

        raise StaleEdit(action, changes_since(action, based_on_version))
    action.refresh_from_db()
    for field in changed:
        _record(
            action,
            "action",
            field,
            before[field],
            _display(action, field),
            _who(user),
            version=action.version,
        )
    return action


def action_add_update(action: Action, text: str, user) -> ActionUpdate:
    text = text.strip()
    if not text:
        raise PlanError("Write what has been done before saving an update.")
    update = ActionUpdate.objects.create(action=action, text=text, author=_who(user))
    _record(action, "action", "update", "", text[:500], _who(user), version=action.version)
    return update


@transaction.atomic
def set_override(item: Theme | Action, rag: str, reason: str, user, based_on_version: int) -> None:
    """Override (or clear, with rag="") the computed RAG of a theme or action, with a reason.

    `based_on_version` is the item's version when the form was opened: an override made after
    someone else changed the item (a lead, an edit, another override) is refused with their changes.
    """
    from sightline.web.improvement.selectors import changes_since

    kind = "theme" if isinstance(item, Theme) else "action"
    item = type(item).objects.select_for_update().get(pk=item.pk)
    if item.version != based_on_version:
        raise StaleEdit(item, changes_since(item, based_on_version, kind))
    if rag and rag not in RAGS:
        raise PlanError("Choose red, amber or green for the override.")
    if rag and not reason.strip():
        raise PlanError("Give the reason for overriding the computed RAG.")
    before = item.rag_override or "computed"
    item.rag_override = rag
    item.override_reason = reason.strip() if rag else ""
    item.override_by = _who(user) if rag else ""
    item.override_at = timezone.now() if rag else None
    item.version += 1
    item.save(
        update_fields=["rag_override", "override_reason", "override_by", "override_at", "version"]
    )
    _record(
        item,
        kind,
        "rag override",
        before,
        rag or "computed",
        _who(user),
        reason.strip(),
        version=item.version,
    )


def theme_set_lead(theme: Theme, lead, lead_title: str, user) -> None:
    """Name the theme's accountable lead (a user) and their title; both changes enter the history."""
    by = _who(user)
    before = (theme.lead.get_username() if theme.lead else "", theme.lead_title)
    theme.lead, theme.lead_title = lead, lead_title.strip()
    theme.version += 1
    theme.save(update_fields=["lead", "lead_title", "version"])
    after = (lead.get_username() if lead else "", theme.lead_title)
    for field, old, new in (("lead", before[0], after[0]), ("lead title", before[1], after[1])):
        if old != new:
            _record(theme, "theme", field, old, new, by, version=theme.version)


def rag_note_computed(items: list[tuple[Theme | Action, str, str]]) -> None:
    """Record computed RAG changes (a snapshot arrived, a date passed): (item, colour, reason).

    The conditional update makes this safe when several requests see the same change at once:
    only the one that moves `last_rag` records it.
    """
    for item, colour, reason in items:
        if item.last_rag == colour:
            continue
        kind = "theme" if isinstance(item, Theme) else "action"
        moved = (
            type(item).objects.filter(pk=item.pk, last_rag=item.last_rag).update(last_rag=colour)
        )
        if moved:
            _record(
                item,
                kind,
                "computed RAG",
                item.last_rag or "none",
                colour or "none",
                "computed",
                reason,
            )
        item.last_rag = colour


# Evidence --------------------------------------------------------------------------------------


@dataclass
class EvidenceInput:
    title: str
    url: str = ""
    upload: object = None  # an UploadedFile
    indicator_id: str = ""


def evidence_add(target: Action | Recommendation, given: EvidenceInput, user) -> Evidence:
    """Attach a file, a link or an indicator's current value (captured today, naming its snapshot)."""
    title = given.title.strip()
    if not title:
        raise PlanError("Give the evidence a title that says what it shows.")
    owner = {"action": target} if isinstance(target, Action) else {"recommendation": target}
    kinds = [
        k
        for k, present in (
            ("file", given.upload),
            ("link", given.url),
            ("indicator", given.indicator_id),
        )
        if present
    ]
    if len(kinds) != 1:
        raise PlanError("Attach one piece of evidence: a file, a link, or an indicator value.")
    evidence = Evidence(title=title[:300], added_by=_who(user), **owner)
    if given.upload is not None:
        evidence.kind = Evidence.Kind.FILE
        _store_file(evidence, given.upload)
    elif given.url:
        if not given.url.startswith(("https://", "http://")):
            raise PlanError("A link must start with https:// or http://")
        evidence.kind, evidence.url = Evidence.Kind.LINK, given.url
    else:
        _capture_indicator(evidence, given.indicator_id)
    evidence.save()
    kind = "action" if isinstance(target, Action) else "recommendation"
    _record(target, kind, "evidence", "", f"{evidence.get_kind_display()}: {title}", _who(user))
    return evidence


def _store_file(evidence: Evidence, upload) -> None:
    name = Path(upload.name or "evidence").name
    suffix = Path(name).suffix.lower()
    if suffix not in EVIDENCE_TYPES:
        allowed = ", ".join(sorted(EVIDENCE_TYPES))
        raise PlanError(
            f"'{name}' is not a type of file accepted as evidence (accepted: {allowed})."
        )
    limit = getattr(settings, "SIGHTLINE_MAX_EVIDENCE_BYTES", EVIDENCE_MAX_BYTES)
    if upload.size > limit:
        raise PlanError(
            f"'{name}' is {upload.size / 1048576:.1f} MB; evidence files may be up to {limit / 1048576:.0f} MB."
        )
    head = next(iter(upload.chunks()), b"")[:4096]
    upload.seek(0)
    signature = EVIDENCE_SIGNATURES[suffix]
    if (signature is not None and not head.startswith(signature)) or (
        signature is None and b"\x00" in head
    ):
        raise PlanError(f"'{name}' does not look like a {suffix} file; it was not stored.")
    relative = Path("evidence") / uuid.uuid4().hex / name
    path = Path(settings.SIGHTLINE_HOME) / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    evidence.file_path, evidence.file_name, evidence.file_bytes = str(relative), name, upload.size


def evidence_file(evidence: Evidence) -> Path:
    home = Path(settings.SIGHTLINE_HOME).resolve()
    path = (home / evidence.file_path).resolve()
    if home not in path.parents or not path.is_file():
        raise PlanError("The evidence file is missing from the instance folder.")
    return path


def _capture_indicator(evidence: Evidence, indicator_id: str) -> None:
    from sightline.web.core import engine
    from sightline.web.improvement import selectors

    found = selectors.live()
    row = found.rows.get(indicator_id)
    if row is None or row.latest is None:
        raise PlanError(
            f"There is no value for '{indicator_id}' in the latest snapshots to capture."
        )
    evidence.kind = Evidence.Kind.INDICATOR
    evidence.indicator_id = indicator_id
    evidence.indicator_value = row.latest
    evidence.indicator_year = row.latest_year
    # Recorded now because the counts behind the value are not kept with the evidence.
    evidence.indicator_small = row.latest_year in found.small.get(indicator_id, ())
    evidence.captured_on = engine.today()
    evidence.snapshot_ids = ",".join(row.snapshot_ids)[:500]


# Recommendations -------------------------------------------------------------------------------


@transaction.atomic
def recommendation_close(
    rec: Recommendation, note: str, user, evidence: EvidenceInput | None = None
) -> Recommendation:
    """Close a recommendation: only with evidence (given now, or attached before)."""
    rec = Recommendation.objects.select_for_update().get(pk=rec.pk)
    if rec.status == Recommendation.Status.CLOSED:
        raise PlanError("This recommendation is already closed.")
    if not note.strip():
        raise PlanError("Say how the recommendation has been met.")
    if evidence is not None and (evidence.upload or evidence.url or evidence.indicator_id):
        evidence_add(rec, evidence, user)
    if not rec.evidence.exists():
        raise PlanError(
            "A recommendation can be closed only with evidence: attach a file, a link or an indicator value."
        )
    rec.status = Recommendation.Status.CLOSED
    rec.closed_at, rec.closed_by, rec.closure_note = timezone.now(), _who(user), note.strip()
    rec.version += 1
    rec.save()
    _record(
        rec, "recommendation", "status", "Open", "Closed", _who(user), note.strip(), rec.version
    )
    return rec


def recommendation_link(rec: Recommendation, actions: list[Action], user) -> None:
    before = ", ".join(sorted(str(a.pk) for a in rec.actions.all()))
    rec.actions.set(actions)
    after = ", ".join(sorted(str(a.pk) for a in actions))
    if before != after:
        _record(rec, "recommendation", "actions", before, after, _who(user))


def milestone_create(priority: Priority, title: str, due: dt.date, user) -> Milestone:
    title = title.strip()
    if not title:
        raise PlanError("Enter the milestone's title.")
    milestone = Milestone.objects.create(priority=priority, title=title, due_date=due)
    _record(milestone, "milestone", "created", "", title, _who(user))
    return milestone


def milestone_achieved(milestone: Milestone, on: dt.date | None, user) -> None:
    before = milestone.achieved_on
    milestone.achieved_on = on
    milestone.save(update_fields=["achieved_on"])
    _record(milestone, "milestone", "achieved on", before, on, _who(user))


# Creating plan items and setting measures -------------------------------------------------------


def action_create(priority: Priority, title: str, owner_title: str, due: dt.date, user) -> Action:
    title = title.strip()
    if not title:
        raise PlanError("Enter the action's title.")
    action = Action.objects.create(
        priority=priority, title=title, owner_title=owner_title.strip(), due_date=due
    )
    _record(action, "action", "created", "", title, _who(user), version=action.version)
    return action


def priority_create(theme: Theme, title: str, user) -> Priority:
    title = title.strip()
    if not title:
        raise PlanError("Enter the priority's title.")
    priority = Priority.objects.create(theme=theme, title=title, order=theme.priorities.count())
    _record(priority, "priority", "created", "", title, _who(user))
    return priority


def measure_set(
    measure: Measure, target: float | None, tolerance: float, points: dict[int, float], user
) -> None:
    """Set a measure's target, tolerance and trajectory points (year -> expected value)."""
    if tolerance < 0:
        raise PlanError("The tolerance cannot be negative.")
    by = _who(user)
    for field, value in (("target", target), ("tolerance", tolerance)):
        before = getattr(measure, field)
        if before != value:
            setattr(measure, field, value)
            _record(measure, "measure", field, before, value, by)
    measure.save()
    for year, value in sorted(points.items()):
        point = measure.trajectory.filter(year=year).first()
        if point is None or point.value != value:
            _record(
                measure, "measure", f"trajectory {year}", point.value if point else "", value, by
            )
            TrajectoryPoint.objects.update_or_create(
                measure=measure, year=year, defaults={"value": value}
            )


@transaction.atomic
def recommendation_create(data: dict, actions: list[Action], user) -> Recommendation:
    rec = Recommendation.objects.create(
        source=data["source"],
        source_title=data["source_title"].strip(),
        source_date=data["source_date"],
        reference=(data.get("reference") or "").strip(),
        text=data["text"].strip(),
    )
    rec.actions.set(actions)
    _record(rec, "recommendation", "created", "", rec.text[:300], _who(user), version=rec.version)
    return rec
