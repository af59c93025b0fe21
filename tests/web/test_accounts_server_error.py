"""A server error is logged with its traceback under a short reference, and the person sees a plain
GOV.UK page with that same reference (so the service desk can find the log line)."""

from __future__ import annotations

import logging
import re

import pytest
from django.test import Client
from django.urls import path

from sightline.web.urls import handler500
from sightline.web.urls import urlpatterns as _real

pytestmark = pytest.mark.django_db


def broken(request):
    raise RuntimeError("the disk is on fire")


# This module is the URL configuration during the test: the real one, plus a page that fails.
urlpatterns = [path("broken/", broken), *_real]
__all__ = ["handler500", "urlpatterns"]


def test_a_server_error_is_logged_with_a_reference_the_user_is_shown(settings, client_as, caplog):
    settings.ROOT_URLCONF = __name__
    settings.DEBUG = False
    client = client_as("auditor")
    client.raise_request_exception = False
    with caplog.at_level(logging.ERROR, logger="sightline"):
        response = client.get("/broken/?q=1")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Sorry, there is a problem with the service" in html
    assert "govuk-frontend" in html and "the disk is on fire" not in html  # no traceback shown
    shown = re.search(r'id="error-reference">([0-9A-F]{8})<', html)
    assert shown, html
    reference = shown.group(1)
    records = [r for r in caplog.records if reference in r.getMessage()]
    assert len(records) == 1
    record = records[0]
    assert record.name.startswith("sightline") and record.levelno == logging.ERROR
    assert "GET /broken/" in record.getMessage()
    assert record.exc_info and "the disk is on fire" in str(record.exc_info[1])
    assert "Content-Security-Policy" in response


def test_each_error_has_its_own_reference(settings, client_as):
    settings.ROOT_URLCONF = __name__
    client = Client(raise_request_exception=False)
    client.force_login(client_as("auditor").user)
    refs = {
        re.search(r'id="error-reference">(\w+)<', client.get("/broken/").content.decode()).group(1)
        for _ in range(3)
    }
    assert len(refs) == 3
