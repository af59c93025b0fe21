"""The home page's actions panel: the improvement actions the reader owns that are not complete,
overdue or due in the next 28 days first."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest

from sightline.web.core import engine, home
from sightline.web.improvement.models import Action

SOON = dt.timedelta(days=28)


@home.panel(order=20)
def my_actions(request: HttpRequest) -> home.Panel | None:
    actions = list(
        Action.objects.filter(owner=request.user)
        .exclude(status=Action.Status.COMPLETE)
        .select_related("priority__theme")
        .order_by("due_date", "id")
    )
    if not actions:
        return None
    today = engine.today()
    lines = [
        {
            "action": a,
            "overdue": a.due_date < today,
            "soon": today <= a.due_date <= today + SOON,
            "blocked": a.status == Action.Status.BLOCKED,
        }
        for a in actions
    ]
    return home.Panel("My actions", "improvement/_home.html", {"lines": lines, "today": today})


@home.digest_section(order=20)
def my_actions_digest(user, base_url: str) -> list[str]:
    today = engine.today()
    actions = [
        a
        for a in Action.objects.filter(owner=user)
        .exclude(status=Action.Status.COMPLETE)
        .order_by("due_date", "id")
        if a.due_date <= today + SOON
    ]
    if not actions:
        return []
    lines = ["Your improvement actions overdue or due in the next four weeks:"]
    for a in actions[:10]:
        flag = "OVERDUE, " if a.due_date < today else ""
        lines.append(f"  - {a.title} ({flag}due {a.due_date.day} {a.due_date:%B %Y})")
    lines.append(f"  See the plan: {base_url}/improvement/")
    return lines
