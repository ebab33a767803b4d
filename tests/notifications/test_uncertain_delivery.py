"""Exactly once, or a person decides: a letter whose worker died after claiming it is marked
"delivery uncertain", never re-sent automatically; a person confirms it sent (with the relay's
log reference) or sends it again (saying why), from "Letters needing a decision"."""

import functools
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from casework.models import TimelineEvent
from notifications import outbox, uncertain
from notifications.models import DeliveryAttempt, Disclosure, Status
from notifications.models.outbox import AttemptOutcome
from tests.case_sections import section_url

pytestmark = pytest.mark.django_db


def _claimed_long_ago(letter, seconds=600):
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE notifications_correspondence SET status='sending', attempts=1, claimed_at=%s WHERE id=%s",
            [timezone.now() - timedelta(seconds=seconds), letter.pk],
        )


def _status(letter):
    letter.refresh_from_db()
    return letter.status


def test_a_claim_past_the_lease_becomes_uncertain_and_is_not_queued(write_letter, settings):
    settings.OUTBOX_SENDING_LEASE_SECONDS = 120
    dead, alive = write_letter(key="dead"), write_letter(key="alive")
    _claimed_long_ago(dead, seconds=121)
    _claimed_long_ago(alive, seconds=60)  # within the lease: its worker may still be sending
    report = outbox.sweep()
    assert (report.uncertain, report.requeued) == (1, 0)
    assert _status(dead) == Status.UNCERTAIN and _status(alive) == Status.SENDING
    assert "stopped before recording" in dead.last_error
    attempt = DeliveryAttempt.objects.get(correspondence=dead)
    assert attempt.outcome == AttemptOutcome.UNCERTAIN
    assert Disclosure.objects.filter(correspondence=dead).count() == 0


def test_the_default_lease_is_two_minutes_at_most(settings):
    assert settings.OUTBOX_SENDING_LEASE_SECONDS <= 120


def test_confirming_sent_records_the_reference_the_person_and_the_disclosure(write_letter, personas):
    letter = write_letter()
    _claimed_long_ago(letter)
    outbox.sweep()
    with pytest.raises(outbox.OutboxRefused, match="log reference"):
        uncertain.confirm_sent(correspondence=letter, actor=personas.admin, relay_reference="  ")
    uncertain.confirm_sent(correspondence=letter, actor=personas.admin, relay_reference="queue id 4F2A1C")
    letter.refresh_from_db()
    assert letter.status == Status.SENT and letter.sent_at is not None
    confirmed = DeliveryAttempt.objects.get(correspondence=letter, outcome=AttemptOutcome.CONFIRMED)
    assert confirmed.recorded_by == personas.admin and "4F2A1C" in confirmed.detail
    disclosure = Disclosure.objects.get(correspondence=letter)
    assert disclosure.disclosed_by == personas.admin
    assert TimelineEvent.objects.filter(case=letter.case, summary__contains="confirmed sent").exists()
    # Settled: nothing left to decide.
    with pytest.raises(outbox.OutboxRefused, match="nothing to decide"):
        uncertain.resend(correspondence=letter, actor=personas.admin, reason="again")


def test_resending_is_a_new_attempt_with_who_and_why(write_letter, personas, django_capture_on_commit_callbacks):
    letter = write_letter()
    _claimed_long_ago(letter)
    outbox.sweep()
    with pytest.raises(outbox.OutboxRefused, match="Say why"):
        uncertain.resend(correspondence=letter, actor=personas.head, reason="")
    with django_capture_on_commit_callbacks() as callbacks:
        uncertain.resend(correspondence=letter, actor=personas.head, reason="Not in the relay's log for that hour")
    # The delivery task, once, on commit (beside it, the figures' cache is told of the change).
    deliveries = [c for c in callbacks if isinstance(c, functools.partial) and c.args[:1] == ((letter.pk,),)]
    assert len(deliveries) == 1 and "deliver" in repr(deliveries[0].func)
    letter.refresh_from_db()
    assert letter.status == Status.QUEUED and letter.attempts == 0
    resent = DeliveryAttempt.objects.get(correspondence=letter, outcome=AttemptOutcome.RESENT)
    assert resent.recorded_by == personas.head and "relay's log" in resent.detail
    assert TimelineEvent.objects.filter(case=letter.case, summary__contains="sent again").exists()


def test_only_uncertain_letters_are_decided(write_letter, personas):
    letter = write_letter()  # queued
    with pytest.raises(outbox.OutboxRefused, match="nothing to decide"):
        uncertain.confirm_sent(correspondence=letter, actor=personas.admin, relay_reference="x")


def test_the_decision_page_lists_uncertain_letters_with_both_actions(client, write_letter, personas):
    letter = write_letter()
    _claimed_long_ago(letter)
    outbox.sweep()
    client.force_login(personas.admin)
    page = client.get(reverse("letter-failed-list")).content.decode()
    assert "Letters needing a decision" in page and "Delivery uncertain" in page
    assert escape(letter.message_id) in page
    assert reverse("letter-failed-confirm-sent", args=[letter.pk]) in page
    assert reverse("letter-failed-resend", args=[letter.pk]) in page

    confirm = reverse("letter-failed-confirm-sent", args=[letter.pk])
    response = client.post(confirm, {"relay_reference": ""}, follow=True)
    assert "Give the relay&#x27;s log reference" in response.content.decode()
    assert _status(letter) == Status.UNCERTAIN
    response = client.post(confirm, {"relay_reference": "postfix 4F2A1C"}, follow=True)
    assert "recorded as sent" in response.content.decode()
    assert _status(letter) == Status.SENT
    # Decided: off the queue.
    assert client.post(reverse("letter-failed-resend", args=[letter.pk]), {"reason": "x"}).status_code == 404


def test_the_letter_page_and_the_case_show_an_uncertain_letter(read, write_letter, personas):
    letter = write_letter()
    _claimed_long_ago(letter)
    outbox.sweep()
    url = reverse("letter-detail", args=[letter.case.reference, letter.pk])
    html = read(personas.investigator, url).content.decode()
    assert 'data-testid="letter-uncertain"' in html and "An administrator or the head of PSD decides" in html
    case_page = read(personas.investigator, section_url(letter.case, "correspondence")).content.decode()
    assert "Delivery uncertain" in case_page


@pytest.mark.django_db(transaction=True)
def test_a_slow_worker_that_records_sent_after_the_mark_wins(write_letter, smtp_server, settings):
    """The mark is a question; the relay's "250", recorded late, is its answer."""
    from notifications import delivery

    letter = write_letter()
    _claimed_long_ago(letter)
    outbox.sweep()
    assert _status(letter) == Status.UNCERTAIN
    letter.refresh_from_db()
    delivery._record_sent(letter)
    assert _status(letter) == Status.SENT
    assert Disclosure.objects.filter(correspondence=letter).count() == 1
