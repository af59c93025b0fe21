"""The home page's meetings panel: the next board meetings, the reader's own bodies marked."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone

from sightline.web.core import engine, home
from sightline.web.governance.models import Meeting

SHOWN = 5


@home.panel(order=30)
def meetings_coming(request: HttpRequest) -> home.Panel | None:
    # "Today" is the app's (the data's end in a demo), so a demo calendar reads as it would live.
    start = dt.datetime.combine(engine.today(), dt.time.min, tzinfo=timezone.get_current_timezone())
    meetings = list(
        Meeting.objects.select_related("body").filter(date__gte=start).order_by("date")[:SHOWN]
    )
    if not meetings:
        return None
    mine = set(
        Meeting.objects.filter(
            pk__in=[m.pk for m in meetings], body__members__user=request.user
        ).values_list("pk", flat=True)
    )
    lines = [{"meeting": m, "mine": m.pk in mine} for m in meetings]
    return home.Panel("Board meetings coming", "governance/_home.html", {"lines": lines})
