"""/respond/<token>/: where an officer, without an account, reads a request and answers it.

Unknown, expired and spent links all get the same neutral page and status, so the page tells a
guesser nothing. Each client address has a small budget of attempts."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from casework.audit import client_address
from notifications import responses
from notifications.forms.respond import ResponseForm


def _unusable(request):
    return render(request, "notifications/respond_unusable.html", status=404)


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def respond(request, token):
    address = client_address(request)
    if not responses.allow_attempt(address):
        return render(request, "notifications/respond_rate_limited.html", status=429)
    try:
        link = responses.find_usable(token)
    except responses.LinkUnusable:
        return _unusable(request)
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
    return render(request, "notifications/respond.html", {"letter": letter, "link": link, "form": form})
