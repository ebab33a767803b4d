"""The base class of every Celery task in the project: a message is sent only once the data it
names is committed (DESIGN.md: "enqueue with transaction.on_commit"), after pretix's
`TransactionAwareTask` (pretix/base/services/tasks.py).

It lives in casework, the bottom layer every app may import; config/ is the project that
imports the apps (its urls include theirs), so an app importing config would point upward.
"""

import logging
from functools import partial

from celery import Task, shared_task
from django.db import transaction
from kombu.exceptions import OperationalError as BrokerUnavailable

log = logging.getLogger(__name__)


class CommitAwareTask(Task):
    """`delay` and `apply_async` inside an atomic block wait for the outermost commit: a rolled
    back transaction sends nothing, and a worker never looks for a row it cannot see yet.
    Outside a transaction the message is sent at once.

    While deferred there is no AsyncResult to return, so the call returns None; the project's
    tasks ignore their results (the database is the source of truth).

    A broker that cannot be reached is logged, not raised (docs/operations.md): the message only
    names a row that is already committed, and the sweeps find every row whose message was
    never sent. Raising would turn a saved decision into a 500, or stop a sweep half-way."""

    def apply_async(self, args=None, kwargs=None, **options):
        send = partial(self.publish_or_log, args, kwargs, **options)
        if transaction.get_connection().in_atomic_block:
            transaction.on_commit(send)
            return None
        return send()

    def publish_or_log(self, args=None, kwargs=None, **options):
        """Send the message; None, with a warning, if the broker is unreachable."""
        try:
            return super().apply_async(args, kwargs, **options)
        except BrokerUnavailable as exc:
            log.warning("broker unavailable, %s%s not queued (the sweep will queue it): %s", self.name, args, exc)
            return None


@shared_task(base=CommitAwareTask, name="casework.tasks.anchor_audit_chains", ignore_result=True)
def anchor_audit_chains():
    """Beat: write each audit chain's head to its anchor file (casework/anchors.py). Idempotent:
    an unchanged head writes nothing. Imported here, not at the top, so the base class above
    stays importable before the apps are ready."""
    from .anchors import write_anchor
    from .audit import CHAINS

    return {chain.name: write_anchor(chain) is not None for chain in CHAINS.values()}


@shared_task(base=CommitAwareTask, name="casework.tasks.warm_figures", ignore_result=True)
def warm_figures():
    """Queued by a change (casework.figures.bump): recompute the section figures of those who view
    them, so that their next view reads them. Idempotent: a figure already cached is left."""
    from .figures import warm

    return warm()


@shared_task(name="casework.tasks.refresh_figures", ignore_result=True)
def refresh_figures():
    """On the beat (settings.FIGURES_REFRESH_SECONDS): a viewer's section figures about to
    expire are recomputed, so that a view after a quiet minute reads them too."""
    from .figures import refresh

    return refresh()
