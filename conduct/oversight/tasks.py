"""Celery tasks of the conduct app. Idempotent: they read the database and write rows under
constraints, so a repeated or lost message neither doubles nor loses a flag. Commit-aware
(casework.tasks.CommitAwareTask) like every task of the project."""

from celery import shared_task

from casework.tasks import CommitAwareTask
from conduct.oversight import early_warning


@shared_task(base=CommitAwareTask, name="conduct.oversight.tasks.evaluate_flags", ignore_result=True)
def evaluate_flags():
    """Beat, nightly: rolling windows move on even when nothing new is recorded, so every
    person a rule could flag is evaluated again (conduct.oversight.early_warning)."""
    return early_warning.evaluate_everyone()
