"""Outbox throughput: N letters queued and delivered to a local SMTP sink by two worker
processes. Reports letters per second and each worker's peak resident memory (VmHWM).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/psd_bench REDIS_URL=redis://127.0.0.1:6379/3 \\
        .venv/bin/python bench/outbox.py [--letters 5000]
"""

import argparse
import os
import socket
import time

from _setup import bench_case, machine, setup, start_celery_worker


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class CountingSink:
    def __init__(self):
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        return "250 OK"


def peak_rss_mb(pid):
    """VmHWM: the process's peak resident set size, from the kernel."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def make_letters(n):
    from django.db import transaction

    from config.celery import app
    from notifications import outbox
    from notifications.models import LetterKind

    app.control.purge()
    case, user, person = bench_case(username="bench", number="B1", email="bea@bench.example")
    run = time.time_ns()
    created = 0
    for start in range(0, n, 500):
        with transaction.atomic():
            for i in range(start, min(start + 500, n)):
                outbox.compose(
                    kind=LetterKind.INFORMATION_REQUEST,
                    case=case,
                    person=person,
                    recipient_name=person.full_name,
                    recipient_email=person.email,
                    sender=user,
                    idempotency_key=f"bench-{run}-{i}",
                    actor=user,
                    extra={"request_text": f"Question {i}", "response_due_on": "2026-12-04"},
                )
                created += 1
    return run, created


def deliver(letters: int, workers: int = 2) -> dict:
    """Compose `letters` letters, deliver them with `workers` Celery worker processes to a local
    SMTP sink, and return the figures. Django must be set up; the workers read the sink's
    address from the environment given to them."""
    import logging

    from aiosmtpd.controller import Controller

    from notifications.models import Correspondence, Status

    logging.getLogger("mail.log").setLevel(logging.WARNING)
    sink, port = CountingSink(), free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    env = dict(os.environ)
    env.update(
        EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(port), EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend"
    )
    t0 = time.perf_counter()
    run, created = make_letters(letters)
    compose_seconds = time.perf_counter() - t0
    processes = [start_celery_worker(f"bench{i}@%h", env) for i in range(workers)]
    mine = Correspondence.objects.filter(idempotency_key__startswith=f"bench-{run}-")
    t1 = time.perf_counter()
    peaks = [0.0] * len(processes)
    try:
        while mine.filter(status=Status.SENT).count() < created and time.perf_counter() - t1 < 1800:
            time.sleep(0.5)
            peaks = [max(p, peak_rss_mb(w.pid) or 0) for p, w in zip(peaks, processes, strict=True)]
        elapsed = time.perf_counter() - t1
    finally:
        for w in processes:
            w.terminate()
        for w in processes:
            w.wait(30)
        controller.stop()
    sent = mine.filter(status=Status.SENT).count()
    return {
        "letters": created,
        "compose_seconds": round(compose_seconds, 1),
        "composed_per_second": round(created / compose_seconds, 1),
        "delivered": sent,
        "sink_counted": sink.count,
        "workers": workers,
        "deliver_seconds": round(elapsed, 1),
        "letters_per_second": round(sent / elapsed, 1),
        "peak_worker_mb": [round(p) for p in peaks],
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--letters", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    setup()
    r = deliver(args.letters, args.workers)
    print(f"machine: {machine()}")
    print(
        f"letters: {r['letters']} composed in {r['compose_seconds']} s "
        f"({r['composed_per_second']:.0f}/s, in the web process)"
    )
    print(
        f"delivered: {r['delivered']} of {r['letters']} to the SMTP sink (which counted {r['sink_counted']}) "
        f"by {r['workers']} worker processes in {r['deliver_seconds']} s: {r['letters_per_second']:.0f} letters/s"
    )
    print("peak worker memory (VmHWM): " + ", ".join(f"{p} MB" for p in r["peak_worker_mb"]))


if __name__ == "__main__":
    main()
