"""Every named URL against every role: allowed, refused, or shown with aggregates only.

The matrix is declared here as a table; a meta-test checks every named URL pattern appears in it, so a
new page cannot be added without deciding who may see it. Child-level pages must also write the
access log.
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from sightline.web.accesslog.models import AccessEntry
from sightline.web.accounts.roles import Role

pytestmark = pytest.mark.django_db

OK, NO, AGG = "allowed", "forbidden", "aggregate-only"
R = Role
EVERYONE = dict.fromkeys(Role, OK)
CHILD_LEVEL = {**EVERYONE, R.ELECTED_MEMBER: NO}
IMPORTERS = {**dict.fromkeys(Role, NO), R.ADMINISTRATOR: OK, R.PERFORMANCE_ANALYST: OK}
IMPORT_READERS = {
    **dict.fromkeys(Role, NO),
    R.ADMINISTRATOR: OK,
    R.PERFORMANCE_ANALYST: OK,
    R.QA_LEAD: OK,
    R.SENIOR_LEADER: OK,
    R.INSPECTOR: OK,
}
ADMIN_ONLY = {**dict.fromkeys(Role, NO), R.ADMINISTRATOR: OK}
OPEN = "open"  # needs no sign-in (sign-in page, health check)


# url name -> (kwargs, expectation per role, writes the access log when allowed)
MATRIX: dict[str, tuple[dict, dict | str, bool]] = {
    "core:home": ({}, EVERYONE, False),
    "core:health": ({}, OPEN, False),
    "accounts:login": ({}, OPEN, False),
    "accounts:logout": ({}, EVERYONE, False),  # POST only; GET is refused with 405
    "accounts:profile": ({}, EVERYONE, False),
    "accesslog:search": ({}, ADMIN_ONLY, False),
    "imports:index": ({}, IMPORT_READERS, False),
    "performance:scorecard": ({}, EVERYONE, False),
    "compliance:summary": ({}, EVERYONE, False),
    "children:timeline": ({"child_id": "C1"}, CHILD_LEVEL, True),
    "benchmarks:index": ({}, EVERYONE, False),
}
SKIP_STATUS_CHECK = {"accounts:logout", "accounts:login"}


def _named_patterns(resolver=None, namespace="") -> set[str]:
    names: set[str] = set()
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue  # Django's admin site: staff (administrators) only, tested separately
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names |= _named_patterns(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(f"{namespace}{entry.name}")
    return names


def test_every_named_url_is_in_the_matrix():
    missing = _named_patterns() - set(MATRIX)
    assert not missing, f"add these URL names to MATRIX: {sorted(missing)}"
    stale = set(MATRIX) - _named_patterns()
    assert not stale, f"MATRIX names URLs that no longer exist: {sorted(stale)}"


CASES = [
    (name, role)
    for name, (_, expected, _) in MATRIX.items()
    if expected != OPEN and name not in SKIP_STATUS_CHECK
    for role in Role
]


@pytest.mark.parametrize(("name", "role"), CASES, ids=[f"{n}-{r.value}" for n, r in CASES])
def test_role_gets_what_the_matrix_says(name, role, client_as, demo_dataset):
    kwargs, expected, logs_access = MATRIX[name]
    client = client_as(role, teams=demo_dataset.teams_of_child(kwargs.get("child_id")))
    before = AccessEntry.objects.count()
    response = client.get(reverse(name, kwargs=kwargs))
    if expected[role] == NO:
        assert response.status_code == 403, response.content[:300]
        assert AccessEntry.objects.filter(outcome="denied").exists()
    else:
        assert response.status_code == 200, response.content[:300]
        if logs_access:
            assert AccessEntry.objects.count() == before + 1
            assert AccessEntry.objects.latest("id").outcome == "viewed"


@pytest.mark.parametrize("name", [n for n, (_, e, _) in MATRIX.items() if e == OPEN])
def test_open_pages_need_no_sign_in(client, name):
    assert client.get(reverse(name)).status_code == 200


def test_sign_out_needs_a_post(auditor_client):
    assert auditor_client.get(reverse("accounts:logout")).status_code == 405
