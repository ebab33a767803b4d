"""Signing in with a local password, which a force switches off once it uses single sign-on.

With `LOCAL_PASSWORDS=false` only a superuser may still sign in with a password: the break-glass
account made with `createsuperuser` on the server, for when the identity provider is down or
misconfigured. Everyone else signs in through the provider. The backend refuses, not only the
page, so no other password form (the admin's) lets a password in either.
"""

from django.conf import settings
from django.contrib.auth.backends import ModelBackend

PASSWORDS_OFF = "Signing in with a password is switched off. Sign in with your force account."


def local_passwords_allowed() -> bool:
    return bool(settings.LOCAL_PASSWORDS)


def may_use_password(user) -> bool:
    """Whether this account may sign in with a password at all."""
    return local_passwords_allowed() or user.is_superuser


class LocalPasswordBackend(ModelBackend):
    """Django's username-and-password backend, honouring LOCAL_PASSWORDS."""

    def user_can_authenticate(self, user):
        return super().user_can_authenticate(user) and may_use_password(user)
