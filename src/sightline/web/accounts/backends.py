"""Who is signed in: the user a session names, read on every request.

Django's ModelBackend and mozilla-django-oidc's backend each read the user with `objects.get`,
about 0.35 ms of building and compiling a query on every page (more than the page's own query for
the scorecard). `user_by_id` asks the same question as one raw query
(`common.compiled.instances_where`), about 0.1 ms, the values converted as the ORM converts them.
Both backends use it, so a deactivated user's open session stops whichever way they signed in
(mozilla-django-oidc's own `get_user` does not look at `is_active`).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError

from sightline.web.common.compiled import instances_where


def user_by_id(user_id: Any) -> Any | None:
    """The active user with this id, or None (no such user, deactivated, or not an id)."""
    model = get_user_model()
    try:
        pk = model._meta.pk.to_python(user_id)
    except ValidationError:
        return None
    found = instances_where(model, f"{{{model._meta.pk.name}}} = %s", [pk])
    if not found or not getattr(found[0], "is_active", True):
        return None
    return found[0]


class PasswordBackend(ModelBackend):
    """Sign-in by username and password (ModelBackend), the signed-in user read by `user_by_id`."""

    def get_user(self, user_id: Any) -> Any | None:
        return user_by_id(user_id)
