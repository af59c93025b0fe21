"""Sign-in throttling: 5 failures lock a user name; only many more lock an address.

A user name is locked for 15 minutes after 5 failed sign-ins for it within 15 minutes, from any
address. An address is locked only after SIGHTLINE_SIGNIN_ADDRESS_LIMIT (default 50) failures
across user names, so one person mistyping does not lock out everyone sharing an address (an
office behind a proxy, or `make demo` on 127.0.0.1). X-Forwarded-For is believed only from a proxy
named in SIGHTLINE_TRUSTED_PROXIES.
"""

import datetime as dt

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, RequestFactory
from django.urls import reverse

from sightline.web.accesslog.models import AccessEntry
from sightline.web.accounts.client_address import client_address

pytestmark = pytest.mark.django_db
LOCKED_WORDS = "Too many failed sign-ins"
WRONG_PASSWORD_WORDS = "Enter a correct username and password"


def _try(client, username, password, address="10.0.0.1", **headers):
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        **headers,
    )


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


# 1. A user name is locked after 5 failures, from any address.


def test_five_failures_lock_the_user_name_even_with_the_right_password(make_user):
    make_user("auditor", username="alex", password="right-password-1")
    client = Client()
    for _ in range(4):
        assert LOCKED_WORDS not in _try(client, "alex", "wrong").content.decode()
    fifth = _try(client, "alex", "wrong")
    assert fifth.status_code == 429 and LOCKED_WORDS in fifth.content.decode()
    refused = _try(client, "alex", "right-password-1", address="10.0.0.2")
    assert refused.status_code == 429 and LOCKED_WORDS in refused.content.decode()
    assert not _signed_in(client)
    log = AccessEntry.objects.filter(username="alex", kind=AccessEntry.Kind.ATTEMPT)
    assert log.filter(what="sign-in failed").count() == 5
    assert log.filter(what__startswith="sign-in locked out").count() == 1
    assert log.filter(what="sign-in refused: locked out").count() == 1


def test_failures_for_one_name_from_several_addresses_add_up(make_user):
    make_user("auditor", username="ann", password="right-password-a")
    for i in range(5):
        _try(Client(), "ann", "wrong", address=f"10.0.0.{i + 1}")
    assert _try(Client(), "ann", "right-password-a", address="10.0.0.99").status_code == 429


def test_a_locked_name_does_not_lock_colleagues_on_the_same_address(make_user):
    make_user("auditor", username="ben", password="right-password-b")
    make_user("auditor", username="bo", password="right-password-c")
    for _ in range(5):
        _try(Client(), "ben", "wrong", address="127.0.0.1")
    assert _try(Client(), "ben", "right-password-b", address="127.0.0.1").status_code == 429
    colleague = Client()
    assert _try(colleague, "bo", "right-password-c", address="127.0.0.1").status_code == 302
    assert _signed_in(colleague)


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


def test_failures_older_than_15_minutes_do_not_count(make_user):
    make_user("auditor", username="eve", password="right-password-5")
    for _ in range(4):
        _try(Client(), "eve", "wrong")
    AccessEntry.objects.filter(username="eve").update(
        at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=16)
    )
    for _ in range(4):
        assert _try(Client(), "eve", "wrong").status_code == 200
    assert _try(Client(), "eve", "right-password-5").status_code == 302


# 2. An address is locked only after many failures across user names.


def test_one_person_mistyping_does_not_lock_the_address(make_user, settings):
    settings.SIGHTLINE_SIGNIN_ADDRESS_LIMIT = 50
    make_user("auditor", username="fay", password="right-password-6")
    for i in range(10):  # two people each lock their own name: 10 failures from one address
        _try(Client(), f"typo{i % 2}", "wrong", address="127.0.0.1")
    assert _try(Client(), "fay", "right-password-6", address="127.0.0.1").status_code == 302


def test_spraying_many_names_from_one_address_locks_that_address(make_user, settings):
    settings.SIGHTLINE_SIGNIN_ADDRESS_LIMIT = 6
    make_user("auditor", username="bea", password="right-password-2")
    for i in range(5):
        assert _try(Client(), f"guess{i}", "wrong", address="10.9.9.9").status_code == 200
    sixth = _try(Client(), "guess5", "wrong", address="10.9.9.9")
    assert sixth.status_code == 429 and LOCKED_WORDS in sixth.content.decode()
    # the right password from the locked address is refused, without being checked
    client = Client()
    assert _try(client, "bea", "right-password-2", address="10.9.9.9").status_code == 429
    assert not _signed_in(client)
    # the same user from another address is not locked out by that address
    assert _try(Client(), "bea", "right-password-2", address="10.1.1.1").status_code == 302
    locks = AccessEntry.objects.filter(what__startswith="sign-in locked out", ip="10.9.9.9")
    assert locks.count() == 1


def test_the_address_limit_defaults_to_50():
    from django.conf import settings

    assert settings.SIGHTLINE_SIGNIN_ADDRESS_LIMIT == 50


def test_address_lock_ends_after_15_minutes(make_user, settings):
    settings.SIGHTLINE_SIGNIN_ADDRESS_LIMIT = 3
    make_user("auditor", username="gus", password="right-password-7")
    for i in range(3):
        _try(Client(), f"guess{i}", "wrong", address="10.9.9.8")
    assert _try(Client(), "gus", "right-password-7", address="10.9.9.8").status_code == 429
    AccessEntry.objects.update(at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=16))
    assert _try(Client(), "gus", "right-password-7", address="10.9.9.8").status_code == 302


# 3. The client address: REMOTE_ADDR unless a trusted proxy forwarded it.


