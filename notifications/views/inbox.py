"""Opening a notification from "My work": it is marked read and the user goes where it points."""

from django.http import Http404
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from notifications import inbox
from notifications.models import Notification


def home_panel(request):
    """The "Messages for you" panel: unread notifications, newest first (one query)."""
    notes = list(inbox.unread_for(request.user, limit=15))
    return {"notifications": notes} if notes else None


@require_POST
def open_notification(request, pk):
    note = Notification.objects.filter(user=request.user, pk=pk).first()
    if note is None:
        raise Http404  # someone else's, or none: nothing to say either way
    inbox.mark_read(user=request.user, notification_id=note.pk)
    if note.url and url_has_allowed_host_and_scheme(note.url, allowed_hosts={request.get_host()}):
        return redirect(note.url)
    return redirect("home")
