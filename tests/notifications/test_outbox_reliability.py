"""Reliability: 200 letters, the worker process killed with SIGKILL mid-batch, a new worker
started. Every letter is delivered once or marked "delivery uncertain"; none is lost and none
is sent twice automatically. A letter whose worker died between its claim and the "sent"
commit waits for a person (docs/decisions.md), who here reads the relay's log (the SMTP
server's) and confirms it or sends it again. The test counts by Message-ID at the SMTP server."""

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from django.db import connection, transaction

from notifications import outbox, uncertain
from notifications.models import Correspondence, LetterKind, Status

ROOT = Path(__file__).resolve().parents[2]
LETTERS = 200


def start_worker(smtp):
    """A real `celery worker` process (prefork, two children) on the test database."""
    env = dict(os.environ)
    env.update(
        DATABASE_URL=_database_url(),
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST=smtp.host,
        EMAIL_PORT=str(smtp.port),
        OUTBOX_RETRY_BASE_SECONDS="0.5",
    )
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=prefork",
            "--concurrency=2",
            "--queues=celery",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,  # its own process group: SIGKILL reaches the children too
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _database_url():
    """The suite's DATABASE_URL with the test database's name (socket or TCP alike)."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path="/" + connection.settings_dict["NAME"]))


def kill(worker):
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait(10)


def sent_count():
    return Correspondence.objects.filter(status=Status.SENT).count()


def settled_count():
    return Correspondence.objects.filter(status__in=[Status.SENT, Status.UNCERTAIN]).count()


def decide_uncertain(smtp_server, actor):
    """The person's part: the relay's log (the SMTP server's) says whether each uncertain letter went."""
    accepted = set(smtp_server.message_ids())
    for letter in Correspondence.objects.filter(status=Status.UNCERTAIN):
        if letter.message_id in accepted:
            uncertain.confirm_sent(correspondence=letter, actor=actor, relay_reference=f"log: {letter.message_id}")
        else:
            uncertain.resend(correspondence=letter, actor=actor, reason="Not in the relay's log")


@pytest.mark.django_db(transaction=True)
def test_letters_survive_a_worker_killed_mid_batch(personas, letter_case, smtp_server, settings):
    from config.celery import app

    app.control.purge()
    case, officer = letter_case
    with transaction.atomic():
        letters = [
            outbox.compose(
                kind=LetterKind.INFORMATION_REQUEST,
                case=case,
                person=officer,
                recipient_name=officer.full_name,
                recipient_email=officer.email,
                sender=personas.investigator,
                idempotency_key=f"reliability-{n}",
                actor=personas.investigator,
                extra={"request_text": f"Question {n}", "response_due_on": "2026-12-04"},
            )
            for n in range(LETTERS)
        ]
    first = start_worker(smtp_server)
    try:
        # Kill on the database's count, not the mail server's: killing the moment the server
        # accepts a letter would always catch that letter's worker before it records it.
        deadline = time.monotonic() + 60
        while sent_count() < LETTERS // 4 and time.monotonic() < deadline:
            time.sleep(0.005)
        assert sent_count() >= LETTERS // 4, first.stderr.read1().decode(errors="replace")
    finally:
        kill(first)
    delivered_before_kill = len(smtp_server.messages)
    in_flight = set(Correspondence.objects.filter(status=Status.SENDING).values_list("pk", flat=True))
    assert delivered_before_kill < LETTERS, "the worker finished before it could be killed mid-batch"

    # Beat's part, at a test's pace: the sweep re-enqueues lost messages and marks what the dead
    # worker held "uncertain" (never sent again by itself).
    # The lease stays well above one send by the live worker even on a loaded CI machine (a 2 s
    # lease once marked a slow but healthy send "uncertain"); the dead worker's letters pass it.
    settings.OUTBOX_STALE_SECONDS = 1
    settings.OUTBOX_SENDING_LEASE_SECONDS = 15
    second = start_worker(smtp_server)
    try:
        deadline = time.monotonic() + 150
        while settled_count() < LETTERS and time.monotonic() < deadline:
            outbox.sweep()
            time.sleep(1)
        assert settled_count() == LETTERS
        counts = Counter(smtp_server.message_ids())
        assert all(n == 1 for n in counts.values()), "a letter was sent twice automatically"
        marked = set(Correspondence.objects.filter(status=Status.UNCERTAIN).values_list("pk", flat=True))
        assert marked <= in_flight, "only letters in a worker's hands at the kill are uncertain"
        # The person's part; a letter sent again goes through the live worker.
        decide_uncertain(smtp_server, personas.admin)
        deadline = time.monotonic() + 30
        while sent_count() < LETTERS and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        kill(second)

    assert sent_count() == LETTERS
    counts = Counter(smtp_server.message_ids())
    assert set(counts) == {letter.message_id for letter in letters}, "a letter was lost"
    repeated = {mid: n for mid, n in counts.items() if n > 1}
    assert not repeated, repeated
    print(f"killed after {delivered_before_kill} of {LETTERS}, {len(in_flight)} in flight; uncertain: {len(marked)}")
