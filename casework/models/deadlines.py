"""Deadlines: each live legal clock is a row (DOMAIN.md, "Other clocks").

A deadline stores the due date computed when it started (and the rule it was computed from,
in `source_rule`), so a later change to a clock rule or to the non-working days applies only to
clocks started afterwards. Written only by the services in casework.deadlines; every change is
a `DeadlineChange` row (append-only).

The reminder sweep (notifications) reads open deadlines by `next_action_at` through the partial
index below. The contract: whoever starts a deadline or changes its due date sets
`next_action_at` to now, so the sweep plans it afresh; closing a deadline (met, missed,
stopped) sets it to NULL.
"""

import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .cases import Case
from .people import Person


class DeadlineState(models.TextChoices):
    # No "extended" state: an extended deadline is still open, with its new due date; the
    # extension is a DeadlineChange row and `extension_count` says it was extended.
    OPEN = "open", "Open"
    MET = "met", "Met"
    MISSED = "missed", "Missed"
    STOPPED = "stopped", "Stopped"


class DeadlineAction(models.TextChoices):
    START = "start", "Started"
    EXTEND = "extend", "Extended"
    MEET = "meet", "Met"
    STOP = "stop", "Stopped"
    MISS = "miss", "Closed as missed"


def due_within(working_days: int, *, now=None) -> Q:
    """Not yet overdue, and due within the next `working_days` working days (today included): a
    condition on the deadline row, for counts that filter open deadlines already."""
    from casework.calendar import add_working_days, local_date

    now = now or timezone.now()
    return Q(due_at__gte=now, due_on__lte=add_working_days(local_date(now), working_days))


class DeadlineQuerySet(models.QuerySet):
    def open(self):
        return self.filter(state=DeadlineState.OPEN)

    def overdue(self, now=None):
        """Open deadlines whose due day has ended."""
        return self.open().filter(due_at__lt=now or timezone.now())

    def due_within(self, working_days: int, *, now=None):
        """Open deadlines not yet overdue that fall due within the next `working_days` working days
        (today included)."""
        return self.open().filter(due_within(working_days, now=now))

    def visible_to(self, user):
        """Deadlines of the cases the user may open, asked of each deadline's own case
        (casework.permissions.visible_case_condition): a subquery of all visible cases made
        PostgreSQL hash every case for a few thousand deadlines (docs/performance.md). A deadline
        with no case is never visible here."""
        from casework.permissions import visible_case_condition

        return self.filter(visible_case_condition(user, "case__"))


class Deadline(models.Model):
    kind = models.SlugField(max_length=60, help_text="The code of the clock rule it was started from.")
    label = models.CharField(max_length=160, help_text="The rule's name when the clock started.")
    # Most clocks run on a case. A clock that belongs to something else (a person's answer in an
    # access-justification exercise) has no case: `scope` names what it belongs to (e.g.
    # "access-review:12"), `about` says it for people and `about_url` links to it.
    case = models.ForeignKey(Case, on_delete=models.CASCADE, null=True, blank=True, related_name="deadlines")
    scope = models.CharField(max_length=60, blank=True, default="")
    about = models.CharField(max_length=200, blank=True, default="")
    about_url = models.CharField(max_length=300, blank=True, default="")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="deadlines")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="deadlines")
    starts_on = models.DateField()
    due_on = models.DateField()
    # The end of the due day in Europe/London (casework.calendar.end_of_day): overdue after it.
    due_at = models.DateTimeField()
    state = models.CharField(max_length=10, choices=DeadlineState.choices, default=DeadlineState.OPEN)
    # When the reminder sweep should next look at this deadline; NULL once it is closed.
    next_action_at = models.DateTimeField(null=True, blank=True)
    # The rule as it was when the clock started: {"code", "amount", "unit", "source", "status"}.
    source_rule = models.JSONField(default=dict, blank=True)
    extension_count = models.PositiveSmallIntegerField(default=0)
    met_on = models.DateField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = DeadlineQuerySet.as_manager()

    class Meta:
        ordering = ["due_at", "id"]
        indexes = [
            # The sweep: state = 'open' AND next_action_at <= now ORDER BY next_action_at.
            models.Index(fields=["next_action_at"], condition=Q(state="open"), name="deadline_next_action_idx"),
            models.Index(fields=["owner", "due_at"], condition=Q(state="open"), name="deadline_owner_due_idx"),
            models.Index(fields=["due_at"], condition=Q(state="open"), name="deadline_open_due_idx"),
            models.Index(fields=["case", "state"], name="deadline_case_state_idx"),
            # Monthly statistics: clocks closed in a period.
            models.Index(fields=["closed_at"], condition=Q(closed_at__isnull=False), name="deadline_closed_at_idx"),
        ]
        constraints = [
            # The same clock is never open twice for the same case (or scope) and person (either may
            # be NULL).
            models.UniqueConstraint(
                fields=["case", "scope", "person", "kind"],
                condition=Q(state="open"),
                nulls_distinct=False,
                name="one_open_deadline_per_clock",
            ),
            models.CheckConstraint(condition=Q(due_on__gte=models.F("starts_on")), name="deadline_due_after_start"),
            models.CheckConstraint(condition=Q(case__isnull=False) | ~Q(scope=""), name="deadline_has_case_or_scope"),
            models.CheckConstraint(
                condition=(Q(state="open") & Q(closed_at__isnull=True))
                | (~Q(state="open") & Q(closed_at__isnull=False) & Q(next_action_at__isnull=True)),
                name="deadline_closed_has_date_and_no_action",
            ),
        ]

    def __str__(self):
        return f"{self.label} ({self.what}), due {self.due_on:%d %B %Y}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("deadline-detail", args=[self.pk])

    @property
    def what(self) -> str:
        """What the clock runs on, for people: the case reference, else what it is about."""
        return self.case.reference if self.case_id else self.about

    @property
    def what_url(self) -> str:
        return self.case.get_absolute_url() if self.case_id else self.about_url

    @property
    def is_open(self) -> bool:
        return self.state == DeadlineState.OPEN

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_at < timezone.now()

    @property
    def rule_summary(self) -> str:
        """The rule it was computed from, as a person reads it: "10 working days (source)"."""
        rule = self.source_rule or {}
        unit = rule.get("unit", "")
        amount = "By the end of the next day" if unit == "end_of_next_day" else f"{rule.get('amount', '')} "
        words = "" if unit == "end_of_next_day" else unit.replace("_", " ")
        source = f" ({rule['source']})" if rule.get("source") else ""
        return f"{amount}{words}{source}".strip()

    @property
    def met_late(self) -> bool:
        return self.state == DeadlineState.MET and self.met_on is not None and self.met_on > self.due_on


class DeadlineChange(models.Model):
    """One change to a deadline: started, extended, met, stopped or closed as missed, with who,
    when and why. Append-only at the database level."""

    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="changes")
    action = models.CharField(max_length=10, choices=DeadlineAction.choices)
    from_due = models.DateField(null=True, blank=True)
    to_due = models.DateField(null=True, blank=True)
    reason = models.TextField(blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
        triggers = [pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)]

    def __str__(self):
        return f"{self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"
