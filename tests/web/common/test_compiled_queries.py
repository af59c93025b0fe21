"""A query compiled once per connection gives what its queryset gives, fresh on every call."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sightline.web.accounts.models import TeamMembership, User
from sightline.web.common.compiled import CompiledQuery, instances_where

pytestmark = pytest.mark.django_db(transaction=True)

USERS = CompiledQuery(
    User,
    lambda: User.objects.filter(is_staff=False)
    .values_list("username", "last_login", "is_active", "teams__team")
    .order_by("username", "teams__team"),
)
TEAMS = CompiledQuery(
    TeamMembership,
    lambda: TeamMembership.objects.values_list("team").annotate(n=Count("id")).order_by("team"),
)
NOTHING = CompiledQuery(User, lambda: User.objects.filter(pk__in=[]).values_list("username"))


def _queryset_rows(query: CompiledQuery) -> list[tuple]:
    return list(query.build())


def test_rows_are_the_querysets_own_values_and_follow_the_data():
    ann = User.objects.create(username="ann", last_login=timezone.now() - dt.timedelta(hours=3))
    User.objects.create(username="bob", is_active=False)
    TeamMembership.objects.create(user=ann, team="Team North")
    first = USERS.rows()
    assert first == _queryset_rows(USERS)
    assert first[0][1].tzinfo is not None and first[1][2] is False and first[1][3] is None
    TeamMembership.objects.create(user=ann, team="Team South")
    User.objects.create(username="cat")
    with CaptureQueriesContext(connection) as queries:
        again = USERS.rows()
    assert len(queries) == 1 and again == _queryset_rows(USERS) and len(again) == 4
    assert TEAMS.rows() == [("Team North", 1), ("Team South", 1)]


def test_each_thread_compiles_for_its_own_connection():
    User.objects.create(username="ann")
    results: list[list[tuple]] = []

    def ask() -> None:
        try:
            results.append(USERS.rows())
        finally:
            connection.close()

    threads = [threading.Thread(target=ask) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [USERS.rows()] * 3


def test_a_query_that_can_match_nothing_asks_the_database_nothing():
    with CaptureQueriesContext(connection) as queries:
        assert NOTHING.rows() == []
    assert len(queries) == 0


def test_only_a_values_list_of_its_own_model_may_be_compiled():
    with pytest.raises(TypeError):
        CompiledQuery(User, lambda: User.objects.all()).rows()
    with pytest.raises(TypeError):
        CompiledQuery(User, lambda: TeamMembership.objects.values_list("team")).rows()


def test_instances_where_gives_the_instances_the_orm_gives():
    ann = User.objects.create(username="ann", last_login=timezone.now())
    User.objects.create(username="bob")
    found = instances_where(User, "{username} = %s AND {is_active} = %s", ["ann", True])
    assert [u.pk for u in found] == [ann.pk]
    stored = User.objects.get(pk=ann.pk)
    for field in User._meta.concrete_fields:
        assert getattr(found[0], field.attname) == getattr(stored, field.attname), field.name
    assert instances_where(User, "{username} = %s", ["nobody"]) == []
