"""Two-factor sign-in for single sign-on users, against the real test provider: a session counts as
two-factor when the provider's ID token says it did multi-factor sign-in (`amr` holds "mfa"), or
when the council says its provider always requires it (SIGHTLINE_OIDC_TRUSTS_PROVIDER_MFA=1);
otherwise the user gives a code from an authenticator app, as a password user does."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse
from test_single_sign_on import sso_sign_in
from totp_code import App

from sightline.web.accesslog.models import AccessEntry
from sightline.web.accounts import two_factor
from sightline.web.accounts.roles import Role
from sightline.web.accounts.sso_config import SSOConfigError, sso_config
from sightline.web.accounts.two_factor_roles import two_factor_roles

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_factor_on(settings):
    settings.SIGHTLINE_TWO_FACTOR_ROLES = two_factor_roles(None)  # the default: child-level roles


def _trust_provider(settings, trusted: bool) -> None:
    from dataclasses import replace

    settings.SIGHTLINE_SSO = replace(settings.SIGHTLINE_SSO, trusts_provider_mfa=trusted)


def test_a_provider_that_did_multi_factor_sign_in_opens_pages_without_a_code_here(
    identity_provider, sso_settings, two_factor_on
):
    client = Client()
    response = sso_sign_in(client, identity_provider, "tm.mfa", next_url="/children/")
    assert response.status_code == 302 and response["Location"] == "/children/"
    assert client.session["sightline_signed_in_by"] == "single sign-on"
    assert client.session["sightline_provider_amr"] == ["pwd", "mfa"]
    assert client.get("/").status_code == 200
    assert client.get("/children/").status_code == 200
    entry = AccessEntry.objects.get(what="two-factor done at the identity provider")
    assert entry.username == "tm.mfa" and "amr: pwd, mfa" in entry.detail
    profile = client.get(reverse("accounts:profile")).content.decode()
    assert "Done by your council's sign-in service" in profile
    from django_otp.plugins.otp_totp.models import TOTPDevice

    assert not TOTPDevice.objects.exists()  # no app asked for


def test_a_password_alone_at_the_provider_asks_for_an_app_here(
    identity_provider, sso_settings, two_factor_on
):
    client = Client()
    sso_sign_in(client, identity_provider, "tm.north")
    assert client.session["sightline_signed_in_by"] == "single sign-on"
    assert client.session["sightline_provider_amr"] == ["pwd"]
    for path in ("/", "/children/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:two_factor_setup"))
    page = client.get(reverse("accounts:two_factor_setup")).content.decode()
    app = App(unescape(re.search(r'id="secret-key">([^<]+)<', page).group(1)))
    done = client.post(reverse("accounts:two_factor_setup"), {"code": app.code(), "next": "/"})
    assert done.status_code == 302 and done.url == "/"
    assert client.get("/children/").status_code == 200
    assert not AccessEntry.objects.filter(what="two-factor done at the identity provider").exists()

    # The next single sign-on asks for a code from the app set up.
    again = Client()
    sso_sign_in(again, identity_provider, "tm.north")
    assert again.get("/").url.startswith(reverse("accounts:two_factor"))
    verified = again.post(reverse("accounts:two_factor"), {"code": app.code(), "next": "/"})
    assert verified.status_code == 302
    assert again.get("/children/").status_code == 200


def test_a_council_can_say_its_provider_always_requires_multi_factor(
    identity_provider, sso_settings, two_factor_on, settings
):
    _trust_provider(settings, True)
    client = Client()
    sso_sign_in(client, identity_provider, "tm.north")  # amr: pwd only
    assert client.get("/children/").status_code == 200
    entry = AccessEntry.objects.get(what="two-factor done at the identity provider")
    assert "SIGHTLINE_OIDC_TRUSTS_PROVIDER_MFA" in entry.detail
    # Taken back, it holds at once: the same session now needs a code here.
    _trust_provider(settings, False)
    assert client.get("/children/").url.startswith(reverse("accounts:two_factor_setup"))


def test_a_password_sign_in_does_not_inherit_the_providers_multi_factor(
    identity_provider, sso_settings, two_factor_on, make_user
):
    """The same person, once by single sign-on with multi-factor, then by their old password in
    the same browser: the password session asks for a code."""
    make_user(Role.TEAM_MANAGER, username="tm.mfa", password="an old password 12345")
    client = Client()
    sso_sign_in(client, identity_provider, "tm.mfa")
    assert client.get("/").status_code == 200
    assert client.login(username="tm.mfa", password="an old password 12345")
    assert "sightline_signed_in_by" not in client.session
    assert "sightline_provider_amr" not in client.session
    assert client.get("/").url.startswith(reverse("accounts:two_factor_setup"))


def test_roles_without_two_factor_sign_in_by_the_provider_alone(
    identity_provider, sso_settings, two_factor_on
):
    client = Client()
    sso_sign_in(client, identity_provider, "cllr.member")  # elected member, amr: pwd
    assert client.get("/").status_code == 200
    assert not AccessEntry.objects.filter(what="two-factor done at the identity provider").exists()


def test_the_amr_claim_is_read_as_a_list_or_one_word():
    assert two_factor.amr_values(["pwd", "MFA"]) == ["pwd", "mfa"]
    assert two_factor.amr_values("mfa") == ["mfa"]
    assert two_factor.amr_values(None) == []
    assert two_factor.amr_values({"mfa": True}) == []  # not a list: says nothing


@pytest.mark.parametrize(("text", "trusted"), [("", False), ("0", False), ("1", True),
                                               ("yes", True), ("false", False)])  # fmt: skip
def test_trusting_the_providers_multi_factor_is_off_unless_said(text, trusted):
    environ = {"SIGHTLINE_OIDC_ISSUER": "https://idp.example", "SIGHTLINE_OIDC_CLIENT_ID": "a",
               "SIGHTLINE_OIDC_CLIENT_SECRET": "b", "SIGHTLINE_OIDC_ROLE_GROUPS": "g=auditor",
               "SIGHTLINE_OIDC_TRUSTS_PROVIDER_MFA": text}  # fmt: skip
    assert sso_config(environ).trusts_provider_mfa is trusted


def test_a_mistyped_trust_setting_is_named():
    environ = {"SIGHTLINE_OIDC_ISSUER": "https://idp.example", "SIGHTLINE_OIDC_CLIENT_ID": "a",
               "SIGHTLINE_OIDC_CLIENT_SECRET": "b", "SIGHTLINE_OIDC_ROLE_GROUPS": "g=auditor",
               "SIGHTLINE_OIDC_TRUSTS_PROVIDER_MFA": "always"}  # fmt: skip
    with pytest.raises(SSOConfigError, match="SIGHTLINE_OIDC_TRUSTS_PROVIDER_MFA"):
        sso_config(environ)
