from celery import shared_task

from . import services


@shared_task(name="notifications.tasks.beat_heartbeat", ignore_result=True)
def beat_heartbeat():
    """Beat runs this on a short interval; the worker records the tick in the database."""
    services.record_heartbeat()
