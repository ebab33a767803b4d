"""The second factor's workflows: enrol an authenticator app, check a code, use and renew
recovery codes, and the reset of someone's second factor by another administrator.

The devices are django-otp's: a TOTP device (RFC 6238, 30-second codes, one step of clock drift
either way, a code never accepted twice) and a static device holding the recovery codes, each
usable once. django-otp throttles each device: after a wrong code the next try must wait 1, 2,
4, 8... seconds. Every change is written to the append-only `SecondFactorEvent` history.
"""

import logging
import math
from base64 import b32decode, b32encode
from binascii import Error as Base32Error

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from casework import permissions
from casework.errors import Refused
from casework.models import SecondFactorAction, SecondFactorEvent, User

from .gate import Method

log = logging.getLogger(__name__)

RECOVERY_CODE_COUNT = 10
APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"
TOTP_DIGITS = 6
WRONG_APP_CODE = "That code is wrong or has already been used. Enter the current code from your app."
WRONG_RECOVERY_CODE = "That recovery code is wrong or has already been used."


# Enrolment ---------------------------------------------------------------------------------
def authenticator(user) -> TOTPDevice | None:
    """The user's confirmed authenticator app, if they have enrolled one."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def is_enrolled(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_enrolment(user) -> TOTPDevice:
    """The secret being set up: the same one on every reload until it is confirmed, so a user
    who scanned it and then refreshed the page is not left holding a dead code."""
    if is_enrolled(user):
        raise Refused("You have already set up an authenticator app. An administrator can reset it.")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    return device or TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)


def base32_secret(device: TOTPDevice) -> str:
    """The secret as authenticator apps take it by hand (RFC 4648 base32, no padding)."""
    return b32encode(device.bin_key).decode().rstrip("=")


def confirm_enrolment(user, code: str) -> list[str]:
    """The first code from the app proves it holds the secret: the device is confirmed and the
    recovery codes are made. Returns the codes, to be shown once and never again."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("-pk").first()
        if device is None or is_enrolled(user):
            raise Refused("There is no authenticator app being set up. Start again.")
        error = _attempt(device, code, WRONG_APP_CODE)
        if error is None:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=user, confirmed=False).delete()
            _record(user, SecondFactorAction.ENROLLED, by=user)
            codes = _new_recovery_codes(user)
    # Refused only after the transaction: django-otp's count of wrong codes must be kept.
    if error:
        raise Refused(error, field="code")
    return codes


# Signing in --------------------------------------------------------------------------------
def verify(user, code: str) -> str:
    """Check a code from the app or a recovery code. Returns which it was (a gate.Method)
    or refuses with a message for the code field."""
    code = _normalise(code)
    if not code:
        raise Refused("Enter the code from your authenticator app, or a recovery code", field="code")
    with transaction.atomic():
        if code.isdigit() and len(code) == TOTP_DIGITS:
            method = Method.AUTHENTICATOR
            device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
            error = _attempt(device, code, WRONG_APP_CODE)
        else:
            method = Method.RECOVERY_CODE
            device = StaticDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
            error = _attempt(device, code, WRONG_RECOVERY_CODE)  # a match is deleted: each works once
            if error is None:
                _record(user, SecondFactorAction.RECOVERY_CODE_USED, by=user)
    # Refused only after the transaction: django-otp's count of wrong codes must be kept.
    if error:
        raise Refused(error, field="code")
    return method


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def renew_recovery_codes(user) -> list[str]:
    """New recovery codes for a user who has passed the second factor; the old ones stop working."""
    if not is_enrolled(user):
        raise Refused("Set up an authenticator app first.")
    codes = _new_recovery_codes(user)
    _record(user, SecondFactorAction.RECOVERY_CODES_RENEWED, by=user)
    return codes


# Reset by another administrator ---------------------------------------------------------------
@transaction.atomic
def reset(*, actor, user, reason: str) -> None:
    """Remove a user's authenticator app and recovery codes (a lost phone, say) so that they set
    up a new one at their next sign-in, and end their sessions. Only an administrator may, never
    for their own account, and always with a reason: the history keeps who, when and why."""
    if not permissions.can_reset_second_factor(actor, user):
        raise Refused("Only another administrator can reset this account's second factor.")
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise Refused("Give the reason for the reset (at least 10 characters)", field="reason")
    User.objects.select_for_update().get(pk=user.pk)  # one reset at a time per account
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    _record(user, SecondFactorAction.RESET, by=actor, reason=reason)
    end_sessions(user)  # in the same transaction: no session outlives a reset that happened
    log.warning("second factor of user %s reset by user %s", user.pk, actor.pk)


def end_sessions(user) -> int:
    """Sign the user out everywhere. Sessions are in the database (Django's default engine) and
    do not say whose they are without decoding: an administrator's rare action may scan the
    live ones."""
    if settings.SESSION_ENGINE != "django.contrib.sessions.backends.db":
        return 0
    ended = [
        s.pk
        for s in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if str(s.get_decoded().get("_auth_user_id")) == str(user.pk)
    ]
    Session.objects.filter(pk__in=ended).delete()
    return len(ended)


def history(user):
    return SecondFactorEvent.objects.filter(user=user).select_related("by")


# The demo (seed_demo) ------------------------------------------------------------------------
@transaction.atomic
def enrol_with_secret(user, secret: str) -> TOTPDevice:
    """Give a demo user a confirmed authenticator with a known base32 secret (idempotent)."""
    key = hex_key(secret)
    device = authenticator(user)
    if device is not None and device.key == key:
        return device
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, key=key, confirmed=True)
    _record(user, SecondFactorAction.DEMO_ENROLLED)
    return device


def hex_key(secret: str) -> str:
    """A base32 secret (as authenticator apps and oathtool take it) as django-otp's hex key."""
    cleaned = secret.replace(" ", "").upper()
    try:
        raw = b32decode(cleaned + "=" * (-len(cleaned) % 8))
    except (Base32Error, ValueError):
        raise Refused("The secret is not base32 (letters A to Z and digits 2 to 7).") from None
    if len(raw) < 10:
        raise Refused("The secret is too short: at least 16 base32 characters (80 bits).")
    return raw.hex()


# Helpers -----------------------------------------------------------------------------------
def _normalise(code: str) -> str:
    return "".join((code or "").split()).replace("-", "").lower()


def _attempt(device, code: str, wrong: str) -> str | None:
    """django-otp's check of one device (throttled); None when the code is right, else why not."""
    if device is None:
        return wrong
    allowed, detail = device.verify_is_allowed()
    if not allowed:
        return _throttled_message(detail)
    return None if device.verify_token(_normalise(code)) else wrong


def _throttled_message(detail) -> str:
    until = (detail or {}).get("locked_until")
    seconds = max(1, math.ceil((until - timezone.now()).total_seconds())) if until else 1
    return f"Too many wrong codes. Wait {seconds} second{'s' if seconds > 1 else ''}, then enter the current code."


def _new_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def _record(user, action, *, by=None, reason=""):
    SecondFactorEvent.objects.create(user=user, action=action, by=by, reason=reason)
