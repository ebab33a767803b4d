"""Every letter gets its case-file PDF.

`outbox.compose` queues the render on commit; a message lost with the broker would leave the
letter without its PDF until someone opened it. Beat runs `sweep` every `PDF_SWEEP_SECONDS`: it
queues the render of letters that have no PDF and were written (or last asked for) more than
`PDF_STALE_SECONDS` ago, at most `PDF_SWEEP_LIMIT` per tick. `pdf_requested_at` remembers the
ask, so a render still waiting on the documents queue is not queued again before it is stale.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from . import tasks
from .models import Correspondence


def sweep(now=None, limit: int | None = None) -> int:
    """Queue the PDFs that are missing and no longer expected from an earlier ask; returns how many."""
    now = now or timezone.now()
    limit = limit or settings.PDF_SWEEP_LIMIT
    stale_before = now - timedelta(seconds=settings.PDF_STALE_SECONDS)
    with transaction.atomic():
        due = list(
            missing_pdfs(stale_before)
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
