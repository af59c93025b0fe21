"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives, for the account emails.

from local_smtp import smtp_server  # noqa: F401  (the fixture "smtp")
def test_x(smtp): ...; smtp.messages -> [(recipients, raw message text)]
"""

from __future__ import annotations

import email
import email.policy
import re
import socket

import pytest
from aiosmtpd.controller import Controller


class Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[list[str], str]] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((list(envelope.rcpt_tos), envelope.content.decode()))
        return "250 OK"

    def body(self, index: int = -1) -> str:
        """The text of a received message (quoted-printable or base64 decoded)."""
        parsed = email.message_from_string(self.messages[index][1], policy=email.policy.default)
        part = parsed.get_body(preferencelist=("plain",))
        return part.get_content() if part is not None else ""

    def subject(self, index: int = -1) -> str:
        return email.message_from_string(self.messages[index][1])["Subject"]

    def link(self, index: int = -1) -> str:
        """The path of the first link to Sightline in the message."""
        found = re.search(r"https?://[^/\s]+(/\S+)", self.body(index))
        assert found, self.body(index)
        return found.group(1)


@pytest.fixture(name="smtp")
def smtp_server(settings):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield inbox
    controller.stop()
