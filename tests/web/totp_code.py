"""A TOTP code worked out as an authenticator app does (RFC 6238: HMAC-SHA1, 30 s, 6 digits), from
the secret key the set-up page shows, so the tests do not borrow the server's own code."""

from __future__ import annotations

import base64
import hashlib
import hmac
import struct
import time


def code(secret_base32: str, steps_ahead: int = 0) -> str:
    text = "".join(secret_base32.split()).upper()
    key = base64.b32decode(text + "=" * (-len(text) % 8))
    counter = int(time.time()) // 30 + steps_ahead
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"
