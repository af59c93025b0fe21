"""Passwords: a signed-in user changes theirs; a forgotten one is reset by an emailed link (sent
over SMTP to a real local server); both are in the history and the access log."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from local_smtp import smtp_server  # noqa: F401  (the fixture "smtp")

from sightline.web.accesslog.models import AccessEntry
from sightline.web.common.models import Change

pytestmark = pytest.mark.django_db
OLD, NEW = "the old passphrase 1", "a brand new passphrase 2"


@pytest.fixture
def person(make_user):
    user = make_user("auditor", username="ana", password=OLD)
    user.email = "ana@council.example"
    user.save()
    return user


def test_a_user_changes_their_password_and_the_old_one_stops_working(person):
    client = Client()
    assert client.login(username="ana", password=OLD)
    page = client.get(reverse("accounts:password_change"))
    assert page.status_code == 200 and b"govuk-input" in page.content
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": OLD, "new_password1": NEW, "new_password2": NEW},
        follow=True,
    )
    assert b"Your password has been changed" in response.content
    assert client.get("/").status_code == 200  # still signed in
    assert not Client().login(username="ana", password=OLD)
    assert Client().login(username="ana", password=NEW)
    assert Change.objects.filter(item_id=person.pk, field="password", after="changed").exists()
    assert AccessEntry.objects.filter(what="password changed", username="ana").exists()


def test_a_wrong_old_password_or_a_weak_new_one_changes_nothing(person):
    client = Client()
    client.login(username="ana", password=OLD)
    wrong = client.post(
        reverse("accounts:password_change"),
        {"old_password": "nope", "new_password1": NEW, "new_password2": NEW},
    )
    assert wrong.status_code == 200 and b"govuk-error-summary" in wrong.content
    weak = client.post(
        reverse("accounts:password_change"),
        {"old_password": OLD, "new_password1": "123456789012", "new_password2": "123456789012"},
    )
    assert b"govuk-error-message" in weak.content
    assert Client().login(username="ana", password=OLD)


def test_a_forgotten_password_is_reset_by_an_emailed_link_that_works_once(person, smtp):
    visitor = Client()
    assert b"Forgotten your password?" in visitor.get(reverse("accounts:login")).content
    response = visitor.post(reverse("accounts:password_reset"), {"email": "ANA@council.example"})
    assert response.status_code == 302 and response.url == reverse("accounts:password_reset_done")
    assert [to for to, _ in smtp.messages] == [["ana@council.example"]]
    assert smtp.subject() == "Reset your Sightline password"
    link = smtp.link()
    assert link.startswith("/accounts/reset/")
    form_page = visitor.get(link, follow=True)
    assert b"Choose your password" in form_page.content
    done = visitor.post(
        form_page.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW}
    )
    assert done.url == reverse("accounts:password_reset_complete")
    assert Client().login(username="ana", password=NEW)
    assert not Client().login(username="ana", password=OLD)
    assert b"expired or been used" in Client().get(link, follow=True).content
    assert AccessEntry.objects.filter(what="password reset asked for").exists()
    assert AccessEntry.objects.filter(what="password set by email link", username="ana").exists()


def test_an_unknown_address_gets_the_same_answer_and_no_email(person, smtp):
    response = Client().post(reverse("accounts:password_reset"), {"email": "who@else.example"})
    assert response.url == reverse("accounts:password_reset_done")
    assert smtp.messages == []


def test_password_pages_need_no_sign_in_but_changing_one_does():
    visitor = Client()
    assert visitor.get(reverse("accounts:password_reset")).status_code == 200
    assert visitor.get(reverse("accounts:password_reset_done")).status_code == 200
    assert visitor.get(reverse("accounts:password_reset_complete")).status_code == 200
    assert visitor.get(reverse("accounts:password_change")).status_code == 302


def test_a_flood_of_reset_asks_from_one_address_sends_no_more_emails(person, smtp):
    visitor = Client()
    for _ in range(8):
        response = visitor.post(
            reverse("accounts:password_reset"), {"email": "ana@council.example"}
        )
        assert response.url == reverse("accounts:password_reset_done")  # the same answer
    assert len(smtp.messages) == 5
    assert (
        AccessEntry.objects.filter(
            what="password reset refused: too many asks from this address", outcome="denied"
        ).count()
        == 3
    )
