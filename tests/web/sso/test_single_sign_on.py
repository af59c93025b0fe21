"""Single sign-on against a real OpenID Connect provider started for the tests (conftest.py): the
code flow with PKCE, the ID token verified against the provider's keys, roles and teams from the
provider's groups, refusals plainly worded and logged."""

from __future__ import annotations

import re
import socket
import time
from urllib.parse import parse_qs, urljoin, urlparse

import jwt
import pytest
import requests
from django.test import Client
from django.urls import reverse

from sightline.web.accesslog.models import AccessEntry
from sightline.web.accounts.models import User
from sightline.web.accounts.roles import Role
from sightline.web.accounts.sso_config import SSOConfigError, sso_config

pytestmark = pytest.mark.django_db


def provider_sign_in(authorize_url: str, username: str, password: str) -> str:
    """The browser's part at the provider: its sign-in form, then back to Sightline. Returns the
    callback URL the provider sends the browser to."""
    browser = requests.Session()
    answer = browser.get(authorize_url, allow_redirects=False, timeout=30)
    assert answer.status_code == 302, answer.text[:500]
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
    assert answer.status_code == 302, "the provider refused the test user's password"
    answer = browser.get(urljoin(login_url, answer.headers["Location"]), allow_redirects=False)
    assert answer.status_code == 302, answer.text[:500]
    return answer.headers["Location"]


def sso_sign_in(client: Client, provider, username: str, next_url: str = ""):
    start = client.get(reverse("sso:start") + (f"?next={next_url}" if next_url else ""))
    assert start.status_code == 302
    authorize = start["Location"]
    assert authorize.startswith(provider.issuer + "/authorize/")
    query = parse_qs(urlparse(authorize).query)
    assert query["code_challenge_method"] == ["S256"] and query["nonce"]
    callback = provider_sign_in(authorize, username, provider.password)
    assert callback.startswith("http://testserver/accounts/oidc/callback/?")
    return client.get(callback.removeprefix("http://testserver"))


def test_sign_in_creates_the_user_with_the_role_their_groups_give(identity_provider, sso_settings):
    client = Client()
    response = sso_sign_in(client, identity_provider, "ana.lyst")
    assert response.status_code == 302 and response["Location"] == reverse("core:home")
    user = User.objects.get(username="ana.lyst")
    assert user.role == Role.PERFORMANCE_ANALYST
    assert user.email == "ana.lyst@council.example"
    assert not user.has_usable_password()  # no password of ours to guess
    assert client.session["_auth_user_id"] == str(user.pk)  # signed in
    signed_in = AccessEntry.objects.get(kind=AccessEntry.Kind.SIGN_IN, username="ana.lyst")
    assert signed_in.what == "signed in (single sign-on)"
    assert signed_in.outcome == AccessEntry.Outcome.VIEWED


def test_team_managers_get_the_teams_their_groups_give(identity_provider, sso_settings):
    sso_sign_in(Client(), identity_provider, "tm.both")
    user = User.objects.get(username="tm.both")
    assert user.role == Role.TEAM_MANAGER
    assert user.team_names == {"Team North", "Team South"}


def test_role_and_teams_follow_the_provider_at_each_sign_in(
    identity_provider, sso_settings, make_user
):
    """An existing user's role and teams are replaced by what the groups say, with history."""
    from sightline.web.common.models import Change

    make_user(Role.ELECTED_MEMBER, username="tm.north", teams=("Team South", "Old team"))
    sso_sign_in(Client(), identity_provider, "tm.north")
    user = User.objects.get(username="tm.north")
    assert user.role == Role.TEAM_MANAGER
    assert user.team_names == {"Team North"}
    changes = {c.field: (c.before, c.after) for c in Change.objects.filter(item_id=user.pk)}
    assert changes["role"] == ("Elected member", "Team manager")
    assert changes["teams"] == ("Old team, Team South", "Team North")


def test_the_first_listed_group_decides_between_two_roles(identity_provider, sso_settings):
    sso_sign_in(Client(), identity_provider, "council.admin")  # administrators and analysts
    user = User.objects.get(username="council.admin")
    assert user.role == Role.ADMINISTRATOR
    assert user.is_staff and not user.is_superuser


def test_a_user_whose_groups_give_no_role_is_refused_plainly_and_logged(
    identity_provider, sso_settings
):
    client = Client()
    response = sso_sign_in(client, identity_provider, "canteen.staff")
    assert response.status_code == 403
    text = response.content.decode()
    assert "You cannot sign in to Sightline with your council account" in text
    assert "give no Sightline role" in text
    assert "Traceback" not in text
    assert not User.objects.filter(username="canteen.staff").exists()
    assert client.get(reverse("core:home")).status_code == 302  # not signed in
    refusal = AccessEntry.objects.get(username="canteen.staff")
    assert refusal.kind == AccessEntry.Kind.SIGN_IN
    assert refusal.outcome == AccessEntry.Outcome.DENIED
    assert refusal.what.startswith("single sign-on refused")
    assert "all-staff" in refusal.detail


