"""Administrators manage users in the web app: invite by email, role and teams, deactivate,
unlock, remove a lost two-factor app; each change in the user's history and the access log."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from local_smtp import smtp_server  # noqa: F401  (the fixture "smtp")

from sightline.web.accesslog.models import AccessEntry
from sightline.web.accounts.models import User
from sightline.web.common.models import Change

pytestmark = pytest.mark.django_db
PASSWORD = "a long enough passphrase 7"


def _invite(client, **fields):
    data = {"username": "newtm", "email": "new.tm@council.example", "role": "team_manager",
            "teams": "Team A\n  Team B  \n\nTeam A", "first_name": "Nia", "last_name": ""}  # fmt: skip
    return client.post(reverse("accounts:user_invite"), {**data, **fields})


def test_an_administrator_invites_a_user_who_sets_a_password_from_the_email_and_signs_in(
    administrator_client, smtp
):
    response = _invite(administrator_client)
    user = User.objects.get(username="newtm")
    assert response.status_code == 302 and response.url == reverse("accounts:user", args=[user.pk])
    assert user.role == "team_manager" and sorted(user.team_names) == ["Team A", "Team B"]
    assert not user.has_usable_password()  # nobody knows a password until they choose one

    assert [to for to, _ in smtp.messages] == [["new.tm@council.example"]]
    assert "invited" in smtp.subject()
    body = smtp.body()
    assert "newtm" in body and "team manager" in body
    link = smtp.link()
    visitor = Client()
    form_page = visitor.get(link, follow=True)
    assert b"Choose your password" in form_page.content
    done = visitor.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": PASSWORD, "new_password2": PASSWORD},
    )
    assert done.status_code == 302 and done.url == reverse("accounts:password_reset_complete")
    assert visitor.login(username="newtm", password=PASSWORD)
    # The link works once.
    assert b"expired or been used" in Client().get(link, follow=True).content

    fields = set(
        Change.objects.filter(item_type="user", item_id=user.pk).values_list("field", flat=True)
    )
    assert {"invited", "role", "teams", "password"} <= fields
    invited = AccessEntry.objects.get(kind=AccessEntry.Kind.ACCOUNT, what="user invited")
    assert invited.username == administrator_client.user.username
    assert "newtm" in invited.detail and "Team manager" in invited.detail


def test_an_invitation_with_a_taken_name_or_a_bad_email_is_refused_in_plain_words(
    administrator_client, make_user, smtp
):
    make_user("auditor", username="taken")
    response = _invite(administrator_client, username="TAKEN")
    assert response.status_code == 400
    assert b"A user with that user name already exists" in response.content
    response = _invite(administrator_client, email="not an address")
    assert b"Enter an email address in the correct format" in response.content
    assert not User.objects.filter(username="newtm").exists() and smtp.messages == []


def test_role_and_teams_change_and_both_are_in_the_history_and_the_access_log(
    administrator_client, make_user
):
    person = make_user("auditor", username="sam", teams=("Team A",))
    response = administrator_client.post(
        reverse("accounts:user", args=[person.pk]),
        {"role": "team_manager", "teams": "Team B\nTeam C"},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.role == "team_manager" and sorted(person.team_names) == ["Team B", "Team C"]
    changes = {c.field: (c.before, c.after) for c in Change.objects.filter(item_type="user")}
    assert changes["role"] == ("Auditor", "Team manager")
    assert changes["teams"] == ("Team A", "Team B, Team C")
    logged = AccessEntry.objects.filter(kind=AccessEntry.Kind.ACCOUNT, detail__contains="sam")
    assert {e.what for e in logged} == {"role changed", "teams changed"}
    page = administrator_client.get(reverse("accounts:user", args=[person.pk]))
    assert b"Team B, Team C" in page.content and b'id="history"' in page.content


def test_a_deactivated_user_cannot_sign_in_and_their_open_session_stops(
    administrator_client, make_user
):
    person = make_user("qa_lead", username="quinn", password=PASSWORD)
    theirs = Client()
    assert theirs.login(username="quinn", password=PASSWORD)
    assert theirs.get("/").status_code == 200
    administrator_client.post(reverse("accounts:user_deactivate", args=[person.pk]))
    person.refresh_from_db()
    assert not person.is_active
    assert theirs.get("/").status_code == 302  # back to sign-in
    assert not Client().login(username="quinn", password=PASSWORD)
    assert Change.objects.filter(item_id=person.pk, field="account", after="deactivated").exists()
    administrator_client.post(reverse("accounts:user_reactivate", args=[person.pk]))
    assert Client().login(username="quinn", password=PASSWORD)


def test_an_administrator_cannot_deactivate_or_demote_themselves(administrator_client):
    me = administrator_client.user
    administrator_client.post(reverse("accounts:user_deactivate", args=[me.pk]))
    response = administrator_client.post(
        reverse("accounts:user", args=[me.pk]), {"role": "elected_member", "teams": ""}
    )
    me.refresh_from_db()
    assert me.is_active and me.role == "administrator"
    assert b"You cannot change the role of your own account" in response.content


def test_unlocking_lifts_a_lock_out_and_earlier_failures_no_longer_count(
    administrator_client, make_user
):
    person = make_user("qa_lead", username="qalead", password=PASSWORD)
    sign_in = reverse("accounts:login")
    visitor = Client()
    for _ in range(5):
        visitor.post(sign_in, {"username": "qalead", "password": "wrong"})
    assert visitor.post(sign_in, {"username": "qalead", "password": PASSWORD}).status_code == 429
    page = administrator_client.get(reverse("accounts:users"))
    assert b"Locked out" in page.content

    administrator_client.post(reverse("accounts:user_unlock", args=[person.pk]))
    assert AccessEntry.objects.filter(what="sign-in unlocked by an administrator").exists()
    assert b"Locked out" not in administrator_client.get(reverse("accounts:users")).content
    assert Change.objects.filter(item_id=person.pk, field="sign-in lock", after="unlocked").exists()
    # One more failure does not lock again at once: the count starts afresh after the unlock.
    visitor.post(sign_in, {"username": "qalead", "password": "wrong"})
    response = visitor.post(sign_in, {"username": "qalead", "password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.parametrize(
    "role",
    ["performance_analyst", "qa_lead", "auditor", "team_manager", "senior_leader",
     "elected_member", "inspector"],
)  # fmt: skip
def test_only_administrators_manage_users_and_a_refusal_is_logged(client_as, make_user, role):
    person = make_user("auditor", username="target")
    client = client_as(role)
    assert client.get(reverse("accounts:users")).status_code == 403
    assert client.post(reverse("accounts:user_deactivate", args=[person.pk])).status_code == 403
    response = client.post(
        reverse("accounts:user", args=[person.pk]), {"role": "administrator", "teams": ""}
    )
    assert response.status_code == 403
    person.refresh_from_db()
    assert person.is_active and person.role == "auditor"
    assert AccessEntry.objects.filter(
        outcome=AccessEntry.Outcome.DENIED, what__contains="manage users"
    ).exists()


def test_the_users_page_is_in_the_navigation_for_administrators_only(client_as):
    assert b'href="/accounts/users/"' in client_as("administrator").get("/").content
    assert b'href="/accounts/users/"' not in client_as("senior_leader").get("/").content
