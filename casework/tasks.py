"""The base class of every Celery task in the project: a message is sent only once the data it
names is committed (DESIGN.md: "enqueue with transaction.on_commit"), after pretix's
`TransactionAwareTask` (pretix/base/services/tasks.py).

It lives in casework, the bottom layer every app may import; config/ is the project that
imports the apps (its urls include theirs), so an app importing config would point upward.
"""

from functools import partial

from celery import Task, shared_task
from django.db import transaction


class CommitAwareTask(Task):
    """`delay` and `apply_async` inside an atomic block wait for the outermost commit: a rolled
    back transaction sends nothing, and a worker never looks for a row it cannot see yet.
    Outside a transaction the message is sent at once.

    While deferred there is no AsyncResult to return, so the call returns None; the project's
    tasks ignore their results (the database is the source of truth)."""

    def apply_async(self, args=None, kwargs=None, **options):
        send = partial(super().apply_async, args, kwargs, **options)
        if transaction.get_connection().in_atomic_block:
            transaction.on_commit(send)
            return None
        return send()


@shared_task(base=CommitAwareTask, name="casework.tasks.anchor_audit_chains", ignore_result=True)
def anchor_audit_chains():
    """Beat: write each audit chain's head to its anchor file (casework/anchors.py). Idempotent:
    an unchanged head writes nothing. Imported here, not at the top, so the base class above
    stays importable before the apps are ready."""
    from .anchors import write_anchor
    from .audit import CHAINS

    return {chain.name: write_anchor(chain) is not None for chain in CHAINS.values()}
