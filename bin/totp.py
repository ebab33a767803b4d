#!/usr/bin/env python3
"""Print the current one-time code for a base32 TOTP secret (RFC 6238: SHA-1, 6 digits, 30 s),
as an authenticator app would: `python3 bin/totp.py SECRET`. For the demo's printed secret
when no authenticator app or `oathtool` is at hand. Standard library only, no database."""

import base64
import hashlib
import hmac
import struct
import sys
import time


def code(secret: str, at: float | None = None) -> str:
    cleaned = secret.replace(" ", "").upper()
    key = base64.b32decode(cleaned + "=" * (-len(cleaned) % 8))
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(number % 1_000_000).zfill(6)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python3 bin/totp.py BASE32_SECRET")
    print(code(sys.argv[1]))
