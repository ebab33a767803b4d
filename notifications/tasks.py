"""The Celery tasks the code enqueues. Each message only names a row; the row says what to do,
so a lost or repeated message never loses or doubles a letter (DESIGN.md).

Commit-aware (casework.tasks.CommitAwareTask): queued inside a transaction, a message is sent
only when it commits. This module imports only the work it runs (delivery, PDFs), never the
outbox, which enqueues these tasks; the beat's entry points are in notifications.beat.
The names are explicit: settings' task routes use them.
"""

from celery import shared_task

from casework.tasks import CommitAwareTask

from . import delivery, pdf
from .models import Correspondence


@shared_task(bind=True, base=CommitAwareTask, name="notifications.tasks.deliver", ignore_result=True, max_retries=None)
def deliver(self, correspondence_id: int):
    """Hand one letter to the mail server. Retried only on TransientDeliveryError, whose delay
    the outbox has already written to the row (the row, not this retry, is the guarantee: the
    sweep re-enqueues it if the retry message is lost)."""
    try:
        return delivery.deliver(correspondence_id)
    except delivery.TransientDeliveryError as exc:
        raise self.retry(exc=exc, countdown=exc.retry_in) from exc


@shared_task(base=CommitAwareTask, name="notifications.tasks.render_letter_pdf", ignore_result=True)
def render_letter_pdf(correspondence_id: int):
    """Render and keep the letter's PDF for the case file (idempotent)."""
    letter = Correspondence.objects.filter(pk=correspondence_id).first()
    if letter is not None:
        pdf.store_pdf(letter)
