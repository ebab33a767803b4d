"""Criminal proceedings pauses (Police (Conduct) Regulations 2020 reg 10; DOMAIN.md, "Case
lifecycle"): the appropriate authority's recorded decision that misconduct proceedings against
one subject would prejudice outstanding criminal proceedings, so none may take place for now.

`PauseRule` is the rule as data (the regulation cited, which steps it refuses, which clocks it
stops and how they resume), seeded by a migration and edited by administrators. A
`CriminalProceedingsPause` is one decision on one subject, with its reviews (`PauseReview`) and
the clocks it stopped (`PausedClock`: the time each had left, and the clock it resumed as).
Written only by conduct.pauses.services.
"""

import pghistory
import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone

from casework.models import CaseSubject, Deadline
from conduct.cases.models import RuleStatus


class ResumeMethod(models.TextChoices):
    CARRY_OVER = "carry_over", "Carry over the time each clock had left"
    RESTART = "restart", "Restart each clock in full from the day proceedings resume"


@pghistory.track()
class PauseRule(models.Model):
    code = models.SlugField(max_length=60, unique=True, help_text="Used by the code; not shown.")
    name = models.CharField(max_length=160)
    regulation = models.CharField(max_length=200, help_text="Cited on every decision, as it should be read.")
    text = models.TextField(help_text="What the regulation says (quoted), so the decision-maker reads it.")
    source = models.TextField(help_text="Where the rule, and each default below, comes from.")
    status = models.CharField(max_length=20, choices=RuleStatus.choices, default=RuleStatus.TO_CONFIRM)
    review_clock = models.SlugField(
        max_length=60, help_text="The clock rule (code) that times each review of the pause."
    )
    refused_actions = ArrayField(
        models.SlugField(max_length=60),
        default=list,
        blank=True,
        help_text="Lifecycle steps refused while the pause lasts (comma-separated action codes).",
    )
    clocks_kept_running = ArrayField(
        models.SlugField(max_length=60),
        default=list,
        blank=True,
        help_text="The subject's clocks that keep running while paused (comma-separated clock codes).",
    )
    stops_case_clocks = models.BooleanField(
        default=False, help_text="Also stop the case-wide clocks (those without a person)."
    )
    resume_method = models.CharField(max_length=20, choices=ResumeMethod.choices, default=ResumeMethod.CARRY_OVER)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class PauseState(models.TextChoices):
    ACTIVE = "active", "Paused"
    ENDED = "ended", "Ended: proceedings resumed"


class PauseQuerySet(models.QuerySet):
    def active(self):
        return self.filter(state=PauseState.ACTIVE)

    def visible_to(self, user):
        from casework.permissions import visible_cases

        return self.filter(subject__case_id__in=visible_cases(user).values("pk"))


@pghistory.track()
class CriminalProceedingsPause(models.Model):
    subject = models.ForeignKey(CaseSubject, on_delete=models.PROTECT, related_name="criminal_pauses")
    rule = models.ForeignKey(PauseRule, on_delete=models.PROTECT, related_name="+")
    regulation = models.CharField(max_length=200, help_text="The rule's citation when it was decided.")
    criminal_proceedings = models.TextField("the criminal proceedings outstanding")
    reasons = models.TextField("why misconduct proceedings would prejudice them")
    paused_on = models.DateField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)
    state = models.CharField(max_length=10, choices=PauseState.choices, default=PauseState.ACTIVE)
    next_review_on = models.DateField(null=True, blank=True)
    review_deadline = models.ForeignKey(Deadline, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    ended_on = models.DateField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reasons = models.TextField(blank=True)

    objects = PauseQuerySet.as_manager()

    class Meta:
        ordering = ["-decided_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["subject"], condition=Q(state="active"), name="one_active_pause_per_subject"
            ),
            models.CheckConstraint(
                condition=(Q(state="active") & Q(ended_on__isnull=True) & Q(ended_by__isnull=True) & Q(end_reasons=""))
                | (Q(state="ended") & Q(ended_on__isnull=False) & Q(ended_by__isnull=False) & ~Q(end_reasons="")),
                name="pause_ended_is_complete",
                violation_error_message="Ending a pause records when, by whom and why.",
            ),
            models.CheckConstraint(condition=~Q(reasons=""), name="pause_has_reasons"),
        ]
        triggers = [pgtrigger.Protect(name="pause_never_deleted", operation=pgtrigger.Delete)]

    def __str__(self):
        return f"Proceedings paused for {self.subject.person.full_name} ({self.get_state_display().lower()})"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("pause-detail", args=[self.subject.case.reference, self.pk])

    @property
    def is_active(self) -> bool:
        return self.state == PauseState.ACTIVE


class PauseReview(models.Model):
    """A review of a pause that keeps it: who, when, why, and when the next review is due.
    Ending the pause is not a review row but the pause's own end. Append-only."""

    pause = models.ForeignKey(CriminalProceedingsPause, on_delete=models.PROTECT, related_name="reviews")
    reasons = models.TextField()
    reviewed_on = models.DateField()
    next_review_on = models.DateField()
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["reviewed_at", "id"]
        triggers = [pgtrigger.Protect(name="pause_review_append_only", operation=pgtrigger.Update | pgtrigger.Delete)]

    def __str__(self):
        return f"Pause reviewed on {self.reviewed_on:%d %B %Y}"


class PausedClock(models.Model):
    """One clock the pause stopped: how much time it had left (in `remaining_unit`) and, once
    proceedings resumed, the clock it was restarted as."""

    pause = models.ForeignKey(CriminalProceedingsPause, on_delete=models.PROTECT, related_name="paused_clocks")
    deadline = models.ForeignKey(Deadline, on_delete=models.PROTECT, related_name="+")
    remaining = models.IntegerField()
    remaining_unit = models.CharField(max_length=20)  # "working_days" or "calendar_days"
    resumed_as = models.ForeignKey(Deadline, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["pause", "deadline"], name="one_paused_clock_per_deadline")]

    def __str__(self):
        return f"{self.deadline.label}: {self.remaining} {self.remaining_unit.replace('_', ' ')} left"