def test_a_deactivated_user_is_refused(identity_provider, sso_settings, make_user):
    user = make_user(Role.PERFORMANCE_ANALYST, username="ana.lyst")
    user.is_active = False
    user.save()
    response = sso_sign_in(Client(), identity_provider, "ana.lyst")
    assert response.status_code == 403
    assert "deactivated" in response.content.decode()


def test_a_user_deactivated_while_signed_in_by_single_sign_on_is_signed_out(
    identity_provider, sso_settings
):
    client = Client()
    sso_sign_in(client, identity_provider, "ana.lyst")
    assert client.get(reverse("core:home")).status_code == 200
    User.objects.filter(username="ana.lyst").update(is_active=False)
    response = client.get(reverse("core:home"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_a_code_replayed_or_forged_is_refused(identity_provider, sso_settings):
    client = Client()
    start = client.get(reverse("sso:start"))
    callback = provider_sign_in(start["Location"], "ana.lyst", identity_provider.password)
    path = callback.removeprefix("http://testserver")
    assert client.get(path).status_code == 302  # signed in
    # The same answer again (someone who copied the address): the state is used up.
    other = Client()
    assert other.get(path).status_code == 403
    # A state this browser never asked for.
    state_forged = Client()
    state_forged.get(reverse("sso:start"))
    forged = re.sub(r"state=[^&]+", "state=forged", path)
    response = state_forged.get(forged)
    assert response.status_code == 400
    assert "could not be verified" in response.content.decode()
    assert AccessEntry.objects.filter(outcome=AccessEntry.Outcome.DENIED).count() == 2


def test_a_provider_naming_another_issuer_is_not_trusted(identity_provider, settings):
    from sightline.web.accounts import sso
    from sightline.web.accounts.sso_config import oidc_settings

    environ = identity_provider.environ()
    environ["SIGHTLINE_OIDC_DISCOVERY_URL"] = (
        f"{identity_provider.issuer}/.well-known/openid-configuration"
    )
    environ["SIGHTLINE_OIDC_ISSUER"] = "https://login.microsoftonline.com/some-tenant/v2.0"
    for name, value in oidc_settings(environ).items():
        setattr(settings, name, value)
    sso.forget_discovery()
    response = Client().get(reverse("sso:start"))
    assert response.status_code == 503 or response.status_code == 403
    assert "could not be verified" in response.content.decode()


def test_an_id_token_for_another_application_is_refused(sso_settings):
    """The library leaves the audience unchecked; Sightline checks it, and the issuer."""
    from cryptography.hazmat.primitives.asymmetric import rsa
    from django.core.exceptions import SuspiciousOperation

    from sightline.web.accounts.sso import SingleSignOnOIDCBackend

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = int(time.time())
    claims = {"iss": sso_settings.issuer, "sub": "1", "iat": now, "exp": now + 300}
    backend = SingleSignOnOIDCBackend()
    backend.conf = sso_settings
    good = jwt.encode({**claims, "aud": sso_settings.client_id}, key, algorithm="RS256")
    assert backend._verify_jws(good, key.public_key())["sub"] == "1"
    for bad in (
        {**claims, "aud": "another-application"},
        {**claims, "aud": sso_settings.client_id, "iss": "https://elsewhere.example"},
        {**claims, "aud": sso_settings.client_id, "exp": now - 3600},
    ):
        token = jwt.encode(bad, key, algorithm="RS256")
        with pytest.raises(SuspiciousOperation):
            backend._verify_jws(token, key.public_key())


def test_the_sign_in_page_offers_single_sign_on_only_when_set_up(client, settings):
    settings.SIGHTLINE_SSO = None
    assert "council account" not in client.get(reverse("accounts:login")).content.decode()
    settings.SIGHTLINE_SSO = sso_config(
        {"SIGHTLINE_OIDC_ISSUER": "https://idp.example", "SIGHTLINE_OIDC_CLIENT_ID": "a",
         "SIGHTLINE_OIDC_CLIENT_SECRET": "b", "SIGHTLINE_OIDC_ROLE_GROUPS": "g=auditor"}
    )  # fmt: skip
    page = client.get(reverse("accounts:login") + "?next=/performance/").content.decode()
    assert "Sign in with your council account" in page
    assert 'href="/accounts/oidc/authenticate/?next=/performance/"' in page


def test_password_sign_in_still_works_with_single_sign_on_on(sso_settings, make_user):
    make_user(Role.AUDITOR, username="ann", password="right-password-a")
    response = Client().post(
        reverse("accounts:login"), {"username": "ann", "password": "right-password-a"}
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("environ", "words"),
    [
        ({"SIGHTLINE_OIDC_CLIENT_ID": "a", "SIGHTLINE_OIDC_CLIENT_SECRET": "b",
          "SIGHTLINE_OIDC_ROLE_GROUPS": "g=boss"}, "'boss' is not a role"),
        ({"SIGHTLINE_OIDC_CLIENT_ID": "a", "SIGHTLINE_OIDC_CLIENT_SECRET": "b"},
         "SIGHTLINE_OIDC_ROLE_GROUPS is needed"),
        ({"SIGHTLINE_OIDC_CLIENT_SECRET": "b", "SIGHTLINE_OIDC_ROLE_GROUPS": "g=auditor"},
         "SIGHTLINE_OIDC_CLIENT_ID is needed"),
        ({"SIGHTLINE_OIDC_CLIENT_ID": "a", "SIGHTLINE_OIDC_CLIENT_SECRET": "b",
          "SIGHTLINE_OIDC_ROLE_GROUPS": "g auditor"}, "not in the form group=value"),
        ({"SIGHTLINE_OIDC_CLIENT_ID": "a", "SIGHTLINE_OIDC_CLIENT_SECRET": "b",
          "SIGHTLINE_OIDC_ROLE_GROUPS": "g=auditor", "SIGHTLINE_OIDC_SIGN_ALGO": "HS256"},
         "only public-key algorithms"),
    ],
)  # fmt: skip
def test_a_setting_that_cannot_be_used_is_named_in_plain_words(environ, words):
    with pytest.raises(SSOConfigError, match=re.escape(words)):
        sso_config({"SIGHTLINE_OIDC_ISSUER": "https://idp.example", **environ})


def test_group_mapping_accepts_entra_group_ids_and_role_words():
    config = sso_config(
        {"SIGHTLINE_OIDC_ISSUER": "https://idp.example", "SIGHTLINE_OIDC_CLIENT_ID": "a",
         "SIGHTLINE_OIDC_CLIENT_SECRET": "b",
         "SIGHTLINE_OIDC_ROLE_GROUPS": "4f1c2a9e-0000-4000-8000-000000000001=Team manager\n"
                                       "4f1c2a9e-0000-4000-8000-000000000002=qa-lead"}
    )  # fmt: skip
    assert config.role_for(["4f1c2a9e-0000-4000-8000-000000000002"]) == Role.QA_LEAD
    assert config.role_for(["4f1c2a9e-0000-4000-8000-000000000001"]) == Role.TEAM_MANAGER
    assert config.role_for(["other"]) is None
    assert config.teams_for(["x"]) is None  # teams are not managed by groups unless set


def test_an_unreachable_provider_is_said_plainly_and_logged(settings, make_user):
    from sightline.web.accounts import sso
    from sightline.web.accounts.sso_config import oidc_settings

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    environ = {"SIGHTLINE_OIDC_ISSUER": f"http://127.0.0.1:{closed}/o",
               "SIGHTLINE_OIDC_CLIENT_ID": "a", "SIGHTLINE_OIDC_CLIENT_SECRET": "b",
               "SIGHTLINE_OIDC_ROLE_GROUPS": "g=auditor"}  # fmt: skip
    for name, value in oidc_settings(environ).items():
        setattr(settings, name, value)
    sso.forget_discovery()
    response = Client().get(reverse("sso:start"))
    assert response.status_code == 503
    assert "could not be reached" in response.content.decode()
    assert AccessEntry.objects.get(outcome="denied").what.startswith("single sign-on refused")
    # Password sign-in does not depend on the provider.
    make_user(Role.AUDITOR, username="ann", password="right-password-a")
    signed_in = Client().post(
        reverse("accounts:login"), {"username": "ann", "password": "right-password-a"}
    )
    assert signed_in.status_code == 302


def test_too_many_groups_for_the_token_is_refused_saying_why(sso_settings):
    from sightline.web.accounts.sso import TOO_MANY_GROUPS, Refused, _groups

    overage = {"_claim_names": {"groups": "src1"}, "_claim_sources": {"src1": {}}}
    with pytest.raises(Refused) as refusal:
        _groups(overage, sso_settings)
    assert refusal.value.reason == TOO_MANY_GROUPS
    assert _groups({}, sso_settings) == []


def test_sign_in_returns_to_the_page_asked_for_and_never_elsewhere(identity_provider, sso_settings):
    response = sso_sign_in(Client(), identity_provider, "ana.lyst", next_url="/performance/")
    assert response["Location"] == "/performance/"
    response = sso_sign_in(
        Client(), identity_provider, "ana.lyst", next_url="https://evil.example/"
    )
    assert response["Location"] == reverse("core:home")
