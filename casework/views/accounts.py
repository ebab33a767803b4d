"""The account log: sign-ins, failures, role and team changes, reset links (read-only)."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.http import urlencode

from casework import permissions
from casework.models import AccountEvent, AccountEventKind
from casework.views.common import clean_param


def account_log(request):
    if not permissions.can_read_account_log(request.user):
        raise Http404
    filters = {"username": clean_param(request.GET, "username", 150), "kind": clean_param(request.GET, "kind", 30)}
    events = AccountEvent.objects.select_related("user", "actor").order_by("-at", "-id")
    if filters["username"]:
        events = events.filter(username__icontains=filters["username"])
    if filters["kind"] in AccountEventKind.values:
        events = events.filter(kind=filters["kind"])
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "filters": filters,
        "kinds": AccountEventKind.choices,
        "querystring": urlencode({k: v for k, v in filters.items() if v}),
    }
    return render(request, "casework/account_log.html", context)
