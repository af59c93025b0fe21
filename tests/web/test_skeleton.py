"""The layout, sign-in and sign-out, and the basics every page relies on."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get("/performance/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_sign_in_page_uses_the_govuk_layout(client):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-frontend.min.css" in html
    assert 'class="govuk-skip-link"' in html


def test_sign_in_with_password_then_sign_out(client, make_user):
    make_user("auditor", username="ann", password="a long enough password 1")
    response = client.post(
        reverse("accounts:login"), {"username": "ann", "password": "a long enough password 1"}
    )
    assert response.status_code == 302
    assert client.get(reverse("core:home")).status_code == 200
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("core:home")).status_code == 302


def test_wrong_password_gets_a_plain_message(client, make_user):
    make_user("auditor", username="ann", password="a long enough password 1")
    response = client.post(reverse("accounts:login"), {"username": "ann", "password": "wrong"})
    assert response.status_code == 200
    assert "Enter a correct username and password" in response.content.decode()


def test_navigation_shows_only_what_the_role_may_use(elected_member_client, administrator_client):
    member_home = elected_member_client.get(reverse("core:home")).content.decode()
    assert "Access log" not in member_home
    assert "Imports" not in member_home
    assert "Access log" in administrator_client.get(reverse("core:home")).content.decode()


def test_passwords_are_hashed(make_user):
    user = make_user("auditor", password="a long enough password 1")
    assert "a long enough password 1" not in user.password


def test_sessions_expire(settings):
    from sightline.web import settings as project_settings

    assert project_settings.SESSION_COOKIE_AGE <= 60 * 60
    assert project_settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_static_assets_are_served_from_node_modules():
    from django.contrib.staticfiles import finders

    assert finders.find("govuk/govuk-frontend.min.css")
    assert finders.find("htmx/htmx.min.js")
