"""The appeal sweep: a period that ended with no appeal makes the outcome final. Idempotent
(conduct.appeals.finality.close_expired_windows re-checks each window under a row lock)."""

from celery import shared_task

from casework.tasks import CommitAwareTask
from conduct.appeals import finality


@shared_task(base=CommitAwareTask, name="conduct.appeals.tasks.close_expired_appeal_periods", ignore_result=True)
def close_expired_appeal_periods():
    return finality.close_expired_windows()