def _address_of(remote_addr, forwarded_for=None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for is not None else {}
    return client_address(RequestFactory().get("/", REMOTE_ADDR=remote_addr, **headers))


def test_a_forged_forwarded_header_is_ignored_without_trusted_proxies(settings):
    settings.SIGHTLINE_TRUSTED_PROXIES = []
    assert _address_of("203.0.113.7", "198.51.100.1") == "203.0.113.7"


def test_a_forwarded_header_from_an_untrusted_peer_is_ignored(settings):
    settings.SIGHTLINE_TRUSTED_PROXIES = ["10.0.0.5"]
    assert _address_of("203.0.113.7", "198.51.100.1") == "203.0.113.7"


def test_a_trusted_proxy_gives_the_right_most_untrusted_address(settings):
    settings.SIGHTLINE_TRUSTED_PROXIES = ["10.0.0.5", "10.0.0.6"]
    # the client forged the first entry; our proxies appended the rest
    assert _address_of("10.0.0.5", "1.1.1.1, 198.51.100.1, 10.0.0.6") == "198.51.100.1"
    assert _address_of("10.0.0.5", "198.51.100.1") == "198.51.100.1"


def test_trusted_proxies_may_be_networks(settings):
    settings.SIGHTLINE_TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert _address_of("10.2.3.4", "198.51.100.1, 10.9.9.9") == "198.51.100.1"


def test_a_trusted_proxy_without_a_usable_forwarded_address_is_the_address(settings):
    settings.SIGHTLINE_TRUSTED_PROXIES = ["10.0.0.5"]
    assert _address_of("10.0.0.5") == "10.0.0.5"
    assert _address_of("10.0.0.5", "1.1.1.1, not-an-address") == "10.0.0.5"


def test_a_forged_header_cannot_dodge_the_address_lock(make_user, settings):
    settings.SIGHTLINE_TRUSTED_PROXIES = []
    settings.SIGHTLINE_SIGNIN_ADDRESS_LIMIT = 3
    for i in range(3):
        _try(Client(), f"guess{i}", "wrong", address="10.9.9.7", HTTP_X_FORWARDED_FOR=f"1.1.1.{i}")
    forged = _try(Client(), "guess9", "wrong", address="10.9.9.7", HTTP_X_FORWARDED_FOR="1.1.1.9")
    assert forged.status_code == 429
    assert set(AccessEntry.objects.values_list("ip", flat=True)) == {"10.9.9.7"}


def test_behind_a_trusted_proxy_users_are_counted_by_their_own_address(make_user, settings):
    settings.SIGHTLINE_TRUSTED_PROXIES = ["10.0.0.5"]
    settings.SIGHTLINE_SIGNIN_ADDRESS_LIMIT = 3
    make_user("auditor", username="hal", password="right-password-8")
    for i in range(3):
        _try(
            Client(), f"guess{i}", "wrong", address="10.0.0.5", HTTP_X_FORWARDED_FOR="198.51.100.9"
        )
    via_proxy = {"address": "10.0.0.5", "HTTP_X_FORWARDED_FOR": "198.51.100.9"}
    assert _try(Client(), "hal", "right-password-8", **via_proxy).status_code == 429
    via_proxy["HTTP_X_FORWARDED_FOR"] = "198.51.100.10"
    assert _try(Client(), "hal", "right-password-8", **via_proxy).status_code == 302
    assert AccessEntry.objects.filter(ip="198.51.100.9").exists()
    assert not AccessEntry.objects.filter(ip="10.0.0.5").exists()


def test_a_mistyped_trusted_proxy_setting_stops_start_up(monkeypatch):
    from sightline.web import settings as web_settings

    with pytest.raises(ImproperlyConfigured, match=r"'10\.0\.0\.x' is not an IP address"):
        web_settings._trusted_proxies("10.0.0.5, 10.0.0.x")
    monkeypatch.setenv("SIGHTLINE_SIGNIN_ADDRESS_LIMIT", "lots")
    with pytest.raises(ImproperlyConfigured, match="SIGHTLINE_SIGNIN_ADDRESS_LIMIT: 'lots'"):
        web_settings._positive_whole_number("SIGHTLINE_SIGNIN_ADDRESS_LIMIT", 50)


# 4. Messages are plain and do not reveal whether a user name exists.


def _page_text(response) -> str:
    return response.content.decode().replace('value="ivy"', "").replace('value="nobody"', "")


def test_messages_are_the_same_for_a_real_and_an_unknown_user_name(make_user):
    make_user("auditor", username="ivy", password="right-password-9")
    real, unknown = Client(), Client()
    wrong_real = _try(real, "ivy", "wrong")
    wrong_unknown = _try(unknown, "nobody", "wrong")
    assert WRONG_PASSWORD_WORDS in wrong_real.content.decode()
    assert WRONG_PASSWORD_WORDS in wrong_unknown.content.decode()
    for _ in range(4):
        locked_real = _try(real, "ivy", "wrong")
        locked_unknown = _try(unknown, "nobody", "wrong")
    assert locked_real.status_code == locked_unknown.status_code == 429
    assert LOCKED_WORDS in locked_real.content.decode()

    def message(response):
        text = response.content.decode()
        start = text.index(LOCKED_WORDS)
        return text[start : text.index("<", start)]

    assert message(locked_real) == message(locked_unknown)
    assert "user name" not in message(locked_real)


# 5. Administrators see lock-outs in the access log.


def test_lock_outs_are_in_the_access_log_for_administrators(make_user, client_as):
    make_user("auditor", username="jo", password="right-password-10")
    for _ in range(6):
        _try(Client(), "jo", "wrong", address="10.4.4.4")
    page = client_as("administrator").get(reverse("accesslog:search"), {"username": "jo"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "sign-in locked out" in text and "sign-in refused: locked out" in text
