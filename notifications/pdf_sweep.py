"""Every letter gets its case-file PDF.

`outbox.compose` queues the render on commit; a message lost with the broker would leave the
letter without its PDF until someone opened it. Beat runs `sweep` every `PDF_SWEEP_SECONDS`: it
queues the render of letters that have no PDF and were written (or last asked for) more than
`PDF_STALE_SECONDS` ago, at most `PDF_SWEEP_LIMIT` per tick. `pdf_requested_at` remembers the
ask; a letter whose render still waits on the documents queue, or is held by a live worker
(notifications.broker_queue), is not queued again, so the staleness can be short: a render
lost with the broker is queued again within PDF_STALE_SECONDS + PDF_SWEEP_SECONDS.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from . import broker_queue, tasks
from .models import Correspondence

log = logging.getLogger(__name__)


def sweep(now=None, limit: int | None = None) -> int:
    """Queue the PDFs that are missing and no longer expected from an earlier ask; returns how many."""
    now = now or timezone.now()
    limit = limit or settings.PDF_SWEEP_LIMIT
    stale_before = now - timedelta(seconds=settings.PDF_STALE_SECONDS)
    if not missing_pdfs(stale_before).exists():
        return 0  # the usual tick: one indexed query, the broker not read
    try:
        live = broker_queue.ids_in_broker(tasks.render_letter_pdf.name)
    except broker_queue.QueueTooLong as busy:
        log.info("PDF sweep: %s; missing PDFs are queued once the workers catch up", busy)
        return 0
    with transaction.atomic():
        due = list(
            missing_pdfs(stale_before)
            .exclude(pk__in=live)
            .select_for_update(skip_locked=True, of=("self",))
            .order_by("created_at", "pk")
            .values_list("pk", flat=True)[:limit]
        )
        Correspondence.objects.filter(pk__in=due).update(pdf_requested_at=now)
        for letter_id in due:
            tasks.render_letter_pdf.delay(letter_id)  # on commit: CommitAwareTask
    return len(due)


def missing_pdfs(stale_before):
    """Letters without a PDF whose own render (at compose, or the last sweep's) is overdue."""
    return (
        Correspondence.objects.without_pdf()
        .filter(created_at__lt=stale_before)
        .filter(Q(pdf_requested_at__isnull=True) | Q(pdf_requested_at__lt=stale_before))
    )
