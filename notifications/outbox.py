"""The outbox: writing letters and handing them to the mail server exactly as the design asks.

1. `compose` renders a letter from its kind's current template and writes a Correspondence row
   in the caller's transaction (the decision that caused it); delivery is enqueued on commit.
   Kinds that need a manager's approval stay drafts until `approve`.
2. `deliver` (run by the Celery task) claims the row with a conditional UPDATE, sends it with
   a stable Message-ID derived from the idempotency key, then records the attempt, the
   disclosure and the new status in one transaction. Temporary SMTP failures are retried with
   backoff; permanent ones, or too many attempts, leave the letter for a human.
3. `sweep` (beat, every minute) re-enqueues queued letters whose message was lost and takes
   back letters claimed by a worker that died.

Delivery is at least once: if a worker dies after the mail server accepted a letter but before
its row says so, the letter is sent again with the same Message-ID (docs/decisions.md).
"""

import hashlib
import logging
import smtplib
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from casework.audit import Chain, append_entry, register_chain
from casework.errors import Refused

from . import kinds, letters, responses
from .models import Correspondence, DeliveryAttempt, Disclosure, Status
from .models.outbox import AttemptOutcome, Channel

log = logging.getLogger(__name__)


class OutboxRefused(Refused):
    """The action is not allowed now; the message says why, for the user."""


class TransientDeliveryError(Exception):
    """The mail server said "try later"; the row is queued again with its next attempt time."""

    def __init__(self, message, retry_in: float):
        super().__init__(message)
        self.retry_in = retry_in


# Composing ------------------------------------------------------------------------------------
def message_id_for(idempotency_key: str) -> str:
    """Stable per letter: a resend after a crash carries the same Message-ID, so the receiving
    system (and our tests) can tell it is the same letter."""
    digest = hashlib.sha256(idempotency_key.encode()).hexdigest()[:40]
    return f"<{digest}@{settings.EMAIL_MESSAGE_ID_DOMAIN}>"


def compose(
    *,
    kind,
    recipient_name: str,
    recipient_email: str,
    sender,
    idempotency_key: str,
    actor,
    case=None,
    person=None,
    recipient_user=None,
    extra: dict | None = None,
    approved_by=None,
    deadline=None,
    answers_through=None,
) -> Correspondence:
    """Write the letter; return the existing one if this cause already wrote it.

    `deadline` is the clock the answer meets, for a request whose clock has no case;
    `answers_through` is the response link a chaser carries (that of the request it chases).

    Call inside the transaction of the decision that causes the letter: if that rolls back, so
    does the letter, and nothing is enqueued. A kind that needs approval stays a draft, unless
    `approved_by` names the manager whose decision the letter carries out (an appropriate
    authority approving a proposed suspension approves its notice with it).
    """
    existing = Correspondence.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing
    spec = kinds.KINDS[kind]
    extra = dict(extra or {})
    context = letters.build_context(
        kind, case=case, person=person, recipient_name=recipient_name, sender=sender, extra=extra
    )
    template = letters.current_template(kind)
    subject, body = letters.render(template, context)
    status = Status.DRAFT if spec.needs_approval and approved_by is None else Status.QUEUED
    now = timezone.now()
    try:
        with transaction.atomic():
            letter = Correspondence.objects.create(
                kind=kind,
                case=case,
                person=person,
                recipient_user=recipient_user,
                recipient_name=recipient_name[:200],
                recipient_email=recipient_email,
                template=template,
                context=_jsonable(context),
                subject=subject[:300],
                body=body,
                idempotency_key=idempotency_key,
                message_id=message_id_for(idempotency_key),
                status=status,
                created_by=actor,
                approved_by=approved_by if spec.needs_approval else None,
                approved_at=now if spec.needs_approval and approved_by is not None else None,
                queued_at=now if status == Status.QUEUED else None,
                deadline=deadline,
                answers_through=answers_through,
            )
    except IntegrityError:
        # The same cause, composed concurrently: the other transaction's row is the letter.
        return Correspondence.objects.get(idempotency_key=idempotency_key)
    if spec.offers_response:
        responses.create_link(letter, expires_on=extra.get("response_due_on"))
    if status == Status.QUEUED:
        _enqueue_on_commit(letter)
    _enqueue_pdf_on_commit(letter)
    return letter


