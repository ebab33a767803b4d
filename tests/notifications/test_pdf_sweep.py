"""Every letter gets its PDF: the sweep queues the render of letters still without one once
their own render is overdue, bounded per tick, never twice while an ask is live; the letter
page says the PDF is being prepared meanwhile."""

from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from notifications import pdf, pdf_sweep
from notifications.models import Correspondence, LetterPdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_render_waiting():
    """Nothing consumes the suite's documents queue, and row ids repeat once a transactional test
    resets the sequences: an earlier test's render message could name this test's letter, which
    the sweep rightly takes for a live render (notifications/broker_queue.py)."""
    from config.celery import app

    with app.connection_for_write() as broker:
        broker.default_channel.queue_purge("documents")


def _written_ago(letter, seconds):
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE notifications_correspondence SET created_at=%s WHERE id=%s",
            [timezone.now() - timedelta(seconds=seconds), letter.pk],
        )


def _queued(callbacks_run):
    return sorted(call.args[0] for call in callbacks_run)


def test_the_sweep_queues_missing_pdfs_once_until_the_ask_is_stale(write_letter, settings, monkeypatch):
    settings.PDF_STALE_SECONDS = 300
    asked = []
    monkeypatch.setattr("notifications.tasks.render_letter_pdf.delay", lambda pk: asked.append(pk))
    fresh, lost, filed = write_letter(key="fresh"), write_letter(key="lost"), write_letter(key="filed")
    asked.clear()  # compose's own asks
    _written_ago(lost, 600)
    _written_ago(filed, 600)
    pdf.store_pdf(filed)

    assert pdf_sweep.sweep() == 1
    assert asked == [lost.pk]  # not the fresh one (its own render is live), not the filed one
    assert pdf_sweep.sweep() == 0  # the sweep's ask is live: not queued twice
    later = timezone.now() + timedelta(seconds=301)
    assert pdf_sweep.sweep(now=later) == 2  # the lost ask is stale again, and now the fresh one too
    assert sorted(asked) == sorted([lost.pk, lost.pk, fresh.pk])


def test_the_sweep_is_bounded_per_tick(write_letter, settings, monkeypatch, django_assert_max_num_queries):
    monkeypatch.setattr("notifications.tasks.render_letter_pdf.delay", lambda pk: None)
    for n in range(5):
        _written_ago(write_letter(key=f"bulk-{n}"), 3600)
    with django_assert_max_num_queries(6):
        assert pdf_sweep.sweep(limit=3) == 3
    assert pdf_sweep.sweep(limit=3) == 2
    assert Correspondence.objects.filter(pdf_requested_at__isnull=True).count() == 0


@pytest.mark.django_db(transaction=True)
def test_the_beat_task_renders_the_missing_pdfs(write_letter, settings):
    """The render itself, through the real task (run eagerly: the documents queue is the edge)."""
    from config.celery import app
    from notifications import beat

    letter = write_letter(key="render")
    _written_ago(letter, 3600)
    with app.connection_for_write() as broker:  # compose's render message, lost with the broker
        broker.default_channel.queue_purge("documents")

    app.conf.task_always_eager = True
    try:
        beat.sweep_letter_pdfs()
    finally:
        app.conf.task_always_eager = False
    assert LetterPdf.objects.filter(correspondence=letter).exists()


def test_the_letter_page_says_the_pdf_is_being_prepared(client, write_letter, personas):
    letter = write_letter()
    url = reverse("letter-detail", args=[letter.case.reference, letter.pk])
    client.force_login(personas.investigator)
    html = client.get(url).content.decode()
    assert "PDF being prepared" in html
    pdf.store_pdf(letter)
    html = client.get(url).content.decode()
    assert "PDF being prepared" not in html and "SHA-256" in html
