"""A web area and a job are each added in one place (docs/extending.md): a toy area, written as a
new app package and added to INSTALLED_APPS, gets its pages mounted under its prefix, its entry in
the service navigation, its pages refused to roles without its capability, and a demand for its
rows in the permissions matrix; a toy job in the area's tasks module is queued and run by the
job worker, its work in a capped child process."""

from __future__ import annotations

import importlib
import sys
import textwrap
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import clear_url_caches, reverse

from sightline.web.accounts.roles import Role

sys.path.insert(0, str(Path(__file__).resolve().parent))
import test_permissions_matrix as matrix

TOY_AREA = {
    "__init__.py": "",
    "apps.py": """
        from sightline.web.common.areas import AreaConfig, NavEntry


        class ToyConfig(AreaConfig):
            name = "toyarea"
            label = "toyarea"
            url_prefix = "toy/"
            nav = (NavEntry("Toy area", "toyarea:index", "run_audits", order=99),)
    """,
    "urls.py": """
        from django.urls import path

        from toyarea import views

        urlpatterns = [path("", views.index, name="index")]
    """,
    "views.py": """
        from django.shortcuts import render

        from sightline.web.accounts.permissions import requires
        from sightline.web.accounts.roles import Capability


        @requires(Capability.RUN_AUDITS)
        def index(request):
            return render(request, "toyarea/index.html", {"greeting": "Hello from the toy area"})
    """,
    "templates/toyarea/index.html": """
        {% extends "base.html" %}
        {% block title %}Toy area{% endblock %}
        {% block content %}<h1 class="govuk-heading-l">{{ greeting }}</h1>{% endblock %}
    """,
    "tasks.py": """
        from django_tasks import task

        from sightline.jobs import run_capped


        @task()
        def double(number: int) -> int:
            # The work runs in a capped child process, as every long job's does.
            done = run_capped("toyarea.work:double", {"number": number})
            assert done.ok, done.message
            return done.value
    """,
    "work.py": """
        def double(number, progress):
            progress(0.5, "doubling")
            return number * 2
    """,
}


@pytest.fixture
def toy_area(tmp_path, monkeypatch, settings):
    """The toy area's package on the path and in INSTALLED_APPS, its URLs mounted."""
    for name, text in TOY_AREA.items():
        path = tmp_path / "toyarea" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))  # the capped child imports the work too
    urls = importlib.import_module(settings.ROOT_URLCONF)
    with override_settings(INSTALLED_APPS=[*settings.INSTALLED_APPS, "toyarea.apps.ToyConfig"]):
        importlib.reload(urls)  # the project's URLs mount every installed area
        clear_url_caches()
        yield
    importlib.reload(urls)
    clear_url_caches()
    for name in [m for m in sys.modules if m == "toyarea" or m.startswith("toyarea.")]:
        del sys.modules[name]


@pytest.mark.django_db
def test_a_new_area_is_mounted_navigated_and_guarded(toy_area, client_as):
    assert reverse("toyarea:index") == "/toy/"
    auditor = client_as(Role.AUDITOR)
    page = auditor.get("/toy/")
    assert page.status_code == 200
    assert "Hello from the toy area" in page.content.decode()
    assert 'href="/toy/"' in page.content.decode()  # its navigation entry, shown to auditors
    member = client_as(Role.ELECTED_MEMBER)
    assert member.get("/toy/").status_code == 403  # elected members do not run audits
    assert 'href="/toy/"' not in member.get(reverse("core:home")).content.decode()


def test_a_new_areas_pages_need_rows_in_the_permissions_matrix(toy_area):
    patterns = matrix.url_patterns()
    missing = set(patterns) - set(matrix.MATRIX)
    assert missing == {"toyarea:index"}
    row = matrix.suggested_row("toyarea:index", *patterns["toyarea:index"])
    assert row.strip().startswith('"toyarea:index": Page(AUDITORS)')


@pytest.mark.django_db(transaction=True)
def test_a_new_job_is_queued_and_run_by_the_worker(toy_area):
    from toyarea.tasks import double

    queued = double.enqueue(21)
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    queued.refresh()
    assert queued.status == "SUCCESSFUL" and queued.return_value == 42
