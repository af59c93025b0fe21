"""Sessions slide with use but are not written on every request."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from sightline.web.accounts.models import User
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


def test_an_expired_session_signs_the_user_out_and_a_new_one_is_issued(client_as):
    client = client_as("performance_analyst")
    assert client.get(reverse("core:home")).status_code == 200
    key = client.session.session_key
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - dt.timedelta(1))
    response = client.get(reverse("core:home"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    assert client.session.session_key != key  # the expired key is not taken up again


def test_a_session_key_the_database_never_issued_is_not_signed_in(client, db):
    client.cookies[settings.SESSION_COOKIE_NAME] = "x" * 32
    response = client.get(reverse("core:home"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_the_signed_in_user_is_read_as_the_orm_reads_them(client_as):
    client = client_as("team_manager")
    response = client.get(reverse("core:home"))
    user = response.wsgi_request.user
    stored = User.objects.get(pk=user.pk)
    for field in User._meta.concrete_fields:
        assert getattr(user, field.attname) == getattr(stored, field.attname), field.name
    assert user.last_login.tzinfo is not None and isinstance(user.is_active, bool)
    assert user.team_names == stored.team_names


def test_a_deactivated_users_open_session_stops_on_the_next_page(client_as):
    client = client_as("performance_analyst")
    assert client.get(reverse("core:home")).status_code == 200
    User.objects.filter(pk=client.session["_auth_user_id"]).update(is_active=False)
    response = client.get(reverse("core:home"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
