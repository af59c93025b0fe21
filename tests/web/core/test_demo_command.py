"""`make demo`'s web step: one user per role, printed with a password that signs in."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from sightline.web.accounts.models import User
from sightline.web.accounts.roles import Role

pytestmark = pytest.mark.django_db


def test_demo_creates_one_user_per_role_with_a_working_password(demo_dataset):
    out = StringIO()
    call_command("demo", no_serve=True, stdout=out)
    assert {u.role for u in User.objects.all()} == {r.value for r in Role}
    line = next(line for line in out.getvalue().splitlines() if line.strip().startswith("manager"))
    username, password = line.split()[:2]
    assert User.objects.get(username=username).team_names == {"Team A"}
    client = Client()
    assert client.login(username=username, password=password)
    assert re.search(r"admin\s+\S+\s+Administrator", out.getvalue())
