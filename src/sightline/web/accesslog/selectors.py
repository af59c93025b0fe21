from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from sightline.web.accesslog.models import AccessEntry


def access_entries(
    username: str = "",
    child_id: str = "",
    outcome: str = "",
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[AccessEntry]:
    entries = AccessEntry.objects.all()
    if username:
        entries = entries.filter(username__icontains=username)
    if child_id:
        entries = entries.filter(child_id=child_id) | entries.filter(detail__contains=child_id)
    if outcome:
        entries = entries.filter(outcome=outcome)
    if since:
        entries = entries.filter(at__date__gte=since)
    if until:
        entries = entries.filter(at__date__lte=until)
    return entries.order_by("-at", "-id")
