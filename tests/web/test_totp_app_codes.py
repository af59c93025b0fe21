"""The tests' authenticator app gives codes the server takes wherever the 30 s boundaries fall:
the browser sign-in test once failed when enrolment crossed a boundary (the server then counted the
app one step behind, and "the current step + 1" was two steps ahead of its window)."""

from __future__ import annotations

import base64
from unittest import mock

import pytest
from django_otp.oath import TOTP
from totp_code import App

SECRET = base64.b32encode(b"twenty bytes of key!").decode()


class Server:
    """django-otp's TOTP device check (tolerance 1, drift kept, a step never taken twice)."""

    def __init__(self) -> None:
        self.drift = 0
        self.last_t = -1

    def takes(self, token: str, at: float) -> bool:
        totp = TOTP(base64.b32decode(SECRET), 30, 0, 6, self.drift)
        totp.time = at
        if totp.verify(int(token), 1, self.last_t + 1):
            self.last_t, self.drift = totp.t(), totp.drift
            return True
        return False


@pytest.mark.parametrize("gap_seconds", [0, 5, 29, 31, 45, 61, 95])
@pytest.mark.parametrize("offset_in_step", [0.1, 15.0, 29.9])
def test_a_second_code_is_taken_after_an_enrolment_that_crossed_a_boundary(
    gap_seconds, offset_in_step
):
    start = 30 * 1_000_000 + offset_in_step
    server, app = Server(), App(SECRET)
    with mock.patch("totp_code.time.time", return_value=start):
        first = app.code()
    assert server.takes(first, at=start + 0.5)  # may be checked in the next step
    now = start + 0.5 + gap_seconds
    with mock.patch("totp_code.time.time", return_value=now):
        second = app.code()
    assert server.takes(second, at=now + 0.5)


def test_the_current_step_plus_one_is_refused_in_that_case():
    from totp_code import code

    start = 30 * 1_000_000 + 29.9
    server = Server()
    with mock.patch("totp_code.time.time", return_value=start):
        assert server.takes(code(SECRET), at=start + 0.5)
    with mock.patch("totp_code.time.time", return_value=start + 0.5):
        assert not server.takes(code(SECRET, steps_ahead=1), at=start + 0.6)
