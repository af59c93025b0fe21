"""The home page's audits panel: the reader's audits to do and, for QA leads, audits waiting for a
second read. Counts only: the pages behind the links name the children and log who saw them."""

from __future__ import annotations

from django.http import HttpRequest

from sightline.web.accounts.permissions import has_capability
from sightline.web.accounts.roles import Capability
from sightline.web.audits.models import Audit
from sightline.web.core import home


def _counts(user) -> dict[str, int]:
    mine = Audit.objects.filter(auditor=user)
    found = {
        "to_start": mine.filter(status=Audit.Status.ALLOCATED).count(),
        "in_progress": mine.filter(status=Audit.Status.IN_PROGRESS).count(),
        "to_moderate": 0,
    }
    if has_capability(user, Capability.MANAGE_AUDITS):
        found["to_moderate"] = (
            Audit.objects.filter(status=Audit.Status.SUBMITTED, moderation__isnull=False)
            .exclude(auditor=user)
            .count()
        )
    return found


@home.panel(order=25)
def my_audits(request: HttpRequest) -> home.Panel | None:
    if not has_capability(request.user, Capability.RUN_AUDITS):
        return None
    counts = _counts(request.user)
    if not any(counts.values()):
        return None
    return home.Panel("My audits", "audits/_home.html", counts)


@home.digest_section(order=25)
def my_audits_digest(user, base_url: str) -> list[str]:
    if not has_capability(user, Capability.RUN_AUDITS):
        return []
    counts = _counts(user)
    if not any(counts.values()):
        return []
    lines = [
        f"Your case audits: {counts['to_start']} to start, {counts['in_progress']} in progress.",
        f"  See your cases: {base_url}/audits/my-cases/",
    ]
    if waiting := counts["to_moderate"]:
        what = "submitted audit waits" if waiting == 1 else "submitted audits wait"
        lines.append(f"  {waiting} {what} for moderation: {base_url}/audits/moderation/")
    return lines
