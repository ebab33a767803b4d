"""Celery tasks. Each message only names a row; the row says what to do, so a lost or repeated
message never loses or doubles a letter (DESIGN.md)."""

from celery import shared_task

from . import outbox, services


@shared_task(name="notifications.tasks.beat_heartbeat", ignore_result=True)
def beat_heartbeat():
    """Beat runs this on a short interval; the worker records the tick in the database."""
    services.record_heartbeat()


@shared_task(bind=True, name="notifications.tasks.deliver", ignore_result=True, max_retries=None)
def deliver(self, correspondence_id: int):
    """Hand one letter to the mail server. Retried only on TransientDeliveryError, whose delay
    the outbox has already written to the row (the row, not this retry, is the guarantee: the
    sweep re-enqueues it if the retry message is lost)."""
    try:
        return outbox.deliver(correspondence_id)
    except outbox.TransientDeliveryError as exc:
        raise self.retry(exc=exc, countdown=exc.retry_in) from exc


@shared_task(name="notifications.tasks.render_letter_pdf", ignore_result=True)
def render_letter_pdf(correspondence_id: int):
    """Render and keep the letter's PDF for the case file (idempotent)."""
    from .models import Correspondence
    from .pdf import store_pdf

    letter = Correspondence.objects.filter(pk=correspondence_id).first()
    if letter is not None:
        store_pdf(letter)


@shared_task(name="notifications.tasks.sweep_outbox", ignore_result=True)
def sweep_outbox():
    """Beat, every minute: re-enqueue letters whose message was lost or whose worker died."""
    report = outbox.sweep()
    return {"requeued": report.requeued, "reclaimed": report.reclaimed}


@shared_task(name="notifications.tasks.sweep_deadlines", ignore_result=True)
def sweep_deadlines():
    """Beat, every minute: reminders and escalations for the deadlines whose next rung has come."""
    from . import reminders

    report = reminders.sweep()
    return {"examined": report.examined, "sent": report.sent, "skipped": report.skipped, "errors": report.errors}
