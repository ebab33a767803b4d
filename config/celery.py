"""The Celery application. The beat schedule lives here, in code (DESIGN.md).

Messages only say "look at row N": the database is the source of truth, so a lost or
repeated message never loses or doubles work. Tasks are acks_late (settings) and idempotent.
"""

import os

from celery import Celery
from celery.signals import beat_init
from django.conf import settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("psd")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_configure.connect
def install_beat_schedule(sender, **kwargs):
    """The beat schedule, in code. Read after configuration so settings are loaded."""
    sender.add_periodic_task(
        settings.CELERY_BEAT_HEARTBEAT_SECONDS,
        sender.signature("notifications.tasks.beat_heartbeat"),
        name="heartbeat",
    )
    sender.add_periodic_task(
        settings.OUTBOX_SWEEP_SECONDS,
        sender.signature("notifications.tasks.sweep_outbox"),
        name="outbox sweep",
        # A tick still queued when the next is due is dropped: the sweeps catch up by themselves.
        expires=settings.OUTBOX_SWEEP_SECONDS,
    )
    sender.add_periodic_task(
        settings.PDF_SWEEP_SECONDS,
        sender.signature("notifications.tasks.sweep_letter_pdfs"),
        name="letter PDF sweep",
        expires=settings.PDF_SWEEP_SECONDS,
    )
    sender.add_periodic_task(
        settings.REMINDER_SWEEP_SECONDS,
        sender.signature("notifications.tasks.sweep_deadlines"),
        name="deadline sweep",
        expires=settings.REMINDER_SWEEP_SECONDS,
    )
    # The audit chains' heads, written outside the database (casework/anchors.py).
    sender.add_periodic_task(
        settings.AUDIT_ANCHOR_SECONDS,
        sender.signature("casework.tasks.anchor_audit_chains"),
        name="audit chain anchors",
    )
    # Section figures replaced before they expire, for those who view them (casework/figures.py).
    sender.add_periodic_task(
        settings.FIGURES_REFRESH_SECONDS,
        sender.signature("casework.tasks.refresh_figures"),
        name="section figures refresh",
        expires=settings.FIGURES_REFRESH_SECONDS,
    )
    # Early-warning flags: nightly, at 02:30 local time, when nobody is recording cases.
    from celery.schedules import crontab

    sender.add_periodic_task(
        crontab(hour=2, minute=30),
        sender.signature("conduct.oversight.tasks.evaluate_flags"),
        name="early-warning flags",
    )
    # Appeal periods that ended unappealed: the outcome is final (conduct/appeals), at 00:15.
    sender.add_periodic_task(
        crontab(hour=0, minute=15),
        sender.signature("conduct.appeals.tasks.close_expired_appeal_periods"),
        name="appeal periods",
    )


@beat_init.connect
def tick_on_start(sender, **kwargs):
    """Beat's first scheduled tick comes one interval after start; tick at once, so /healthz
    reports a started beat as healthy without waiting a minute."""
    sender.app.send_task("notifications.tasks.beat_heartbeat")
