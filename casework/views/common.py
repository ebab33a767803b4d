import sys

from django.contrib.auth.decorators import login_not_required
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader

from casework import deadlines, services, start_pages
from casework.dates import parse_uk_date
from casework.panels import home_panels
from casework.permissions import can_record_cases, can_view_deadlines, my_open_cases
from casework.time_left import with_time_left

RETRY_AFTER_SECONDS = 30


def clean_param(params, name: str, max_length: int = 200) -> str:
    """A query-string value safe to filter on: trimmed, bounded, without NUL (PostgreSQL rejects it)."""
    return params.get(name, "").replace("\x00", "").strip()[:max_length]


def parse_id(value: str) -> int | None:
    """A primary key from a query string, or None (not digits, or beyond PostgreSQL's bigint)."""
    if not value.isdecimal():
        return None
    number = int(value)
    return number if 0 < number < 2**63 else None


def parse_date_param(value: str):
    """A date from a query string, read as a typed date is (casework.dates), or None."""
    return parse_uk_date(value)


def home(request):
    """My work: my next deadlines, and the open cases I investigate or my team owns."""
    return render(
        request,
        "casework/home.html",
        {
            "my_cases": my_open_cases(request.user)[:25],
            "break_glass": services.break_glass_on_my_cases(request.user),
            "next_deadlines": with_time_left(deadlines.next_deadlines_for(request.user))
            if can_view_deadlines(request.user)
            else [],
            "panels": home_panels(request),
            "can_record": can_record_cases(request.user),
            "start_page": start_pages.only_oversees(request.user),
        },
    )


@login_not_required
def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


@login_not_required
def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


@login_not_required
def server_error(request):
    # Rendered without the request: no context processor may touch a database that may be
    # the reason we are here.
    if _database_unavailable():
        return database_unavailable()
    return HttpResponseServerError(loader.render_to_string("500.html"))


def _database_unavailable() -> bool:
    """Django calls the 500 handler inside its `except`: the exception is the one being handled.
    OperationalError covers the pool's timeout (psycopg_pool.PoolTimeout) and a lost server."""
    exc = sys.exc_info()[1]
    return isinstance(exc, (OperationalError, InterfaceError))


def database_unavailable():
    """PostgreSQL is down or out of connections: a styled 503 that asks the browser (and any
    proxy) to come back, never a 500. Static template, no request: nothing touches the database."""
    response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response.database_unavailable = True  # casework.middleware.SessionMiddleware: leave the session
    return response
