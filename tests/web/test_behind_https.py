"""Finding 6: behind a TLS-terminating proxy, sign-in works (trusted origins, the proxy's scheme
header), HTTP is redirected and HSTS sent, and `check --deploy` is clean under production settings."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.test import Client
from django.urls import reverse

from sightline.web.deployment import https_settings

pytestmark = pytest.mark.django_db
HOST = "sightline.council.example"
PRODUCTION = {
    "SIGHTLINE_HTTPS": "1",
    "SIGHTLINE_PROXY_TLS_HEADER": "1",
    "SIGHTLINE_ALLOWED_HOSTS": HOST,
}


def test_sign_in_through_a_tls_proxy_passes_the_origin_check(settings, make_user):
    for name, value in https_settings(PRODUCTION, [HOST]).items():
        setattr(settings, name, value)
    settings.ALLOWED_HOSTS = [HOST]
    make_user("auditor", username="ann", password="right-password-a")
    client = Client(enforce_csrf_checks=True, HTTP_HOST=HOST)
    proxied = {"HTTP_X_FORWARDED_PROTO": "https", "HTTP_ORIGIN": f"https://{HOST}"}
    page = client.get(reverse("accounts:login"), **proxied)
    assert page.status_code == 200
    assert "max-age=31536000" in page["Strict-Transport-Security"]
    token = page.cookies["csrftoken"].value
    response = client.post(
        reverse("accounts:login"),
        {"username": "ann", "password": "right-password-a", "csrfmiddlewaretoken": token},
        **proxied,
    )
    assert response.status_code == 302, response.content[:400]
    assert "_auth_user_id" in client.session
    plain = Client(HTTP_HOST=HOST).get(reverse("accounts:login"))
    assert plain.status_code == 301 and plain["Location"].startswith("https://")


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    env = {
        **os.environ,
        **PRODUCTION,
        "SIGHTLINE_HOME": str(tmp_path),
        "SIGHTLINE_SECRET_KEY": "x" * 60 + "Yz9!kQ",
    }
    env.pop("SIGHTLINE_DEBUG", None)
    env.pop("SIGHTLINE_PLAIN_HTTP", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests in this process
    done = subprocess.run(
        [sys.executable, "-m", "sightline.web", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_home_folder_is_the_service_alone(tmp_path):
    env = {**os.environ, "SIGHTLINE_HOME": str(tmp_path / "new-home")}
    subprocess.run(
        [sys.executable, "-m", "sightline.web", "check"], env=env, check=True, capture_output=True
    )
    home = tmp_path / "new-home"
    assert home.stat().st_mode & 0o777 == 0o700
    assert (home / "secret_key").stat().st_mode & 0o777 == 0o600