def compose_to_person(
    *, kind, case, person, sender, idempotency_key: str, actor, extra=None, approved_by=None, **links
):
    """A letter to an officer or staff member on the register, at the address the register holds
    (none: the letter waits in the failed queue to be printed and posted). `links`: the
    `deadline` and `answers_through` of compose."""
    return compose(
        kind=kind,
        case=case,
        person=person,
        recipient_name=person.full_name,
        recipient_email=person.email,
        sender=sender,
        idempotency_key=idempotency_key,
        actor=actor,
        extra=extra,
        approved_by=approved_by,
        **links,
    )


def preview_to_person(*, kind, case, person, sender, extra) -> tuple[str, str]:
    """The subject and body a letter would have, without writing it."""
    context = letters.build_context(
        kind, case=case, person=person, recipient_name=person.full_name, sender=sender, extra=extra
    )
    return letters.render(letters.current_template(kind), context)


@transaction.atomic
def write_to_person(*, kind, case, person, sender, idempotency_key: str, extra) -> Correspondence:
    """A letter a user writes (rather than one a decision causes): written and put on the timeline."""
    letter = compose_to_person(
        kind=kind, case=case, person=person, sender=sender, idempotency_key=idempotency_key, actor=sender, extra=extra
    )
    record_written(letter, actor=sender)
    return letter


def _jsonable(context: dict) -> dict:
    import json

    from django.core.serializers.json import DjangoJSONEncoder

    return json.loads(json.dumps(context, cls=DjangoJSONEncoder))


def _enqueue_on_commit(letter):
    from .tasks import deliver

    letter_id = letter.pk
    transaction.on_commit(lambda: deliver.delay(letter_id))


def _enqueue_pdf_on_commit(letter):
    from .tasks import render_letter_pdf

    letter_id = letter.pk
    transaction.on_commit(lambda: render_letter_pdf.delay(letter_id))


def record_written(letter: Correspondence, *, actor):
    """Put a letter a user wrote on the case timeline (letters a decision causes are recorded
    with that decision)."""
    _record_on_case(letter, actor, f"{letter.get_kind_display()} to {letter.recipient_name} written")


# Human decisions on a letter --------------------------------------------------------------------
@transaction.atomic
def approve(*, correspondence: Correspondence, actor) -> Correspondence:
    """A manager approves a draft; it is queued for delivery. Nobody approves their own letter."""
    letter = Correspondence.objects.select_for_update().get(pk=correspondence.pk)
    if letter.status != Status.DRAFT:
        raise OutboxRefused(f"This letter is {letter.get_status_display().lower()}; only drafts are approved.")
    if letter.created_by_id == actor.pk:
        raise OutboxRefused("You wrote this letter. Another manager must approve it.")
    now = timezone.now()
    letter.status, letter.approved_by, letter.approved_at, letter.queued_at = Status.QUEUED, actor, now, now
    letter.save(update_fields=["status", "approved_by", "approved_at", "queued_at"])
    _record_on_case(letter, actor, f"{letter.get_kind_display()} to {letter.recipient_name} approved")
    _enqueue_on_commit(letter)
    return letter


@transaction.atomic
def cancel(*, correspondence: Correspondence, actor, reason: str) -> Correspondence:
    """Withdraw a letter that has not gone: a draft, or one that failed."""
    reason = (reason or "").strip()
    if not reason:
        raise OutboxRefused("Give a reason for cancelling the letter.")
    letter = Correspondence.objects.select_for_update().get(pk=correspondence.pk)
    if letter.status not in (Status.DRAFT, Status.FAILED, Status.BOUNCED):
        raise OutboxRefused("Only drafts and letters that could not be delivered can be cancelled.")
    letter.status, letter.last_error = Status.CANCELLED, f"Cancelled: {reason}"
    letter.save(update_fields=["status", "last_error"])
    _record_on_case(letter, actor, f"{letter.get_kind_display()} to {letter.recipient_name} cancelled", reason)
    return letter


