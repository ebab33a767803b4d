"""The demo's second factor (seed_demo, `make run`): every demo user gets an authenticator with
one shared secret, from DEMO_TOTP_SECRET (base32) when set, else the one they already have,
else a new one, printed beside the password so a newcomer can still sign in."""

import time
from base64 import b32encode
from os import urandom

from django_otp.oath import TOTP

from . import services


def enrol(users, secret: str | None = None) -> str:
    """Enrol the users with the secret (or keep or make one); returns the secret in base32."""
    secret = secret or _shared_secret(users) or b32encode(urandom(20)).decode()
    for user in users:
        services.enrol_with_secret(user, secret)
    return secret


def current_code(secret: str, at: float | None = None) -> str:
    """The code an authenticator app shows for this secret now (or at a Unix time)."""
    totp = TOTP(bytes.fromhex(services.hex_key(secret)))
    totp.time = time.time() if at is None else at
    return str(totp.token()).zfill(totp.digits)


def _shared_secret(users) -> str | None:
    """The secret the demo users already share, so a second `make run` keeps the same one."""
    devices = [services.authenticator(user) for user in users]
    keys = {device.key for device in devices if device is not None}
    if len(keys) == 1 and None not in devices:
        return services.base32_secret(devices[0])
    return None
