"""Reminder ladders: for each kind of deadline, the stages at which someone is told, as data an
administrator can change. Each stage sent (or deliberately skipped) is recorded once, under a
unique constraint, in the same transaction as the message it caused."""

from django.db import models
from django.db.models import Q
from django.utils import timezone


class Audience(models.TextChoices):
    OWNER = "owner", "The deadline's owner"
    AUTHORITY = "authority", "Appropriate authorities (those in the case's team, if any)"
    HEAD = "head", "Head of PSD"
    # Rungs that write to people on the register rather than tell users (access reviews): the
    # person the clock waits on (a chaser carrying their response link), and their line manager.
    PERSON = "person", "The person whose answer is awaited (a chaser letter)"
    LINE_MANAGER = "line_manager", "The line manager of that person (an escalation letter)"


class ReminderStage(models.Model):
    """One rung of a ladder. `offset_working_days` is counted from the due date: -3 is three
    working days before, 0 the due day, 1 the first working day after it ran out."""

    deadline_kind = models.SlugField(
        max_length=60,
        blank=True,
        help_text="The clock rule code this ladder is for; blank for the default ladder used by every other kind.",
    )
    code = models.SlugField(max_length=40, help_text="A short name, e.g. before, due-today, overdue.")
    offset_working_days = models.SmallIntegerField()
    audience = models.CharField(max_length=20, choices=Audience.choices)
    message = models.CharField(
        max_length=200,
        help_text=(
            "What this rung is, for administrators, e.g. 'three working days before'. The notification "
            "itself states the real time left, computed from the due moment."
        ),
    )
    email = models.BooleanField(default=True, help_text="Also send an email through the outbox.")
    urgent = models.BooleanField(default=False)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["deadline_kind", "offset_working_days"]
        constraints = [
            models.UniqueConstraint(fields=["deadline_kind", "code"], name="reminder_stage_code_unique"),
            models.UniqueConstraint(
                fields=["deadline_kind", "offset_working_days", "audience"], name="reminder_stage_offset_unique"
            ),
        ]

    def __str__(self):
        return f"{self.deadline_kind or 'default'}: {self.code} ({self.offset_working_days:+d} working days)"


class ReminderOutcome(models.TextChoices):
    SENT = "sent", "Sent"
    SKIPPED = "skipped", "Skipped (a later stage was already due)"


class ReminderSent(models.Model):
    """Stage `stage_code` of the deadline's `generation` (its extension count: a new due date
    re-arms the ladder) has been dealt with. The unique constraint is what makes two sweeps at
    once, or a sweep repeated after a crash, send nothing twice."""

    deadline = models.ForeignKey("casework.Deadline", on_delete=models.CASCADE, related_name="reminders")
    generation = models.PositiveSmallIntegerField(default=0)
    stage_code = models.SlugField(max_length=40)
    outcome = models.CharField(max_length=10, choices=ReminderOutcome.choices)
    recipients = models.JSONField(default=list)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["deadline", "generation", "stage_code"], name="reminder_stage_once")
        ]
        indexes = [models.Index(fields=["deadline"], condition=Q(outcome="sent"), name="reminder_sent_idx")]

    def __str__(self):
        return f"{self.stage_code} {self.get_outcome_display().lower()} for deadline {self.deadline_id}"
