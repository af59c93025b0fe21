"""A real OpenID Connect provider for the single sign-on tests (oidc_provider/, django-oauth-toolkit),
started once per test session as a server on a free port, and Sightline's settings pointing at it.

def test_x(identity_provider, sso_settings): ...   # sso_settings: Sightline set up for it
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from oidc_provider.run import CLIENT_ID, CLIENT_SECRET, PASSWORD  # noqa: E402

# The identity provider groups that give Sightline roles and teams, as a council would set them.
ROLE_GROUPS = (
    "sightline-administrators=administrator, sightline-analysts=performance_analyst, "
    "sightline-team-managers=team_manager, sightline-members=elected_member"
)
TEAM_GROUPS = "team-north=Team North, team-south=Team South"
TEST_CALLBACK = "http://testserver/accounts/oidc/callback/"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class IdentityProvider:
    port: int
    env: dict
    password: str = PASSWORD

    @property
    def issuer(self) -> str:
        return f"http://127.0.0.1:{self.port}/o"

    def environ(self) -> dict[str, str]:
        """Sightline's single sign-on variables for this provider."""
        return {
            "SIGHTLINE_OIDC_ISSUER": self.issuer,
            "SIGHTLINE_OIDC_CLIENT_ID": CLIENT_ID,
            "SIGHTLINE_OIDC_CLIENT_SECRET": CLIENT_SECRET,
            "SIGHTLINE_OIDC_ROLE_GROUPS": ROLE_GROUPS,
            "SIGHTLINE_OIDC_TEAM_GROUPS": TEAM_GROUPS,
        }

    def allow_redirect(self, uri: str) -> None:
        subprocess.run(
            [sys.executable, "-m", "oidc_provider.run", "allow", uri],
            env=self.env, check=True, cwd=HERE, timeout=60,
        )  # fmt: skip


def _rsa_key_pem() -> str:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


@pytest.fixture(scope="session")
def identity_provider(tmp_path_factory):
    """The provider, serving until the session ends."""
    folder = tmp_path_factory.mktemp("identity-provider")
    (folder / "key.pem").write_text(_rsa_key_pem())
    port = free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(HERE),
        "DJANGO_SETTINGS_MODULE": "oidc_provider.settings",
        "PROVIDER_PORT": str(port),
        "PROVIDER_DB": str(folder / "provider.sqlite3"),
        "PROVIDER_KEY": str(folder / "key.pem"),
    }
    log = (folder / "provider.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "oidc_provider.run", "serve", TEST_CALLBACK],
        env=env, cwd=HERE, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    provider = IdentityProvider(port=port, env=env)
    try:
        deadline = time.monotonic() + 90
        while True:
            if process.poll() is not None:
                pytest.fail(
                    f"the test identity provider stopped: {(folder / 'provider.log').read_text()}"
                )
            try:
                if requests.get(
                    f"{provider.issuer}/.well-known/openid-configuration", timeout=2
                ).ok:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                pytest.fail("the test identity provider did not start within 90 seconds")
            time.sleep(0.2)
        yield provider
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture
def sso_settings(identity_provider, settings):
    """Sightline's settings with single sign-on pointing at the test provider."""
    from sightline.web.accounts import sso
    from sightline.web.accounts.sso_config import oidc_settings

    for name, value in oidc_settings(identity_provider.environ()).items():
        setattr(settings, name, value)
    sso.forget_discovery()
    yield settings.SIGHTLINE_SSO
    sso.forget_discovery()


def pytest_collection_modifyitems(items):
    """Tests that start the provider (a server, migrated once per session) are slow."""
    for item in items:
        if "identity_provider" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)
