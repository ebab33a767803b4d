"""The Celery tasks the beat schedule runs (config/celery.py names them). They sit above the
outbox and the reminder ladder, which enqueue notifications.tasks, so they are kept apart from
that module: no import cycle. Registered by NotificationsConfig.ready (the worker's autodiscovery
reads only tasks.py). The names stay "notifications.tasks.*": the schedule sends by name.
"""

from celery import shared_task

from casework.tasks import CommitAwareTask

from . import outbox, pdf_sweep, reminders, services


@shared_task(base=CommitAwareTask, name="notifications.tasks.beat_heartbeat", ignore_result=True)
def beat_heartbeat():
    """Beat runs this on a short interval; the worker records the tick in the database."""
    services.record_heartbeat()


@shared_task(base=CommitAwareTask, name="notifications.tasks.sweep_outbox", ignore_result=True)
def sweep_outbox():
    """Beat, every minute: re-enqueue letters whose message was lost; mark those whose worker
    died "delivery uncertain" for a person."""
    report = outbox.sweep()
    return {"requeued": report.requeued, "uncertain": report.uncertain}


@shared_task(base=CommitAwareTask, name="notifications.tasks.sweep_letter_pdfs", ignore_result=True)
def sweep_letter_pdfs():
    """Beat: queue the case-file PDF of letters that still have none (a render lost with the broker)."""
    return {"queued": pdf_sweep.sweep()}


@shared_task(base=CommitAwareTask, name="notifications.tasks.sweep_deadlines", ignore_result=True)
def sweep_deadlines():
    """Beat, every minute: reminders and escalations for the deadlines whose next rung has come."""
    report = reminders.sweep()
    return {"examined": report.examined, "sent": report.sent, "skipped": report.skipped, "errors": report.errors}
