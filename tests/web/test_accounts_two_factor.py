"""Two-factor sign-in: roles that see child-level data give a code from an authenticator app after
their password (enrolled with a QR code at the first sign-in); the roles are configurable."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import reverse
from totp_code import App, code

from sightline.web.accesslog.models import AccessEntry
from sightline.web.accounts.roles import Role
from sightline.web.accounts.two_factor_roles import CHILD_LEVEL_ROLES, two_factor_roles

pytestmark = pytest.mark.django_db
PASSWORD = "a long enough passphrase 7"


@pytest.fixture
def two_factor_on(settings):
    settings.SIGHTLINE_TWO_FACTOR_ROLES = two_factor_roles(None)  # the default: child-level roles


def _signed_in(make_user, role: str, username: str = "tia") -> Client:
    make_user(role, username=username, password=PASSWORD)
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def _secret(page) -> str:
    found = re.search(r'id="secret-key">([^<]+)<', page.content.decode())
    assert found
    return unescape(found.group(1))


def test_by_default_every_role_that_sees_children_needs_two_factors_and_elected_members_do_not():
    assert set(two_factor_roles(None)) == set(CHILD_LEVEL_ROLES)
    assert Role.TEAM_MANAGER.value in CHILD_LEVEL_ROLES
    assert Role.ELECTED_MEMBER.value not in CHILD_LEVEL_ROLES
    assert two_factor_roles("none") == []
    assert two_factor_roles(" administrator , inspector") == ["administrator", "inspector"]
    with pytest.raises(ImproperlyConfigured, match="'admin' is not a role"):
        two_factor_roles("admin")


def test_the_first_sign_in_enrols_an_app_with_a_qr_code_then_pages_open(two_factor_on, make_user):
    client = _signed_in(make_user, "team_manager")
    # The password alone opens nothing: every page sends to the set-up.
    for path in ("/", "/children/", "/admin/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:two_factor_setup"))
    page = client.get(reverse("accounts:two_factor_setup"))
    assert b"<svg" in page.content and b"QR code" in page.content
    assert b'id="navigation"' not in page.content  # no menu of pages that will not open yet
    secret = _secret(page)

    wrong = client.post(reverse("accounts:two_factor_setup"), {"code": "000000", "next": "/"})
    assert wrong.status_code == 400 and b"The code is not right" in wrong.content
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.update(throttling_failure_count=0, throttling_failure_timestamp=None)
    app = App(secret)
    done = client.post(reverse("accounts:two_factor_setup"), {"code": app.code(), "next": "/"})
    assert done.status_code == 302 and done.url == "/"
    assert client.get("/").status_code == 200
    assert AccessEntry.objects.filter(what="two-factor app set up", username="tia").exists()
    assert AccessEntry.objects.filter(
        what="two-factor set-up: code refused", outcome=AccessEntry.Outcome.DENIED
    ).exists()

    # The next sign-in asks for a code (no new QR code: the secret is not shown again).
    again = _signed_in_again(client)
    response = again.get("/performance/")
    assert response.url.startswith(reverse("accounts:two_factor"))
    assert (
        b'id="secret-key"'
        not in again.get(reverse("accounts:two_factor_setup"), follow=True).content
    )
    verified = again.post(
        reverse("accounts:two_factor"),
        {"code": app.code(), "next": "/performance/"},
    )
    assert verified.status_code == 302 and verified.url == "/performance/"
    assert again.get("/performance/").status_code == 200
    assert AccessEntry.objects.filter(what="two-factor code accepted", username="tia").count() == 2


def _signed_in_again(old: Client) -> Client:
    old.post(reverse("accounts:logout"))
    client = Client()
    client.post(reverse("accounts:login"), {"username": "tia", "password": PASSWORD})
    return client


def test_a_wrong_code_is_refused_and_logged(two_factor_on, make_user):
    client = _signed_in(make_user, "auditor")
    secret = _secret(client.get(reverse("accounts:two_factor_setup")))
    client.post(reverse("accounts:two_factor_setup"), {"code": code(secret)})
    client = _signed_in_again(client)
    response = client.post(reverse("accounts:two_factor"), {"code": "12345x"})
    assert response.status_code == 400
    assert client.get("/").status_code == 302
    assert AccessEntry.objects.filter(
        what="two-factor code refused", outcome=AccessEntry.Outcome.DENIED, username="tia"
    ).exists()


def test_elected_members_sign_in_with_a_password_alone(two_factor_on, make_user):
    client = _signed_in(make_user, "elected_member", username="cllr")
    assert client.get("/").status_code == 200


def test_the_roles_that_need_two_factors_come_from_the_setting(settings, make_user):
    settings.SIGHTLINE_TWO_FACTOR_ROLES = ["elected_member"]
    assert _signed_in(make_user, "elected_member", username="cllr").get("/").status_code == 302
    assert _signed_in(make_user, "team_manager", username="tm").get("/").status_code == 200


def test_an_administrator_removes_a_lost_app_and_the_user_enrols_again(
    two_factor_on, make_user, settings
):
    client = _signed_in(make_user, "qa_lead")
    secret = _secret(client.get(reverse("accounts:two_factor_setup")))
    client.post(reverse("accounts:two_factor_setup"), {"code": code(secret)})
    settings.SIGHTLINE_TWO_FACTOR_ROLES = []  # the administrator's own sign-in is not the point
    admin = Client()
    admin.force_login(make_user("administrator", username="ada"))
    from sightline.web.accounts.models import User

    tia = User.objects.get(username="tia")
    admin.post(reverse("accounts:user_reset_two_factor", args=[tia.pk]))
    settings.SIGHTLINE_TWO_FACTOR_ROLES = two_factor_roles(None)
    again = _signed_in_again(client)
    assert again.get("/").url.startswith(reverse("accounts:two_factor_setup"))
    assert _secret(again.get(reverse("accounts:two_factor_setup"))) != secret
