"""The outbox against a real SMTP server (aiosmtpd) and a real Celery worker on Redis."""

import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from casework.models import TimelineEvent
from notifications import delivery, kinds, outbox
from notifications.models import Correspondence, DeliveryAttempt, Disclosure, LetterKind, Status


def wait_for(predicate, timeout=15.0, step=0.05):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(step)
    return False


def status_of(letter):
    return Correspondence.objects.values_list("status", flat=True).get(pk=letter.pk)


# Composing -------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_a_letter_is_a_row_rendered_from_the_current_template_version(write_letter):
    letter = write_letter()
    assert letter.status == Status.QUEUED
    assert letter.template.kind == LetterKind.INFORMATION_REQUEST
    assert letter.case.reference in letter.subject or letter.case.reference in letter.body
    assert "evening of 14 September 2026" in letter.body
    # The stored body carries the placeholder, never a working link.
    assert kinds.RESPONSE_URL_PLACEHOLDER in letter.body
    assert "/respond/" not in letter.body
    assert letter.message_id == outbox.message_id_for("request-1")


@pytest.mark.django_db
def test_the_same_cause_writes_one_letter(write_letter):
    first = write_letter(key="same-cause")
    second = write_letter(key="same-cause")
    assert first.pk == second.pk
    assert Correspondence.objects.count() == 1


@pytest.mark.django_db
def test_a_letter_that_needs_approval_waits_and_its_author_cannot_approve_it(personas, letter_case):
    case, officer = letter_case
    with transaction.atomic():
        letter = outbox.compose(
            kind=LetterKind.OUTCOME_LETTER,
            case=case,
            person=officer,
            recipient_name=officer.full_name,
            recipient_email=officer.email,
            sender=personas.investigator,
            idempotency_key="outcome-1",
            actor=personas.investigator,
            extra=sample_extra(LetterKind.OUTCOME_LETTER),
        )
    assert letter.status == Status.DRAFT
    with pytest.raises(outbox.OutboxRefused, match="Another manager must approve"):
        outbox.approve(correspondence=letter, actor=personas.investigator)
    approved = outbox.approve(correspondence=letter, actor=personas.authority)
    assert approved.status == Status.QUEUED and approved.approved_by == personas.authority
    assert TimelineEvent.objects.filter(case=case, summary__contains="approved").exists()
    with pytest.raises(outbox.OutboxRefused, match="only drafts"):
        outbox.approve(correspondence=letter, actor=personas.head)


def sample_extra(kind):
    """The kind's own extras from its documented sample (the common part comes from the case)."""
    spec = kinds.KINDS[kind]
    common = {"case", "person", "recipient", "sender", "today", "force"}
    return {k: v for k, v in spec.sample.items() if k not in common and k not in kinds.AUTOMATIC_EXTRAS}


@pytest.mark.django_db
def test_a_second_worker_cannot_claim_a_letter_being_sent(write_letter):
    letter = write_letter()
    assert delivery._claim(letter.pk) is not None
    assert delivery._claim(letter.pk) is None
    assert delivery.deliver(letter.pk) == "not claimed"


# Delivering through a real worker and a real SMTP server ------------------------------------------
def test_a_notice_is_delivered_once_with_the_right_headers_and_body(celery_worker, smtp_server, write_letter):
    letter = write_letter()
    assert wait_for(lambda: status_of(letter) == Status.SENT), status_of(letter)
    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["Message-ID"] == letter.message_id
    assert message["To"] == "dana.whitlock@police.example"
    assert message["X-PSD-Reference"] == letter.case.reference
    assert message["Subject"] == letter.subject
    text = next(p for p in message.walk() if p.get_content_type() == "text/plain").get_payload(decode=True).decode()
    assert "evening of 14 September 2026" in text
    assert "/respond/" in text and kinds.RESPONSE_URL_PLACEHOLDER not in text
    assert any(p.get_content_type() == "text/html" for p in message.walk())
    disclosure = Disclosure.objects.get(correspondence=letter)
    assert disclosure.recipients == [{"name": "Dana Whitlock", "email": "dana.whitlock@police.example"}]
    assert disclosure.case_id == letter.case_id
    assert list(DeliveryAttempt.objects.filter(correspondence=letter).values_list("outcome", flat=True)) == ["sent"]
    # A repeated message for the same row sends nothing more.
    from notifications.tasks import deliver

    deliver.delay(letter.pk)
    time.sleep(1)
    assert len(smtp_server.messages) == 1


def test_a_temporary_smtp_failure_is_retried_then_delivered(celery_worker, smtp_server, write_letter, settings):
    settings.OUTBOX_RETRY_BASE_SECONDS = 0.3
    smtp_server.replies = ["451 4.3.0 Try again later", "421 4.7.0 Busy"]
    letter = write_letter()
    assert wait_for(lambda: status_of(letter) == Status.SENT, timeout=20), status_of(letter)
    assert len(smtp_server.messages) == 1 and smtp_server.refused == 2
    outcomes = list(DeliveryAttempt.objects.filter(correspondence=letter).values_list("outcome", "smtp_code"))
    assert outcomes == [("transient", 451), ("transient", 421), ("sent", None)]


