"""Queries a page asks on every view, without the ORM building and compiling them each time.

Building a queryset and compiling it to SQL is Python work the ORM repeats on every call: for the
scorecard's audit figure (three tables joined, then counted) about 0.9 ms, twice what SQLite takes
to answer it. A `CompiledQuery` builds its queryset the first time a connection asks it; after that
the same SQL is sent again and the rows are converted by the compiler's own converters, so each
value is what the queryset itself would give (dates as dates, aware datetimes, booleans).

Only for a `values_list` queryset that holds no value that changes between calls: the builder
takes no argument, and what depends on the request (today's date, the reader) is applied to the
rows after. A lookup with a value of the request's (the session's key, the signed-in user's id) is
`instances_where`: a WHERE clause written once, the rows made into instances by the ORM's `raw()`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections, router
from django.db.models import Model, QuerySet
from django.db.models.query import ValuesListIterable


class CompiledQuery:
    def __init__(self, model: type[Model], build: Callable[[], QuerySet]) -> None:
        self.model = model
        self.build = build

    def rows(self) -> list[tuple]:
        alias = router.db_for_read(self.model)
        connection = connections[alias]  # one per thread: what it keeps is never shared
        kept: dict[CompiledQuery, Any] = connection.__dict__.setdefault("sightline_compiled", {})
        if self not in kept:
            kept[self] = self._compiled(alias)
        compiled = kept[self]
        if compiled is None:  # a query that can match nothing: no SQL to send
            return []
        compiler, sql, params = compiled
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            fetched = cursor.fetchall()
        return list(compiler.results_iter([fetched], tuple_expected=True))

    def _compiled(self, alias: str) -> tuple | None:
        queryset = self.build().using(alias)
        if queryset.model is not self.model or queryset._iterable_class is not ValuesListIterable:
            raise TypeError("a CompiledQuery is a values_list (tuples) of its own model")
        compiler = queryset.query.get_compiler(using=alias)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            return None
        return compiler, sql, tuple(params)


def instances_where(model: type[Model], where: str, params: list[Any]) -> list[Any]:
    """The model's rows matching `where`, as instances with every field converted as the ORM
    converts it. `where` names fields in braces, `"{session_key} = %s"`, each made its quoted
    column: `objects.get` on every request costs about 0.35 ms of building and compiling, this
    about 0.1 ms."""
    alias = router.db_for_read(model)
    quote = connections[alias].ops.quote_name
    columns = {f.name: quote(f.column) for f in model._meta.concrete_fields}
    sql = f"SELECT * FROM {quote(model._meta.db_table)} WHERE {where.format_map(columns)}"
    return list(model._default_manager.db_manager(alias).raw(sql, params))
