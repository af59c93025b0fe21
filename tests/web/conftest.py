"""Fixtures for the web tests: a private Sightline home per test and a signed-in client per role.

def test_something(team_manager_client): ...      # signed in as a team manager of "Team A"
def test_other(client_as): client_as("auditor")    # any role, optional teams=("Team B",)
"""

from __future__ import annotations

import pytest

from sightline.web.accounts.roles import Role

TEAM_MANAGER_TEAMS = ("Team A",)


@pytest.fixture(autouse=True)
def sightline_home(tmp_path, settings):
    """Snapshots, uploads and import reports go to a fresh folder; imports run in the request."""
    home = tmp_path / "home"
    home.mkdir()
    settings.SIGHTLINE_HOME = home
    settings.SIGHTLINE_IMPORT_MODE = "inline"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    return home


@pytest.fixture
def make_user(db):
    from sightline.web.accounts.models import TeamMembership, User

    def make(role: str | Role, username: str | None = None, teams=(), password: str | None = None):
        role = Role(role)
        user = User.objects.create_user(username=username or f"{role.value}-user", role=role.value)
        if password:
            user.set_password(password)
            user.save()
        for team in teams:
            TeamMembership.objects.create(user=user, team=team)
        return user

    return make


@pytest.fixture
def client_as(make_user):
    """A new Django test client signed in with the given role."""
    from django.test import Client

    def sign_in(role: str | Role, teams=None, username: str | None = None) -> Client:
        role = Role(role)
        if teams is None:
            teams = TEAM_MANAGER_TEAMS if role is Role.TEAM_MANAGER else ()
        client = Client()
        client.user = make_user(role, username=username, teams=teams)  # type: ignore[attr-defined]
        client.force_login(client.user)  # type: ignore[attr-defined]
        return client

    return sign_in


def _role_fixture(role: Role):
    @pytest.fixture(name=f"{role.value}_client")
    def fixture(client_as):
        return client_as(role)

    return fixture


for _role in Role:
    globals()[f"{_role.value}_client"] = _role_fixture(_role)


class _NoData:
    """Until a test asks for data, pages render with an empty store."""

    def teams_of_child(self, child_id):
        return ()


@pytest.fixture
def demo_dataset():
    return _NoData()
