"""Letters whose delivery is uncertain: exactly once, or a person decides.

A worker that dies after claiming a letter may have died before the relay's "250" or after it,
before its row said "sent"; nothing the database holds tells the two apart. The outbox sweep
marks such a letter "delivery uncertain" (`mark`) instead of sending it again, and a person
settles it from the relay's log, at "Letters needing a decision" (/letters/failed/):

- `confirm_sent`: the relay's log shows the letter accepted; it is recorded as sent, with the
  log reference and who confirmed it, and its disclosure entry is written if it is missing;
- `resend`: the relay has no trace of it; a new attempt is queued, with who decided and why.

Each decision is a DeliveryAttempt (append-only) and, on a case, a timeline event.
"""

import logging

from django.db import transaction
from django.utils import timezone

from .models import Correspondence, DeliveryAttempt, Status
from .models.outbox import AttemptOutcome, Channel

log = logging.getLogger(__name__)

UNCERTAIN_NOTE = (
    "The worker sending this letter stopped before recording the mail server's answer. "
    "Check the relay's log for its Message-ID, then confirm it was sent or send it again."
)


def mark(letter_ids: list[int], lease_before) -> int:
    """Mark claimed letters whose lease ran out "uncertain"; each gets an attempt saying why.
    Conditional on the claim, so a worker that records "sent" meanwhile keeps its answer."""
    if not letter_ids:
        return 0  # the usual tick: no transaction at all
    with transaction.atomic():
        return _mark_locked(letter_ids, lease_before)


def _mark_locked(letter_ids, lease_before) -> int:
    letters = list(
        Correspondence.objects.select_for_update(skip_locked=True).filter(
            pk__in=letter_ids, status=Status.SENDING, claimed_at__lt=lease_before
        )
    )
    for letter in letters:
        DeliveryAttempt.objects.create(
            correspondence=letter, number=letter.attempts, outcome=AttemptOutcome.UNCERTAIN, detail=UNCERTAIN_NOTE
        )
        log.warning("letter %s (%s): delivery uncertain, waiting for a person", letter.pk, letter.message_id)
    Correspondence.objects.filter(pk__in=[letter.pk for letter in letters]).update(
        status=Status.UNCERTAIN, last_error=UNCERTAIN_NOTE, next_attempt_at=None
    )
    return len(letters)


def _locked_uncertain(correspondence):
    from .outbox import OutboxRefused

    letter = Correspondence.objects.select_for_update().get(pk=correspondence.pk)
    if letter.status != Status.UNCERTAIN:
        raise OutboxRefused(f"This letter is {letter.get_status_display().lower()}; there is nothing to decide.")
    return letter


@transaction.atomic
def confirm_sent(*, correspondence: Correspondence, actor, relay_reference: str) -> Correspondence:
    """The relay's log shows the letter accepted: record it sent, as of now, with the reference."""
    from .delivery import record_disclosure
    from .outbox import OutboxRefused, _record_on_case

    relay_reference = (relay_reference or "").strip()
    if not relay_reference:
        raise OutboxRefused("Give the relay's log reference for this letter (its queue ID or log line).")
    letter = _locked_uncertain(correspondence)
    now = timezone.now()
    detail = f"Relay log reference: {relay_reference}"[:2000]
    DeliveryAttempt.objects.create(
        correspondence=letter,
        number=letter.attempts,
        outcome=AttemptOutcome.CONFIRMED,
        detail=detail,
        recorded_by=actor,
        at=now,
    )
    letter.status, letter.sent_at, letter.last_error = Status.SENT, now, ""
    letter.save(update_fields=["status", "sent_at", "last_error"])
    if not letter.disclosures.exists():
        record_disclosure(letter, channel=Channel.EMAIL, at=now, actor=actor)
    _record_on_case(letter, actor, f"{letter.get_kind_display()} to {letter.recipient_name} confirmed sent", detail)
    return letter


@transaction.atomic
def resend(*, correspondence: Correspondence, actor, reason: str) -> Correspondence:
    """The relay has no trace of the letter: a new attempt, on this person's word and reason."""
    from . import tasks
    from .outbox import OutboxRefused, _record_on_case

    reason = (reason or "").strip()
    if not reason:
        raise OutboxRefused("Say why the letter is to be sent again (for example, what the relay's log shows).")
    letter = _locked_uncertain(correspondence)
    if not letter.recipient_email:
        raise OutboxRefused("There is no email address for the recipient. Print and post the letter instead.")
    DeliveryAttempt.objects.create(
        correspondence=letter, number=letter.attempts, outcome=AttemptOutcome.RESENT, detail=reason, recorded_by=actor
    )
    letter.status, letter.next_attempt_at, letter.queued_at = Status.QUEUED, None, timezone.now()
    letter.attempts = 0  # a fresh allowance of attempts, on a person's decision
    letter.save(update_fields=["status", "next_attempt_at", "queued_at", "attempts"])
    _record_on_case(letter, actor, f"{letter.get_kind_display()} to {letter.recipient_name} sent again", reason)
    tasks.deliver.delay(letter.pk)
    return letter
