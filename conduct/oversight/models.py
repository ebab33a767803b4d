"""Early-warning flags: rules as data, the flags they raise on a person, and
monitoring. Evaluated by conduct.oversight.early_warning; acknowledged or acted on by managers with their
reasons (who, when, why), never silently cleared."""

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from casework.models import Case, Person
from conduct.cases.models import AllegationCategory


class FlagKind(models.TextChoices):
    ALLEGATIONS = "allegations", "Allegations in a rolling window"
    CATEGORY = "category", "Allegations of one category in a rolling window"
    REPEAT_COMPLAINANT = "repeat_complainant", "Repeat complaints from the same complainant"
    ANY_OF_CATEGORY = "any_of_category", "Any allegation of a category"
    FINAL_WARNING = "final_warning", "New allegation while a final written warning is live"
    MONITORED = "monitored", "Marked for monitoring"


@pghistory.track()
class FlagRule(models.Model):
    """One early-warning rule, seeded by a migration and edited by administrators (legal and
    policy numbers are data, DESIGN.md). `window_days` empty means "ever"; for a final written
    warning it is how long the warning stays live."""

    code = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=160)
    kind = models.CharField(max_length=30, choices=FlagKind.choices)
    window_days = models.PositiveIntegerField(null=True, blank=True)
    threshold = models.PositiveSmallIntegerField(default=1)
    category = models.ForeignKey(AllegationCategory, on_delete=models.PROTECT, null=True, blank=True)
    source = models.TextField(help_text="Why this rule: the policy or guidance it comes from.")
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(threshold__gte=1), name="flag_rule_threshold_positive"),
            models.CheckConstraint(
                condition=~Q(kind__in=["category", "any_of_category"]) | Q(category__isnull=False),
                name="flag_rule_category_when_needed",
                violation_error_message="A rule about one category needs its category.",
            ),
        ]

    def __str__(self):
        return self.name


class FlagState(models.TextChoices):
    OPEN = "open", "Open"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    ACTED = "acted", "Acted on"
    # The rule was wrong about this person (issue 20): with the reviewer's reasons, so each rule
    # can be judged by its results (DOMAIN.md, "Early warning").
    FALSE_POSITIVE = "false_positive", "False positive"


class FlagAction(models.TextChoices):
    OPEN_CASE = "open_case", "Opened a case"
    MONITOR = "monitor", "Set monitoring"


class FlagQuerySet(models.QuerySet):
    def open(self):
        return self.filter(state=FlagState.OPEN)


@pghistory.track()
class Flag(models.Model):
    """A rule met by a person: the reasons (counts and dates, no narrative) and the evidence
    (allegation and case ids, so a page shows only the cases its reader may open)."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="flags")
    rule = models.ForeignKey(FlagRule, on_delete=models.PROTECT, related_name="flags")
    state = models.CharField(max_length=20, choices=FlagState.choices, default=FlagState.OPEN)
    reasons = models.TextField()
    evidence = models.JSONField(default=dict, blank=True)
    evidence_key = models.CharField(max_length=64)
    raised_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution_reason = models.TextField(blank=True)
    action = models.CharField(max_length=20, choices=FlagAction.choices, blank=True)
    action_case = models.ForeignKey(Case, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    objects = FlagQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_at", "-id"]
        indexes = [models.Index(fields=["state", "-raised_at"], name="flag_state_raised_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "rule"], condition=Q(state="open"), name="one_open_flag_per_rule"
            ),
            models.CheckConstraint(
                condition=Q(state="open")
                | (Q(resolved_by__isnull=False) & Q(resolved_at__isnull=False) & ~Q(resolution_reason="")),
                name="resolved_flag_has_who_when_why",
                violation_error_message="A flag is acknowledged or acted on by someone, at a time, with reasons.",
            ),
            models.CheckConstraint(
                condition=~Q(state="acted") | ~Q(action=""),
                name="acted_flag_has_action",
            ),
        ]

    def __str__(self):
        return f"{self.rule} – {self.person}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("flag-detail", args=[self.pk])


class MonitoringQuerySet(models.QuerySet):
    def current(self, on=None):
        day = on or timezone.localdate()
        return self.filter(starts_on__lte=day).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))


@pghistory.track()
class Monitoring(models.Model):
    """A person marked for monitoring, with why and for how long (ends_on empty: until ended)."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="monitoring")
    reason = models.TextField()
    starts_on = models.DateField(default=timezone.localdate)
    ends_on = models.DateField(null=True, blank=True)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(default=timezone.now)

    objects = MonitoringQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="monitoring_ends_after_start",
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="monitoring_has_reason"),
        ]

    def __str__(self):
        return f"Monitoring of {self.person} from {self.starts_on}"
