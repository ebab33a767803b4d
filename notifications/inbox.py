"""Telling a user something: a row on their "My work" page and, if they have an address, an
email through the outbox. One function, so reminders and responses notify the same way."""

from django.db import transaction

from .models import Notification


@transaction.atomic
def notify(
    *,
    user,
    message: str,
    idempotency_key: str,
    case=None,
    url: str = "",
    urgent=False,
    email_kind=None,
    extra=None,
    kind: str = "",
) -> Notification:
    """Record the notification and, when email_kind is given and the user has an address,
    compose the email in the same transaction (the idempotency key makes a repeat harmless)."""
    from . import outbox

    note = Notification.objects.create(
        user=user, case=case, message=message[:300], url=url, urgent=urgent, kind=kind[:80]
    )
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


DEADLINE_KIND = "deadline:"


def unread_grouped(user, limit=15) -> tuple[list[dict], list]:
    """My work's messages: deadline reminders as one line per kind of clock (how many, how many
    urgent, the clock's name), then the other unread messages, newest first. Three queries."""
    from django.db.models import Count, Max, Q

    from casework.models import Deadline

    unread = Notification.objects.filter(user=user, read_at=None)
    groups = list(
        unread.filter(kind__startswith=DEADLINE_KIND)
        .values("kind")
        .annotate(count=Count("pk"), urgent=Count("pk", filter=Q(urgent=True)), latest=Max("created_at"))
        .order_by("-urgent", "-latest")
    )
    codes = [g["kind"].removeprefix(DEADLINE_KIND) for g in groups]
    labels = dict(
        Deadline.objects.filter(kind__in=codes).values("kind").annotate(label=Max("label")).values_list("kind", "label")
    )
    for group, code in zip(groups, codes, strict=True):
        group["code"], group["label"] = code, labels.get(code, code)
    singles = list(unread.exclude(kind__startswith=DEADLINE_KIND).select_related("case")[:limit])
    return groups, singles


def mark_kind_read(*, user, kind: str) -> int:
    from django.utils import timezone

    return Notification.objects.filter(user=user, kind=kind, read_at=None).update(read_at=timezone.now())


def unread_for(user, limit=20):
    return Notification.objects.filter(user=user, read_at=None).select_related("case")[:limit]


def mark_read(*, user, notification_id) -> int:
    from django.utils import timezone

    return Notification.objects.filter(user=user, pk=notification_id, read_at=None).update(read_at=timezone.now())