def test_a_permanent_smtp_failure_marks_the_letter_failed_for_a_human(
    celery_worker, smtp_server, write_letter, personas
):
    smtp_server.replies = ["550 5.1.1 No such user"]
    letter = write_letter()
    assert wait_for(lambda: status_of(letter) == Status.FAILED), status_of(letter)
    assert smtp_server.messages == []
    letter.refresh_from_db()
    assert "No such user" in letter.last_error
    assert letter in Correspondence.objects.needing_attention()
    assert not Disclosure.objects.filter(correspondence=letter).exists()
    # A human retries once the address is fixed: it goes.
    outbox.retry(correspondence=letter, actor=personas.admin)
    assert wait_for(lambda: status_of(letter) == Status.SENT), status_of(letter)
    assert len(smtp_server.messages) == 1


def test_after_too_many_temporary_failures_the_letter_is_failed(celery_worker, smtp_server, write_letter, settings):
    settings.OUTBOX_RETRY_BASE_SECONDS = 0.1
    settings.OUTBOX_MAX_ATTEMPTS = 3
    smtp_server.replies = ["451 4.3.0 Try again later"] * 5
    letter = write_letter()
    assert wait_for(lambda: status_of(letter) == Status.FAILED, timeout=20), status_of(letter)
    letter.refresh_from_db()
    assert letter.attempts == 3 and "Gave up after 3 attempts" in letter.last_error


def test_the_sweep_sends_letters_whose_message_was_lost_and_leaves_dead_claims_to_a_person(
    celery_worker, smtp_server, write_letter, settings
):
    settings.OUTBOX_STALE_SECONDS = 0
    settings.OUTBOX_SENDING_LEASE_SECONDS = 60
    lost = write_letter(key="lost")
    claimed_by_the_dead = write_letter(key="dead")
    assert wait_for(lambda: status_of(lost) == Status.SENT and status_of(claimed_by_the_dead) == Status.SENT)
    smtp_server.messages.clear()
    # Put both back as if their messages had been lost / their worker killed mid-send.
    long_ago = timezone.now() - timedelta(minutes=10)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE notifications_correspondence SET status='queued', sent_at=NULL, queued_at=%s WHERE id=%s",
            [long_ago, lost.pk],
        )
        cursor.execute(
            "UPDATE notifications_correspondence SET status='sending', sent_at=NULL, claimed_at=%s WHERE id=%s",
            [long_ago, claimed_by_the_dead.pk],
        )
    report = outbox.sweep()
    # The dead worker's letter may have reached the relay: it waits for a person, never re-sent.
    assert report.uncertain == 1 and report.requeued == 1
    assert wait_for(lambda: len(smtp_server.messages) == 1)
    assert smtp_server.message_ids() == [lost.message_id]
    assert status_of(claimed_by_the_dead) == Status.UNCERTAIN
    assert outbox.sweep().uncertain == 0  # marked once
    time.sleep(0.5)
    assert len(smtp_server.messages) == 1


@pytest.mark.django_db
def test_the_sweep_leaves_fresh_and_finished_letters_alone(write_letter, django_assert_max_num_queries):
    write_letter(key="fresh")  # queued just now: its own message is on the way
    with django_assert_max_num_queries(3):
        report = outbox.sweep()
    assert (report.requeued, report.uncertain) == (0, 0)


def test_every_sent_letter_is_in_the_disclosure_chain_and_verify_audit_checks_it(
    celery_worker, smtp_server, write_letter
):
    letters = [write_letter(key=f"chain-{n}") for n in range(3)]
    assert wait_for(lambda: Disclosure.objects.count() == 3)
    call_command("verify_audit")
    middle = Disclosure.objects.order_by("id")[1]
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE notifications_disclosure DISABLE TRIGGER USER")
        cursor.execute("UPDATE notifications_disclosure SET recipients = '[]' WHERE id = %s", [middle.pk])
        cursor.execute("ALTER TABLE notifications_disclosure ENABLE TRIGGER USER")
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match=f"Disclosure log broken at entry {middle.pk}"):
        call_command("verify_audit")
    assert len(letters) == 3


@pytest.mark.django_db
def test_the_disclosure_log_rejects_update_and_delete(write_letter):
    letter = write_letter()
    delivery._claim(letter.pk)
    delivery._record_sent(letter)
    for sql in ("UPDATE notifications_disclosure SET channel = 'post'", "DELETE FROM notifications_disclosure"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)


@pytest.mark.django_db
def test_a_letter_carrying_out_a_managers_decision_is_approved_by_that_decision(personas, letter_case):
    case, officer = letter_case
    with transaction.atomic():
        letter = outbox.compose(
            kind=LetterKind.OUTCOME_LETTER,
            case=case,
            person=officer,
            recipient_name=officer.full_name,
            recipient_email=officer.email,
            sender=personas.authority,
            idempotency_key="outcome-approved",
            actor=personas.authority,
            approved_by=personas.authority,
            extra=sample_extra(LetterKind.OUTCOME_LETTER),
        )
    assert (letter.status, letter.approved_by, letter.approved_at is not None) == (
        Status.QUEUED,
        personas.authority,
        True,
    )
