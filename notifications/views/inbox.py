"""Opening a notification from "My work": it is marked read and the user goes where it points."""

from django.http import Http404
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from notifications import inbox
from notifications.models import Notification


def home_panel(request):
    """The "Messages for you" panel: deadline reminders grouped, one line per kind of clock with a
    count (not one line each: fifteen alike "Urgent" lines hide what matters), then the other
    unread notifications, newest first."""
    groups, notes = inbox.unread_grouped(request.user, limit=15)
    return {"groups": groups, "notifications": notes} if groups or notes else None


@require_POST
def open_kind(request, kind):
    """Open a group of deadline reminders: they are marked read, and the user goes to the
    deadlines of that kind (overdue first in the list's order)."""
    from django.urls import reverse
    from django.utils.http import urlencode

    from casework.permissions import can_view_deadlines, can_view_department_deadlines

    if not kind.startswith(inbox.DEADLINE_KIND):
        raise Http404
    inbox.mark_kind_read(user=request.user, kind=kind)
    if not can_view_deadlines(request.user):
        return redirect("home")
    scope = "department" if can_view_department_deadlines(request.user) else "mine"
    query = urlencode({"scope": scope, "kind": kind.removeprefix(inbox.DEADLINE_KIND)})
    return redirect(f"{reverse('deadline-list')}?{query}")


@require_POST
def open_notification(request, pk):
    note = Notification.objects.filter(user=request.user, pk=pk).first()
    if note is None:
        raise Http404  # someone else's, or none: nothing to say either way
    inbox.mark_read(user=request.user, notification_id=note.pk)
    if note.url and url_has_allowed_host_and_scheme(note.url, allowed_hosts={request.get_host()}):
        return redirect(note.url)
    return redirect("home")
