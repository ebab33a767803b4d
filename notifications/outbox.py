"""The outbox: writing letters and handing them to the mail server exactly as the design asks.

1. `compose` renders a letter from its kind's current template and writes a Correspondence row
   in the caller's transaction (the decision that caused it); delivery is enqueued on commit
   (the tasks are commit-aware: casework.tasks.CommitAwareTask).
   Kinds that need a manager's approval stay drafts until `approve`.
2. The worker delivers it: notifications.delivery claims, sends and records it.
3. `sweep` (beat, every OUTBOX_SWEEP_SECONDS) re-enqueues queued letters whose message was lost and marks
   letters claimed by a worker that died "delivery uncertain", for a person to decide
   (notifications.uncertain): they are never sent again automatically.
"""

import hashlib
import json
import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from casework.errors import Refused

from . import broker_queue, kinds, letters, responses, tasks
from .models import Correspondence, Status

log = logging.getLogger(__name__)


class OutboxRefused(Refused):
    """The action is not allowed now; the message says why, for the user."""


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
    recipient_address: str = "",
) -> Correspondence:
    """Write the letter; return the existing one if this cause already wrote it.

    `deadline` is the clock the answer meets, for a request whose clock has no case;
    `answers_through` is the response link a chaser carries (that of the request it chases);
    `recipient_address` the postal address of a recipient not on the register (a complainant).

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
                recipient_address=recipient_address,
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
        tasks.deliver.delay(letter.pk)
    tasks.render_letter_pdf.delay(letter.pk)
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
    return json.loads(json.dumps(context, cls=DjangoJSONEncoder))


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
    tasks.deliver.delay(letter.pk)
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
    tasks.deliver.delay(letter.pk)
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


# The sweep -------------------------------------------------------------------------------------
@dataclass
class SweepReport:
    requeued: int = 0
    uncertain: int = 0


def sweep(now=None, limit: int = 500) -> SweepReport:
    """Find letters whose message was lost (enqueue them again) or whose worker died (a person
    decides). Work per tick is bounded by `limit` and uses the in-flight index."""
    now = now or timezone.now()
    return SweepReport(uncertain=_mark_uncertain(now, limit), requeued=_requeue_lost(now, limit))


def _mark_uncertain(now, limit: int) -> int:
    """A letter claimed longer ago than the lease has lost its worker, perhaps after the relay
    took it: sending it again could send it twice, so it waits for a person instead."""
    from . import uncertain

    lease_before = now - timedelta(seconds=settings.OUTBOX_SENDING_LEASE_SECONDS)
    dead = Correspondence.objects.filter(status=Status.SENDING, claimed_at__lt=lease_before)
    return uncertain.mark(list(dead.values_list("pk", flat=True)[:limit]), lease_before)


def _requeue_lost(now, limit: int) -> int:
    """Queued letters whose message is lost: due, queued longer ago than OUTBOX_STALE_SECONDS,
    not claimed (a claim moves the row to "sending") and named by no message in the broker
    (notifications.broker_queue: waiting, or held by a live worker). A short staleness then
    recovers a broker loss in seconds without queuing a backlog's letters twice."""
    stale = _stale_letters(now, limit)
    if not stale:
        return 0  # the usual tick: one indexed query, the broker not read
    try:
        live = broker_queue.ids_in_broker(tasks.deliver.name)
    except broker_queue.QueueTooLong as busy:
        log.info("outbox sweep: %s; lost letters are queued once the workers catch up", busy)
        return 0
    # Read again after the broker: a letter claimed meanwhile has left "queued".
    lost = set(stale) - live
    return _enqueue_until_broker_fails([pk for pk in _stale_letters(now, limit) if pk in lost])


def _stale_letters(now, limit: int) -> list[int]:
    stale_before = now - timedelta(seconds=settings.OUTBOX_STALE_SECONDS)
    return list(
        Correspondence.objects.filter(status=Status.QUEUED)
        .filter(Q(next_attempt_at__lt=stale_before) | Q(next_attempt_at__isnull=True, queued_at__lt=stale_before))
        .order_by("queued_at")
        .values_list("pk", flat=True)[:limit]
    )


def _enqueue_until_broker_fails(letter_ids) -> int:
    """Queue each letter; at the first one the broker refuses, stop: the rest wait for the next
    tick rather than each paying the publish timeout (their rows are unchanged, so none is lost)."""
    queued = 0
    for letter_id in letter_ids:
        deferred = transaction.get_connection().in_atomic_block  # then None only means "on commit"
        if tasks.deliver.delay(letter_id) is None and not deferred:
            break
        queued += 1
    return queued
