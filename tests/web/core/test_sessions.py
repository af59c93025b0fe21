"""Sessions slide with use but are not written on every request."""

from __future__ import annotations

from django.contrib.sessions.models import Session
from django.urls import reverse

from sightline.web.core.sessions import STAMP


def _row(client) -> Session:
    return Session.objects.get(session_key=client.session.session_key)


def test_a_burst_of_pages_writes_the_session_once_and_a_later_page_extends_it(client_as):
    client = client_as("performance_analyst")
    assert client.get(reverse("core:home")).status_code == 200
    first = _row(client).expire_date
    for _ in range(3):
        client.get(reverse("core:home"))
    assert _row(client).expire_date == first  # no write per request

    session = client.session  # as if the last save was two minutes ago
    session[STAMP] = int(session[STAMP]) - 120
    session.save()
    saved = _row(client).expire_date
    client.get(reverse("core:home"))
    assert _row(client).expire_date > saved  # a minute on: the expiry moves with use
