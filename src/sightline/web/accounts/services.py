"""What administrators change about accounts: each change is one call here, written to the history
(common.history, item type "user") and, being about access, to the access log.

invite(request, ...)            a new user with no password; an email with a set-password link
change_access(request, user, role=..., teams=[...])
set_active(request, user, active)
unlock(request, user)           lifts a sign-in lock-out for the user's name
reset_two_factor(request, user) a lost phone: a new app is set up at the next sign-in
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from sightline.web.accesslog.models import AccessEntry
from sightline.web.accesslog.services import log_event
from sightline.web.accounts import throttle, two_factor
from sightline.web.accounts.models import TeamMembership, User
from sightline.web.accounts.roles import Role
from sightline.web.common import history
from sightline.web.common.errors import FieldError

ITEM = "user"


def _record(request: HttpRequest, user: User, field: str, before, after) -> None:
    history.record(user, ITEM, field, before, after, by=history.who(request.user))
    log_event(
        request,
        AccessEntry.Kind.ACCOUNT,
        f"{field} changed" if before != "" else f"{field} set",
        detail=f"user name: {user.get_username()}; {field}: {before or '-'} -> {after or '-'}",
    )


def clean_teams(teams) -> list[str]:
    """Team names as an administrator typed them, one a line: trimmed, no blanks, no repeats."""
    seen: dict[str, None] = {}
    for team in teams:
        name = " ".join(str(team).split())
        if name:
            seen.setdefault(name[:200], None)
    return sorted(seen)


def set_password_link(request: HttpRequest, user: User) -> str:
    """The one-time link (Django's password reset token) where the user chooses a password."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    return request.build_absolute_uri(path)


def send_invitation(request: HttpRequest, user: User) -> None:
    context = {
        "user": user,
        "link": set_password_link(request, user),
        "invited_by": request.user.get_full_name() or request.user.get_username(),
        "days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
    }
    send_mail(
        "You have been invited to Sightline",
        render_to_string("accounts/email/invitation.txt", context),
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
    )


def invite(
    request: HttpRequest,
    *,
    username: str,
    email: str,
    role: str,
    teams=(),
    first_name: str = "",
    last_name: str = "",
) -> User:
    """A new account with no usable password, and an email with the link to choose one."""
    username = User.normalize_username(username.strip())
    if User.objects.filter(username__iexact=username).exists():
        raise FieldError("A user with that user name already exists", field="username")
    if User.objects.filter(email__iexact=email.strip()).exists():
        raise FieldError("A user with that email address already exists", field="email")
    with transaction.atomic():
        user = User(
            username=username,
            email=email.strip(),
            role=Role(role).value,
            first_name=first_name.strip(),
            last_name=last_name.strip(),
        )
        user.set_unusable_password()
        user.save()
        team_names = clean_teams(teams)
        for team in team_names:
            TeamMembership.objects.create(user=user, team=team)
        by = history.who(request.user)
        history.record(user, ITEM, "invited", "", user.email, by=by)
        history.record(user, ITEM, "role", "", Role(role).label, by=by)
        if team_names:
            history.record(user, ITEM, "teams", "", ", ".join(team_names), by=by)
        log_event(
            request,
            AccessEntry.Kind.ACCOUNT,
            "user invited",
            detail=f"user name: {username}; role: {Role(role).label}; "
            f"teams: {', '.join(team_names) or '-'}",
        )
    send_invitation(request, user)
    return user


def _not_self(request: HttpRequest, user: User, what: str) -> None:
    if user.pk == request.user.pk:
        raise FieldError(f"You cannot {what} your own account: ask another administrator", field="")


def change_access(request: HttpRequest, user: User, *, role: str, teams) -> list[str]:
    """Set the role and the teams; returns what changed (in words), each in the history."""
    changed = []
    new_role = Role(role)
    team_names = clean_teams(teams)
    with transaction.atomic():
        if new_role.value != user.role:
            _not_self(request, user, "change the role of")
            before = user.role_label
            user.role = new_role.value
            user.save()
            _record(request, user, "role", before, new_role.label)
            changed.append("role")
        current = sorted(user.team_names)
        if team_names != current:
            TeamMembership.objects.filter(user=user).exclude(team__in=team_names).delete()
            for team in set(team_names) - set(current):
                TeamMembership.objects.create(user=user, team=team)
            _record(request, user, "teams", ", ".join(current), ", ".join(team_names))
            changed.append("teams")
    return changed


def set_active(request: HttpRequest, user: User, active: bool) -> None:
    """Deactivate (the user can no longer sign in; their sessions stop working) or reactivate."""
    if user.is_active == active:
        return
    _not_self(request, user, "deactivate")
    with transaction.atomic():
        user.is_active = active
        user.save()
        before, after = ("active", "deactivated") if not active else ("deactivated", "active")
        _record(request, user, "account", before, after)


def unlock(request: HttpRequest, user: User) -> None:
    with transaction.atomic():
        throttle.unlock(request, user.get_username())
        history.record(
            user, ITEM, "sign-in lock", "locked", "unlocked", by=history.who(request.user)
        )


def reset_two_factor(request: HttpRequest, user: User) -> None:
    with transaction.atomic():
        if two_factor.reset(user):
            _record(request, user, "two-factor app", "set up", "removed")
