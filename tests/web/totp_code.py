"""A TOTP code worked out as an authenticator app does (RFC 6238: HMAC-SHA1, 30 s, 6 digits), from
the secret key the set-up page shows, so the tests do not borrow the server's own code."""

from __future__ import annotations

import base64
import hashlib
import hmac
import struct
import time

STEP_SECONDS = 30


def _token(secret_base32: str, counter: int) -> str:
    text = "".join(secret_base32.split()).upper()
    key = base64.b32decode(text + "=" * (-len(text) % 8))
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"


def code(secret_base32: str, steps_ahead: int = 0) -> str:
    """The code for the current 30-second step (plus `steps_ahead`)."""
    return _token(secret_base32, int(time.time()) // STEP_SECONDS + steps_ahead)


class App:
    """An authenticator app used more than once: each code is for a later step than the last.

    The server refuses a step it has accepted before, and remembers the clock drift it saw. A first
    code worked out at step e may be checked at e + 1 (the 30 s boundary passed on the way), so the
    server then counts this app as one step behind; "the current step + 1" for the next code could
    then be two steps ahead of what it allows. The step max(now, last + 1) is always inside its
    window (one step either side), wherever the boundaries fall."""

    def __init__(self, secret_base32: str) -> None:
        self.secret = secret_base32
        self.last_step: int | None = None

    def code(self) -> str:
        step = int(time.time()) // STEP_SECONDS
        if self.last_step is not None:
            step = max(step, self.last_step + 1)
        self.last_step = step
        return _token(self.secret, step)
