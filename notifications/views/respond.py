"""/respond/<token>/: where an officer, without an account, reads a request and answers it.

Unknown, expired and spent links all get the same neutral page and status, so the page tells a
guesser nothing. Each client address has a small budget of attempts. A usable link first asks
the reader to confirm they are its recipient (notifications/response_access.py); until then
the page shows nothing of the letter, not even to whom it was sent, and takes no answer. Each
showing of the letter is logged."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from casework.audit import client_address
from casework.errors import add_to_form
from casework.ratelimit import RateLimitUnavailable
from casework.signin import try_again_shortly
from notifications import response_access, responses
from notifications.forms.respond import ComplainantConfirmForm, ConfirmForm, ResponseForm
from notifications.models import LinkEventKind


def _unusable(request):
    return render(request, "notifications/respond_unusable.html", status=404)


def _rate_limited(request):
    return render(request, "notifications/respond_rate_limited.html", status=429)


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def respond(request, token):
    address = client_address(request)
    if not responses.allow_attempt(address):
        return _no_referrer(_rate_limited(request))
    try:
        link = responses.find_usable(token)
    except responses.LinkUnusable:
        return _no_referrer(_unusable(request))
    if not response_access.is_confirmed(request.session, link):
        return _no_referrer(_confirm(request, link, address))
    return _no_referrer(_letter(request, token, link, address))


def _confirm(request, link, address):
    complainant = response_access.is_for_complainant(link)
    form = (ComplainantConfirmForm if complainant else ConfirmForm)(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            response_access.confirm_recipient(link, form.answer(), client_address=address)
        except response_access.ConfirmationLocked:
            return _rate_limited(request)
        except RateLimitUnavailable:  # the guesses could not be counted: refuse, for now
            return try_again_shortly(request, "Confirming who you are")
        except response_access.WrongDetail as refusal:
            add_to_form(form, refusal)
        else:
            response_access.remember(request.session, link)
            return redirect(request.path)
    return render(request, "notifications/respond_confirm.html", {"form": form, "complainant": complainant})


def _letter(request, token, link, address):
    letter = link.correspondence
    form = ResponseForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            responses.submit(
                token=token, text=form.cleaned_data["text"], files=form.cleaned_data["files"], client_address=address
            )
        except responses.LinkUnusable:
            return _unusable(request)
        return render(request, "notifications/respond_done.html", {"letter": letter})
    response_access.record(link, LinkEventKind.LETTER_SHOWN, client_address=address)
    return render(request, "notifications/respond.html", {"letter": letter, "link": link, "form": form})


def _no_referrer(response):
    # The page's address holds the token: its assets and any link followed must not carry it
    # in a Referer header (to our own access logs or anyone else's). The origin alone, not
    # "no-referrer": with that, browsers send "Origin: null" on the form's POST, which the CSRF
    # check rightly refuses.
    response["Referrer-Policy"] = "strict-origin"
    return response
