"""The worker's side of the outbox: delivering one letter and logging its disclosure.

`deliver` (run by the Celery task notifications.tasks.deliver) claims the row with a conditional
UPDATE, sends it with a stable Message-ID derived from the idempotency key, then records the
attempt, the disclosure and the new status in one short transaction, straight after the relay's
"250". Temporary SMTP failures are retried with backoff; permanent ones, or too many attempts,
leave the letter for a human.

Exactly once, or a person decides: if a worker dies after claiming a letter and before its row
says "sent", nobody knows whether the relay took it. The outbox sweep then marks it "delivery
uncertain" for a person (notifications.uncertain); it is never sent again automatically
(docs/decisions.md).

Nothing here enqueues work, so the tasks module imports this one and the outbox (which enqueues)
imports the tasks: no cycle.
"""

import logging
import smtplib
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from casework.audit import Chain, append_entry, register_chain

from . import kinds, responses
from .models import Correspondence, DeliveryAttempt, Disclosure, Status
from .models.outbox import AttemptOutcome, Channel
from .pdf import email_html, store_pdf

log = logging.getLogger(__name__)


class TransientDeliveryError(Exception):
    """The mail server said "try later"; the row is queued again with its next attempt time."""

    def __init__(self, message, retry_in: float):
        super().__init__(message)
        self.retry_in = retry_in


# Delivering ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SmtpFailure:
    transient: bool
    code: int | None
    detail: str


def deliver(correspondence_id: int) -> str:
    """Claim, send and record one letter. Returns what happened ("sent", "not claimed", ...).

    Raises TransientDeliveryError when the letter should be tried again later.
    """
    letter = _claim(correspondence_id)
    if letter is None:
        return "not claimed"
    connection = get_connection(fail_silently=False, timeout=settings.EMAIL_TIMEOUT)
    try:
        try:
            connection.open()
            _send(letter, connection)
        except (smtplib.SMTPException, OSError) as exc:  # OSError: refused, reset, timed out
            outcome, retry_in = _record_failure(letter, classify(exc))
            if outcome == "retry":
                # Raised after the failure is committed: the row already says when to try again.
                raise TransientDeliveryError(str(exc), retry_in) from exc
            return outcome
        # Recorded before QUIT and before anything else: the shorter the time between the
        # relay's "250" and this commit, the fewer letters a crash leaves "uncertain".
        _record_sent(letter)
        return "sent"
    finally:
        _close(connection)


def _close(connection):
    """QUIT after the server accepted the letter: a failure here is not a failed delivery."""
    try:
        connection.close()
    except (smtplib.SMTPException, OSError) as exc:
        log.warning("closing the SMTP connection failed after delivery: %s", exc)