@transaction.atomic
def retry(*, correspondence: Correspondence, actor) -> Correspondence:
    """Send a failed or bounced letter again (after the address or the server was fixed)."""
    letter = Correspondence.objects.select_for_update().get(pk=correspondence.pk)
    if letter.status not in (Status.FAILED, Status.BOUNCED):
        raise OutboxRefused("Only letters that could not be delivered can be retried.")
    if not letter.recipient_email:
        raise OutboxRefused("There is no email address for the recipient. Print and post the letter instead.")
    letter.status, letter.next_attempt_at, letter.queued_at = Status.QUEUED, None, timezone.now()
    letter.attempts = 0  # a fresh allowance of attempts, on a human's decision (recorded below)
    letter.save(update_fields=["status", "next_attempt_at", "queued_at", "attempts"])
    _record_on_case(letter, actor, f"{letter.get_kind_display()} to {letter.recipient_name} sent again")
    _enqueue_on_commit(letter)
    return letter


@transaction.atomic
def mark_bounced(*, correspondence: Correspondence, detail: str, actor=None) -> Correspondence:
    """The mail system returned the letter after accepting it (a bounce report)."""
    letter = Correspondence.objects.select_for_update().get(pk=correspondence.pk)
    if letter.status != Status.SENT:
        raise OutboxRefused("Only a sent letter can bounce.")
    letter.status, letter.last_error = Status.BOUNCED, detail[:2000]
    letter.save(update_fields=["status", "last_error"])
    return letter


def _record_on_case(letter, actor, summary, detail=""):
    if letter.case_id is None or actor is None:
        return
    from casework.models.cases import EventKind
    from casework.services import record_event

    record_event(
        letter.case,
        kind=EventKind.CORRESPONDENCE,
        summary=summary[:300],
        actor=actor,
        person=letter.person,
        detail=detail,
    )


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
        # Recorded before QUIT: the shorter the time between the server's "250" and this
        # commit, the smaller the chance that a crash sends the letter twice.
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
    from .pdf import email_html

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


# The sweep -------------------------------------------------------------------------------------
@dataclass
class SweepReport:
    requeued: int = 0
    reclaimed: int = 0


def sweep(now=None, limit: int = 500) -> SweepReport:
    """Find letters whose message was lost or whose worker died; enqueue them again.

    A duplicate message is harmless (the claim lets one worker through), so this errs on the
    side of enqueuing. Work per tick is bounded by `limit` and uses the in-flight index.
    """
    from .tasks import deliver as deliver_task

    now = now or timezone.now()
    report = SweepReport()
    stale_before = now - timedelta(seconds=settings.OUTBOX_STALE_SECONDS)
    lease_before = now - timedelta(seconds=settings.OUTBOX_SENDING_LEASE_SECONDS)
    # Workers that died mid-send: take the letter back (it may go twice: see the module note).
    dead = list(
        Correspondence.objects.filter(status=Status.SENDING, claimed_at__lt=lease_before).values_list("pk", flat=True)[
            :limit
        ]
    )
    if dead:
        report.reclaimed = Correspondence.objects.filter(
            pk__in=dead, status=Status.SENDING, claimed_at__lt=lease_before
        ).update(status=Status.QUEUED, next_attempt_at=None)
    waiting = list(
        Correspondence.objects.filter(status=Status.QUEUED)
        .filter(
            Q(next_attempt_at__lt=stale_before)
            | Q(next_attempt_at__isnull=True, queued_at__lt=stale_before)
            | Q(pk__in=dead)
        )
        .order_by("queued_at")
        .values_list("pk", flat=True)[:limit]
    )
    for letter_id in waiting:
        deliver_task.delay(letter_id)
    report.requeued = len(waiting)
    return report
