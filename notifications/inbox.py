"""Telling a user something: a row on their "My work" page and, if they have an address, an
email through the outbox. One function, so reminders and responses notify the same way."""

from django.db import transaction

from .models import Notification


@transaction.atomic
def notify(
    *, user, message: str, idempotency_key: str, case=None, url: str = "", urgent=False, email_kind=None, extra=None
) -> Notification:
    """Record the notification and, when email_kind is given and the user has an address,
    compose the email in the same transaction (the idempotency key makes a repeat harmless)."""
    from . import outbox

    note = Notification.objects.create(user=user, case=case, message=message[:300], url=url, urgent=urgent)
    if email_kind and user.email:
        outbox.compose(
            kind=email_kind,
            case=case,
            recipient_user=user,
            recipient_name=user.get_full_name() or user.username,
            recipient_email=user.email,
            sender=None,
            idempotency_key=idempotency_key,
            actor=None,
            extra=extra or {},
        )
    return note


def unread_for(user, limit=20):
    return Notification.objects.filter(user=user, read_at=None).select_related("case")[:limit]


def mark_read(*, user, notification_id) -> int:
    from django.utils import timezone

    return Notification.objects.filter(user=user, pk=notification_id, read_at=None).update(read_at=timezone.now())
