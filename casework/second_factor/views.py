"""The pages after the password: the code, enrolment the first time, the recovery codes, and the
administrators' page that resets someone else's second factor."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp.plugins.otp_totp.models import TOTPDevice

from casework import permissions
from casework.errors import Refused, add_to_form
from casework.models import User

from . import gate, services
from .forms import EnrolForm, ResetForm, SignInCodeForm
from .qr import qr_data_uri

SHOW_CODES_KEY = "second_factor_codes_to_show"
FEW_RECOVERY_CODES = 3


def _next_url(request) -> str:
    """Where the user was going, if it is a page of this site; else My work."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("home")


def _with_next(url_name: str, next_url: str) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': next_url})}"


@gate.second_factor_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def sign_in_code(request):
    """The code after the password (sends a user with no authenticator to enrolment)."""
    next_url = _next_url(request)
    if not gate.needs_second_factor(request):
        return redirect(next_url)
    if not services.is_enrolled(request.user):
        return redirect(_with_next("second-factor-enrol", next_url))
    form = SignInCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            method = services.verify(request.user, form.cleaned_data["code"])
        except Refused as refused:
            add_to_form(form, refused)
        else:
            gate.mark_passed(request, method)
            if method == gate.Method.RECOVERY_CODE:
                _warn_about_recovery_codes(request)
            return redirect(next_url)
    return render(request, "casework/second_factor/sign_in_code.html", {"form": form, "next": next_url})


def _warn_about_recovery_codes(request):
    left = services.recovery_codes_left(request.user)
    text = f"You signed in with a recovery code. It cannot be used again: you have {left} left."
    if left <= FEW_RECOVERY_CODES:
        text += " Make new recovery codes from the second factor page."
    messages.warning(request, text)


@gate.second_factor_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def enrol(request):
    """First sign-in: the QR code and the secret, confirmed by a code from the app."""
    next_url = _next_url(request)
    if services.is_enrolled(request.user):
        return redirect(_with_next("second-factor", next_url))
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.confirm_enrolment(request.user, form.cleaned_data["code"])
        except Refused as refused:
            add_to_form(form, refused)
        else:
            gate.mark_passed(request, gate.Method.AUTHENTICATOR)
            request.session[SHOW_CODES_KEY] = {"codes": codes, "next": next_url}
            return redirect("second-factor-recovery-codes")
    device = services.pending_enrolment(request.user)
    context = {
        "form": form,
        "next": next_url,
        "qr_code": qr_data_uri(device.config_url),
        "secret": services.base32_secret(device),
    }
    return render(request, "casework/second_factor/enrol.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def recovery_codes(request):
    """New recovery codes are shown once, here, straight after they are made."""
    if request.method == "POST":
        try:
            codes = services.renew_recovery_codes(request.user)
        except Refused as refused:
            messages.error(request, refused.message)
            return redirect("second-factor-recovery-codes")
        request.session[SHOW_CODES_KEY] = {"codes": codes, "next": reverse("home")}
        return redirect("second-factor-recovery-codes")
    shown = request.session.pop(SHOW_CODES_KEY, None)
    context = {
        "codes": shown["codes"] if shown else None,
        "next": shown["next"] if shown else reverse("home"),
        "left": services.recovery_codes_left(request.user),
    }
    return render(request, "casework/second_factor/recovery_codes.html", context)


# Administrators --------------------------------------------------------------------------------
PAGE_SIZE = 50


@require_http_methods(["GET"])
def staff(request):
    """Who has set up a second factor; a reset link beside everyone but oneself."""
    if not permissions.can_manage_second_factors(request.user):
        raise Http404
    enrolled = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
    users = User.objects.filter(is_active=True).annotate(enrolled=Exists(enrolled)).order_by("last_name", "username")
    page = Paginator(users, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "casework/second_factor/staff.html", {"page": page})


@never_cache
@require_http_methods(["GET", "POST"])
def reset(request, user_id):
    if not permissions.can_manage_second_factors(request.user):
        raise Http404
    user = get_object_or_404(User, pk=user_id, is_active=True)
    form = ResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reset(actor=request.user, user=user, reason=form.cleaned_data["reason"])
        except Refused as refused:
            add_to_form(form, refused)
        else:
            messages.success(request, f"{user.get_full_name() or user.username} will set up a new authenticator app.")
            return redirect("second-factor-staff")
    context = {
        "form": form,
        "subject": user,
        "may_reset": permissions.can_reset_second_factor(request.user, user),
        "enrolled": services.is_enrolled(user),
        "history": services.history(user)[:20],
    }
    return render(request, "casework/second_factor/reset.html", context)
