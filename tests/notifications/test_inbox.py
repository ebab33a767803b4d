"""Notifications on "My work": shown, opened (marked read), private to their user."""

import pytest

from notifications import inbox
from notifications.models import Correspondence, LetterKind, Notification

pytestmark = pytest.mark.django_db


def test_a_notification_is_shown_opened_and_then_gone(client, personas):
    personas.investigator.email = "ivy@psd.example"
    personas.investigator.save()
    note = inbox.notify(
        user=personas.investigator,
        message="Dana Whitlock answered: Notice of investigation",
        url="/cases/",
        idempotency_key="note-1",
        email_kind=LetterKind.RESPONSE_RECEIVED,
        extra={"letter_subject": "Notice of investigation"},
    )
    # The email went to the outbox in the same transaction.
    email = Correspondence.objects.get(idempotency_key="note-1")
    assert (email.kind, email.recipient_email) == (LetterKind.RESPONSE_RECEIVED, "ivy@psd.example")
    client.force_login(personas.investigator)
    assert "Dana Whitlock answered" in client.get("/").content.decode()
    opened = client.post(f"/notifications/{note.pk}/open/")
    assert opened.status_code == 302 and opened["Location"] == "/cases/"
    note.refresh_from_db()
    assert note.read_at is not None
    assert "Dana Whitlock answered" not in client.get("/").content.decode()


def test_another_users_notification_is_not_found(client, personas):
    note = inbox.notify(user=personas.investigator, message="For Ivy", idempotency_key="note-2")
    client.force_login(personas.investigator_other_team)
    assert client.post(f"/notifications/{note.pk}/open/").status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


def test_a_link_elsewhere_is_not_followed(client, personas):
    note = Notification.objects.create(user=personas.investigator, message="Odd", url="https://evil.example/")
    client.force_login(personas.investigator)
    assert client.post(f"/notifications/{note.pk}/open/")["Location"] == "/"


def test_no_email_without_an_address(personas):
    personas.head.email = ""
    personas.head.save()
    inbox.notify(user=personas.head, message="x", idempotency_key="note-3", email_kind=LetterKind.RESPONSE_RECEIVED)
    assert not Correspondence.objects.exists()


def test_deadline_reminders_are_one_line_per_kind_with_a_count(client, personas):
    """Issue 20: fifteen alike "Urgent" reminders are one line ("15 reminders: ..."), opened
    together, leading to the deadlines of that kind; other messages stay one line each."""
    from casework.models import Deadline
    from tests.factories import TeamFactory, make_case

    case = make_case(personas.investigator, TeamFactory(members=[personas.head]), [])
    Deadline.objects.create(
        case=case,
        kind="iopc_referral",
        label="Mandatory IOPC referral",
        owner=personas.investigator,
        starts_on="2026-12-01",
        due_on="2026-12-02",
        due_at="2026-12-02T23:59:00Z",
        source_rule={},
    )
    for n in range(15):
        inbox.notify(
            user=personas.head,
            message=f"Mandatory IOPC referral on case {n}: overdue by 5 working days",
            idempotency_key=f"reminder-{n}",
            urgent=True,
            kind="deadline:iopc_referral",
        )
    inbox.notify(user=personas.head, message="Dana Whitlock answered", idempotency_key="single")
    client.force_login(personas.head)
    page = client.get("/").content.decode()
    assert page.count('data-testid="message-group"') == 1
    assert "15 urgent" in page and "reminders: Mandatory IOPC referral" in page
    assert "overdue by 5 working days" not in page and "Dana Whitlock answered" in page
    opened = client.post("/notifications/kinds/deadline:iopc_referral/open/")
    assert opened.status_code == 302 and "kind=iopc_referral" in opened["Location"]
    assert Notification.objects.filter(user=personas.head, read_at=None).count() == 1
    # Someone else's group: nothing of theirs is marked read, and a kind that is not a group is not found.
    client.force_login(personas.investigator)
    assert client.post("/notifications/kinds/other/open/").status_code == 404
