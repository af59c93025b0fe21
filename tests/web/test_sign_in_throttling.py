"""Sign-in throttling: five failures within 15 minutes lock the name (or address) out for 15."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from sightline.web.accesslog.models import AccessEntry

pytestmark = pytest.mark.django_db
LOCKED_WORDS = "Too many failed sign-ins"


def _try(client, username, password, address="10.0.0.1"):
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def test_five_failures_lock_the_user_out_even_with_the_right_password(make_user):
    make_user("auditor", username="alex", password="right-password-1")
    client = Client()
    for _ in range(4):
        assert LOCKED_WORDS not in _try(client, "alex", "wrong").content.decode()
    fifth = _try(client, "alex", "wrong")
    assert fifth.status_code == 429 and LOCKED_WORDS in fifth.content.decode()
    refused = _try(client, "alex", "right-password-1", address="10.0.0.2")
    assert refused.status_code == 429 and LOCKED_WORDS in refused.content.decode()
    assert "_auth_user_id" not in client.session
    log = AccessEntry.objects.filter(username="alex", kind=AccessEntry.Kind.ATTEMPT)
    assert log.filter(what="sign-in failed").count() == 5
    assert log.filter(what__startswith="sign-in locked out").count() == 1
    assert log.filter(what="sign-in refused: locked out").count() == 1


def test_one_address_trying_many_names_is_locked_out(make_user):
    make_user("auditor", username="bea", password="right-password-2")
    client = Client()
    for i in range(5):
        _try(client, f"guess{i}", "wrong", address="10.9.9.9")
    assert _try(client, "bea", "right-password-2", address="10.9.9.9").status_code == 429
    # the same user from another address is not locked out by that address
    assert _try(Client(), "bea", "right-password-2", address="10.1.1.1").status_code == 302


def test_the_lock_out_ends_after_15_minutes(make_user):
    make_user("auditor", username="cai", password="right-password-3")
    client = Client()
    for _ in range(5):
        _try(client, "cai", "wrong")
    AccessEntry.objects.filter(username="cai").update(
        at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=16)
    )
    assert _try(client, "cai", "right-password-3").status_code == 302


def test_four_failures_then_success_signs_in(make_user):
    make_user("auditor", username="dee", password="right-password-4")
    client = Client()
    for _ in range(4):
        _try(client, "dee", "wrong")
    assert _try(client, "dee", "right-password-4").status_code == 302
