"""Signing in and out: the account log of sign-ins, sign-outs and failures, the per-address
rate limit on sign-in forms, the absolute session lifetime, and the password pages.

Lock-out itself is django-axes' (settings: a username is locked only from the address that
failed it, so nobody can lock the head of PSD out from elsewhere); this module adds what axes
does not do. Whatever signs a user in (the password form, the admin's form, single sign-on)
goes through django.contrib.auth.login, whose signals are recorded here."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import signals as auth_signals
from django.contrib.auth import views as auth_views
from django.contrib.auth.models import AnonymousUser
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import urlencode

from . import account_log
from .audit import client_address
from .models import AccountEventKind, User
from .ratelimit import RateLimitUnavailable, count_attempt

SIGNED_IN_AT = "signed_in_at"  # session key: when this session signed in (epoch seconds)


def axes_client_address(request):
    """Axes locks username-and-address pairs; the address is the one every log uses."""
    return client_address(request)


# The account log of signing in ------------------------------------------------------------
def on_signed_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[SIGNED_IN_AT] = int(time.time())
    account_log.record(AccountEventKind.SIGNED_IN, user=user, actor=user, client_address=_address(request))


def on_signed_out(sender, request, user, **kwargs):
    if user is not None:
        account_log.record(AccountEventKind.SIGNED_OUT, user=user, actor=user, client_address=_address(request))


def on_sign_in_failed(sender, credentials, request=None, **kwargs):
    """Every failed attempt, with the username typed (which may name no account)."""
    username = str(credentials.get("username", ""))[:150]
    account_log.record(
        AccountEventKind.SIGN_IN_FAILED,
        user=User.objects.filter(username=username).first() if username else None,
        username=username,
        client_address=_address(request),
    )


def on_locked_out(sender, request, username, ip_address, **kwargs):
    account_log.record(
        AccountEventKind.SIGN_IN_THROTTLED,
        user=User.objects.filter(username=username).first() if username else None,
        username=username or "",
        detail={"by": "lock-out", "failures": settings.AXES_FAILURE_LIMIT},
        client_address=ip_address,
    )


def connect_signals():
    from axes.signals import user_locked_out

    auth_signals.user_logged_in.connect(on_signed_in, dispatch_uid="casework-signed-in")
    auth_signals.user_logged_out.connect(on_signed_out, dispatch_uid="casework-signed-out")
    auth_signals.user_login_failed.connect(on_sign_in_failed, dispatch_uid="casework-sign-in-failed")
    user_locked_out.connect(on_locked_out, dispatch_uid="casework-locked-out")


def _address(request):
    return client_address(request) if request is not None and hasattr(request, "META") else None


# Middleware -------------------------------------------------------------------------------
def sign_in_paths() -> set[str]:
    return {reverse("login"), reverse("admin:login")}


class SignInRateLimitMiddleware:
    """At most SIGN_IN_RATE_LIMIT sign-in attempts per client address per window, whatever
    usernames they name: axes locks a username from an address, this stops one address trying
    many usernames. Counted in Redis; the first refusal in a window is logged, not every one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.path in sign_in_paths():
            address = client_address(request)
            window = settings.SIGN_IN_RATE_LIMIT_WINDOW
            try:
                count = count_attempt(f"sign-in-rate:{address or 'unknown'}", window)
            except RateLimitUnavailable:
                return try_again_shortly(request, "Signing in")  # fail closed: no uncounted guessing
            if count > settings.SIGN_IN_RATE_LIMIT:
                if count == settings.SIGN_IN_RATE_LIMIT + 1:
                    account_log.record(
                        AccountEventKind.SIGN_IN_THROTTLED,
                        username=str(request.POST.get("username", ""))[:150],
                        detail={"by": "rate limit", "limit": settings.SIGN_IN_RATE_LIMIT, "window": window},
                        client_address=address,
                    )
                context = {"window_minutes": max(1, window // 60)}
                return render(request, "registration/sign_in_throttled.html", context, status=429)
        return self.get_response(request)


def try_again_shortly(request, what: str):
    """503 with Retry-After: a part the request needs (the cache) is down; nothing was changed."""
    response = render(request, "try_again_shortly.html", {"what": what}, status=503)
    response["Retry-After"] = "30"
    return response


class AbsoluteSessionLifetimeMiddleware:
    """Ends a session SESSION_ABSOLUTE_SECONDS after it signed in, however active it has been
    (the idle timeout is the cookie's age): a stolen or forgotten session does not live forever."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            signed_in_at = request.session.setdefault(SIGNED_IN_AT, int(time.time()))
            if time.time() - signed_in_at > settings.SESSION_ABSOLUTE_SECONDS:
                return self._end(request)
        return self.get_response(request)

    def _end(self, request):
        user = request.user
        account_log.record(
            AccountEventKind.SESSION_ENDED,
            user=user,
            detail={"limit_seconds": settings.SESSION_ABSOLUTE_SECONDS},
            client_address=client_address(request),
        )
        request.session.flush()
        request.user = AnonymousUser()
        hours = settings.SESSION_ABSOLUTE_SECONDS / 3600
        messages.info(request, f"You have been signed out: sessions last at most {hours:g} hours. Sign in again.")
        return redirect(f"{reverse('login')}?{urlencode({'next': request.get_full_path()})}")


# Password pages ---------------------------------------------------------------------------
class PasswordChangeView(auth_views.PasswordChangeView):
    """A signed-in user changes their own password (the old one first)."""

    success_url = reverse_lazy("home")

    def form_valid(self, form):
        response = super().form_valid(form)
        account_log.record(
            AccountEventKind.PASSWORD_CHANGED,
            user=self.request.user,
            actor=self.request.user,
            client_address=client_address(self.request),
        )
        messages.success(self.request, "Your password has been changed.")
        return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """The page a reset link opens: the owner chooses a password, then signs in as usual (not
    signed in by the link, so the second factor and the sign-in log still apply)."""

    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        account_log.record(
            AccountEventKind.PASSWORD_CHANGED,
            user=form.user,
            actor=form.user,
            reason="Chosen from a password-reset link",
            client_address=client_address(self.request),
        )
        return response