def _claim(correspondence_id: int) -> Correspondence | None:
    """A conditional UPDATE: only one worker moves a queued letter to sending."""
    now = timezone.now()
    claimed = (
        Correspondence.objects.filter(pk=correspondence_id, status=Status.QUEUED)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .update(status=Status.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    )
    if not claimed:
        return None
    return Correspondence.objects.select_related("case", "response_link").get(pk=correspondence_id)


def build_email(letter: Correspondence, connection=None) -> EmailMultiAlternatives:
    body = responses.with_live_link(letter, letter.body)
    email = EmailMultiAlternatives(
        subject=letter.subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[letter.recipient_email],
        headers={
            "Message-ID": letter.message_id,
            "X-PSD-Reference": letter.case.reference if letter.case_id else "",
            "X-PSD-Letter-Kind": letter.kind,
        },
        connection=connection,
    )
    email.attach_alternative(email_html(letter, body), "text/html")
    spec = kinds.KINDS.get(letter.kind)
    if spec is not None and spec.attach_pdf:  # the letter as filed (the PDF kept for the case file)
        name = f"{letter.case.reference if letter.case_id else letter.kind}-{letter.pk}.pdf"
        email.attach(name, bytes(store_pdf(letter).content), "application/pdf")
    return email


def _send(letter: Correspondence, connection):
    if not letter.recipient_email:
        raise smtplib.SMTPRecipientsRefused({"": (550, b"No email address for the recipient: print and post it")})
    build_email(letter, connection).send(fail_silently=False)


def classify(exc: Exception) -> SmtpFailure:
    """4xx and network trouble are worth retrying; 5xx is the server's final answer."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        code = max(codes) if codes else None
        detail = "; ".join(
            f"{r or 'recipient'}: {c} {m.decode(errors='replace') if isinstance(m, bytes) else m}"
            for r, (c, m) in exc.recipients.items()
        )
        return SmtpFailure(transient=code is not None and 400 <= code < 500, code=code, detail=detail)
    if isinstance(exc, smtplib.SMTPResponseException):
        message = exc.smtp_error.decode(errors="replace") if isinstance(exc.smtp_error, bytes) else str(exc.smtp_error)
        return SmtpFailure(transient=400 <= exc.smtp_code < 500, code=exc.smtp_code, detail=message)
    return SmtpFailure(transient=True, code=None, detail=f"{type(exc).__name__}: {exc}")


def backoff_seconds(attempt: int) -> float:
    """1, 2, 4, 8 ... times the base, capped at an hour."""
    return min(settings.OUTBOX_RETRY_BASE_SECONDS * (2 ** max(attempt - 1, 0)), 3600)


@transaction.atomic
def _record_failure(letter: Correspondence, failure: SmtpFailure) -> tuple[str, float]:
    out_of_attempts = letter.attempts >= settings.OUTBOX_MAX_ATTEMPTS
    final = not failure.transient or out_of_attempts
    DeliveryAttempt.objects.create(
        correspondence=letter,
        number=letter.attempts,
        outcome=AttemptOutcome.TRANSIENT if failure.transient else AttemptOutcome.PERMANENT,
        smtp_code=failure.code,
        detail=failure.detail[:2000],
    )
    if final:
        reason = (
            failure.detail if not failure.transient else f"Gave up after {letter.attempts} attempts: {failure.detail}"
        )
        Correspondence.objects.filter(pk=letter.pk, status=Status.SENDING).update(
            status=Status.FAILED, last_error=reason[:2000], next_attempt_at=None
        )
        log.warning("letter %s failed: %s", letter.pk, reason)
        return "failed", 0
    retry_in = backoff_seconds(letter.attempts)
    Correspondence.objects.filter(pk=letter.pk, status=Status.SENDING).update(
        status=Status.QUEUED,
        last_error=failure.detail[:2000],
        next_attempt_at=timezone.now() + timedelta(seconds=retry_in),
    )
    return "retry", retry_in


@transaction.atomic
def _record_sent(letter: Correspondence):
    """ "Handed to the relay", with its disclosure (s.62: the letter left), in one short transaction.
    By primary key, whatever the status: if the sweep marked a slow worker's letter uncertain
    meanwhile, this is the answer to the question it asked."""
    now = timezone.now()
    Correspondence.objects.filter(pk=letter.pk).update(status=Status.SENT, sent_at=now, last_error="")
    DeliveryAttempt.objects.create(correspondence=letter, number=letter.attempts, outcome=AttemptOutcome.SENT, at=now)
    record_disclosure(letter, channel=Channel.EMAIL, at=now)


# The disclosure log -----------------------------------------------------------------------------
def _disclosure_fields(entry: Disclosure) -> dict:
    return {
        "correspondence": entry.correspondence_id,
        "case": entry.case_id,
        "person": entry.person_id,
        "recipients": entry.recipients,
        "channel": entry.channel,
        "disclosed_by": entry.disclosed_by_id,
        "at": entry.at.isoformat(),
        "description": entry.description,
    }


DISCLOSURES = register_chain(Chain("disclosure log", Disclosure, 62_0002, _disclosure_fields))


def record_disclosure(letter: Correspondence, *, channel: Channel, at=None, actor=None) -> Disclosure:
    """s.62: the letter left the system, to these recipients. Called inside the sending transaction."""
    recipients = [{"name": letter.recipient_name, "email": letter.recipient_email}]
    entry = Disclosure(
        correspondence=letter,
        case_id=letter.case_id,
        person_id=letter.person_id,
        recipients=recipients,
        channel=channel,
        disclosed_by=actor or letter.approved_by or letter.created_by,
        at=at or timezone.now(),
        description=f"{letter.get_kind_display()}: {letter.subject}"[:300],
    )
    return append_entry(DISCLOSURES, entry)
