"""Signing out of Sightline after single sign-on ends the session at the identity provider too
(OpenID Connect RP-initiated logout), against the real provider started for the tests."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urljoin, urlparse

import pytest
import requests
from django.test import Client
from django.urls import reverse

from sightline.web.accesslog.models import AccessEntry

pytestmark = pytest.mark.django_db


def authorize(client: Client) -> str:
    start = client.get(reverse("sso:start"))
    assert start.status_code == 302
    return start["Location"]


def sign_in_at_provider(browser: requests.Session, authorize_url: str, username: str, password):
    """The provider's sign-in form; returns the callback URL it sends the browser back to."""
    answer = browser.get(authorize_url, allow_redirects=False, timeout=30)
    login_url = urljoin(authorize_url, answer.headers["Location"])
    form = browser.get(login_url, timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    nxt = parse_qs(urlparse(login_url).query)["next"][0]
    answer = browser.post(
        login_url,
        data={"username": username, "password": password, "csrfmiddlewaretoken": token,
              "next": nxt},
        allow_redirects=False, timeout=30,
    )  # fmt: skip
    assert answer.status_code == 302
    answer = browser.get(urljoin(login_url, answer.headers["Location"]), allow_redirects=False)
    return answer.headers["Location"]


def signed_in_at_provider(browser: requests.Session, client: Client) -> bool:
    """Whether the provider still knows the browser: it answers a new sign-in at once with a
    code for Sightline, rather than with its sign-in form."""
    answer = browser.get(authorize(client), allow_redirects=False, timeout=30)
    assert answer.status_code == 302
    return answer.headers["Location"].startswith("http://testserver/accounts/oidc/callback/")


def test_signing_out_ends_the_session_at_the_provider(identity_provider, sso_settings):
    client, browser = Client(), requests.Session()
    callback = sign_in_at_provider(
        browser, authorize(client), "ana.lyst", identity_provider.password
    )
    assert client.get(callback.removeprefix("http://testserver")).status_code == 302
    assert "_auth_user_id" in client.session
    assert signed_in_at_provider(browser, Client())  # the provider's session is open

    response = client.post(reverse("accounts:logout"))
    assert "_auth_user_id" not in client.session  # signed out of Sightline
    assert response.status_code == 200
    url = response["Refresh"].removeprefix("0; url=")
    assert f'href="{url}"'.replace("&", "&amp;") in response.content.decode()
    assert "You have signed out of Sightline" in response.content.decode()
    end_session = requests.get(
        f"{identity_provider.issuer}/.well-known/openid-configuration", timeout=30
    ).json()["end_session_endpoint"]
    assert url.startswith(end_session + "?")
    query = parse_qs(urlparse(url).query)
    assert query["client_id"] == ["sightline"]
    assert query["post_logout_redirect_uri"] == ["http://testserver/accounts/sign-in/"]
    assert query["id_token_hint"][0].count(".") == 2  # the ID token Sightline was given

    back = browser.get(unescape(url), allow_redirects=False, timeout=30)
    assert back.status_code == 302 and back.headers["Location"] == (
        "http://testserver/accounts/sign-in/"
    )
    assert not signed_in_at_provider(browser, Client())  # the provider asks for a password again
    assert AccessEntry.objects.filter(username="ana.lyst", what="signed out").exists()


def test_a_password_session_signs_out_here_only(identity_provider, sso_settings, make_user):
    make_user("performance_analyst", username="pat", password="right-password-p")
    client = Client()
    client.post(reverse("accounts:login"), {"username": "pat", "password": "right-password-p"})
    assert "_auth_user_id" in client.session
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:login")


def test_sign_out_at_the_provider_can_be_turned_off(identity_provider, settings):
    from sightline.web.accounts import sso
    from sightline.web.accounts.sso_config import oidc_settings

    environ = {**identity_provider.environ(), "SIGHTLINE_OIDC_SIGN_OUT_AT_PROVIDER": "0"}
    for name, value in oidc_settings(environ).items():
        setattr(settings, name, value)
    sso.forget_discovery()
    client, browser = Client(), requests.Session()
    callback = sign_in_at_provider(
        browser, authorize(client), "cllr.member", identity_provider.password
    )
    client.get(callback.removeprefix("http://testserver"))
    assert "_auth_user_id" in client.session
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in client.session
    assert signed_in_at_provider(browser, Client())  # the provider's session is left open
