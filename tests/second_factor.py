"""Test helpers for the second factor (casework/second_factor).

Production has no switch that lets a session skip the code. Tests that are not about signing in
use `force_login` on `PassedSecondFactorClient` (the suite's `client` fixture): the session is
marked as having passed the second factor, as the code page marks it. Browser tests sign in
through the real pages with a code computed here from the user's secret.
"""

import time

from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from casework.second_factor import gate

TEST_METHOD = "test-client"


class PassedSecondFactorClient(Client):
    """Django's test client whose force_login also passes the second factor."""

    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        pass_second_factor(self, user)


def pass_second_factor(client, user):
    """Mark the client's session as past the code page, for tests of something after sign-in."""
    session = client.session
    session[gate.SESSION_KEY] = {"user": user.pk, "method": TEST_METHOD, "detail": ""}
    session.save()


def authenticator_for(user) -> TOTPDevice:
    """The user's confirmed authenticator, made (with a random secret) if they have none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def next_code(device: TOTPDevice) -> str:
    """A code the device will accept now: the current step's, or, when that one has been used
    (two sign-ins within 30 seconds), the next step's, which the allowed drift of one step
    accepts; waits for the clock only if even that one is used."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    step = max(totp.t(), device.last_t + 1)
    while step > totp.t() + device.tolerance:
        time.sleep(1)
        totp.time = time.time()
    totp.time = device.t0 + (step - device.drift) * device.step
    return str(totp.token()).zfill(device.digits)


def code_from_secret(secret: str, at: float | None = None) -> str:
    """What an authenticator app shows for a base32 secret (RFC 6238 through django-otp's TOTP,
    not through the code under test)."""
    from base64 import b32decode

    key = b32decode(secret + "=" * (-len(secret) % 8))
    totp = TOTP(key)
    totp.time = time.time() if at is None else at
    return str(totp.token()).zfill(6)
