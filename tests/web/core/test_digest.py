"""The digest email: opt-in, sent through SMTP, counts and links but no child identifier."""

from __future__ import annotations

import datetime as dt
import socket

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command

from sightline.web.core.models import DigestSubscription


class Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[list[str], str]] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((list(envelope.rcpt_tos), envelope.content.decode()))
        return "250 OK"


@pytest.fixture
def smtp(settings):
    """A real SMTP server on loopback; Django sends to it over SMTP."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    yield inbox
    controller.stop()


@pytest.fixture
def council(demo_dataset, settings):
    settings.SIGHTLINE_COUNCIL = "999"
    settings.SIGHTLINE_TODAY = "2025-03-31"
    return demo_dataset


def test_a_team_manager_who_opted_in_gets_counts_and_a_link_but_no_child(
    council, smtp, make_user, seeded
):
    from sightline.web.improvement.models import Action

    manager = make_user("team_manager", username="t.manager", teams=("Team A",))
    manager.email = "t.manager@example.org"
    manager.save()
    DigestSubscription.objects.create(user=manager, frequency="daily")
    action = Action.objects.first()
    action.owner, action.due_date, action.status = manager, dt.date(2025, 3, 1), "in_progress"
    action.save()
    make_user("auditor", username="not.opted.in")  # no subscription: no email
    call_command("send_digests", "--base-url", "https://sightline.example.org")
    assert len(smtp.messages) == 1
    to, message = smtp.messages[0]
    assert to == ["t.manager@example.org"]
    assert "Work due for Team A" in message and "overdue" in message
    assert "https://sightline.example.org/compliance/work/?status=overdue" in message
    assert action.title in message and "OVERDUE" in message
    for child_id in council.teams:  # C1..C4: no child identifier in the body
        assert child_id not in message.replace("https://", "")
    assert DigestSubscription.objects.get(user=manager).last_sent_at is not None


def test_weekly_subscribers_are_not_sent_the_daily_digest(council, smtp, make_user):
    user = make_user("performance_analyst", username="p.analyst")
    user.email = "p@example.org"
    user.save()
    DigestSubscription.objects.create(user=user, frequency="weekly")
    call_command("send_digests", "--frequency", "daily")
    assert smtp.messages == []
    call_command("send_digests", "--frequency", "weekly")
    assert len(smtp.messages) == 1


def test_opting_in_and_out_on_the_digest_page(client_as):
    client = client_as("senior_leader")
    assert client.post("/digest/", {"frequency": "daily"}).status_code == 400  # no address
    client.user.email = "d@example.org"
    client.user.save()
    assert client.post("/digest/", {"frequency": "weekly"}).status_code == 302
    assert DigestSubscription.objects.get(user=client.user).frequency == "weekly"
    client.post("/digest/", {"frequency": "none"})
    assert not DigestSubscription.objects.exists()
