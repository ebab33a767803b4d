"""The appeal sweep: a period that ended with no appeal makes the outcome final. Idempotent
(conduct.appeals.services.close_expired_windows re-checks each window under a row lock)."""

from celery import shared_task

from casework.tasks import CommitAwareTask
from conduct.appeals import services


@shared_task(base=CommitAwareTask, name="conduct.appeals.tasks.close_expired_appeal_periods", ignore_result=True)
def close_expired_appeal_periods():
    return services.close_expired_windows()
