"""Access reviews: record-access justification exercises (DOMAIN.md, "What the seeds
ask for", point 1).

An exercise is about one sensitive record (an external system's reference, or a case here).
Its access log is imported into `AccessEvent` rows (one per access, deduplicated by a hash of
the row, so importing a file twice adds nothing) and grouped per accessor into `Accessor`
rows: who, matched to the people register or not, first and last access, how many. Each
accessor then moves through the exercise: excluded by role, or written to (a request through
the outbox with a single-use response link and a deadline on the shared deadline machinery),
answered, assessed, or set aside; a "not legitimate" assessment opens a conduct case.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class ExerciseState(models.TextChoices):
    DRAFT = "draft", "Draft"
    LETTERS_SENT = "letters_sent", "Letters sent"
    COLLECTING = "collecting", "Collecting responses"
    ASSESSING = "assessing", "Assessing"
    DECIDED = "decided", "Decided"


class ExerciseDecision(models.TextChoices):
    NO_FURTHER_ACTION = "no_further_action", "No further action needed"
    FURTHER_ACTION = "further_action", "Further action taken"


class AccessExercise(models.Model):
    name = models.CharField(max_length=200)
    # What was opened: a record in another system, or a case in this one.
    record_reference = models.CharField(max_length=120, blank=True)
    record_system = models.CharField(max_length=120, blank=True)
    case = models.ForeignKey(
        "casework.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="access_exercises"
    )
    # The team running it: its members see it, and the conduct cases it opens are theirs.
    team = models.ForeignKey("casework.Team", on_delete=models.PROTECT, related_name="access_exercises")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="access_exercises")
    # Taken from the clock rule when the exercise is created (rule data, with its source).
    response_working_days = models.PositiveSmallIntegerField()
    response_rule = models.JSONField(default=dict, blank=True)
    state = models.CharField(max_length=20, choices=ExerciseState.choices, default=ExerciseState.DRAFT)
    letters_sent_at = models.DateTimeField(null=True, blank=True)
    decision = models.CharField(max_length=30, choices=ExerciseDecision.choices, blank=True)
    decision_reasons = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(case__isnull=False) | ~Q(record_reference=""), name="exercise_is_about_a_record"
            ),
            models.CheckConstraint(
                condition=~Q(state="decided") | (~Q(decision="") & Q(decided_at__isnull=False)),
                name="decided_exercise_has_decision",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("access-review-detail", args=[self.pk])

    @property
    def record_description(self) -> str:
        """The record, as a letter names it."""
        if self.case_id:
            return f"case {self.case.reference}"
        system = f" ({self.record_system})" if self.record_system else ""
        return f"record {self.record_reference}{system}"

    @property
    def scope(self) -> str:
        """The deadlines' scope: the exercise's per-person clocks have no case."""
        return f"access-review:{self.pk}"

    @property
    def is_decided(self) -> bool:
        return self.state == ExerciseState.DECIDED


class AccessEvent(models.Model):
    """One access from the imported log. `row_hash` (an MD5 of the normalised row, as a uuid)
    makes a re-import of the same rows add nothing."""

    exercise = models.ForeignKey(AccessExercise, on_delete=models.CASCADE, related_name="events")
    row_hash = models.UUIDField()
    source_user_id = models.CharField(max_length=120)
    accessed_at = models.DateTimeField()
    action = models.CharField(max_length=60)
    record_reference = models.CharField(max_length=120)
    system = models.CharField(max_length=120, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["exercise", "row_hash"], name="access_event_once")]
        indexes = [models.Index(fields=["exercise", "source_user_id"], name="access_event_accessor_idx")]

    def __str__(self):
        return f"{self.source_user_id} {self.action} at {self.accessed_at:%Y-%m-%d %H:%M}"


class MatchMethod(models.TextChoices):
    NUMBER = "number", "By person number"
    EMAIL = "email", "By email"
    MANUAL = "manual", "Matched by hand"


class Assessment(models.TextChoices):
    LEGITIMATE = "legitimate", "Legitimate policing purpose"
    NOT_LEGITIMATE = "not_legitimate", "Not legitimate"
    INTERVIEW = "interview", "Needs interview"


class Accessor(models.Model):
    """Everyone who opened the record, once per identity in the source system, with their
    accesses grouped, and where they stand in the exercise."""

    exercise = models.ForeignKey(AccessExercise, on_delete=models.CASCADE, related_name="accessors")
    source_user_id = models.CharField(max_length=120)
    name = models.CharField(max_length=200)
    email = models.CharField(max_length=254, blank=True)
    person_number = models.CharField(max_length=30, blank=True)
    first_access_at = models.DateTimeField()
    last_access_at = models.DateTimeField()
    access_count = models.PositiveIntegerField()
    person = models.ForeignKey(
        "casework.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="access_reviews"
    )
    match_method = models.CharField(max_length=10, choices=MatchMethod.choices, blank=True)
    # Access already justified by role (the investigation team, a listed unit): no letter.
    excluded_reason = models.CharField(max_length=300, blank=True)
    excluded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    excluded_at = models.DateTimeField(null=True, blank=True)
    # Explicitly taken out of the exercise (left the force, deceased, duplicate...), with why.
    set_aside_reason = models.TextField(blank=True)
    set_aside_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    set_aside_at = models.DateTimeField(null=True, blank=True)
    letter = models.ForeignKey(
        "notifications.Correspondence", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    deadline = models.ForeignKey("casework.Deadline", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    assessment = models.CharField(max_length=20, choices=Assessment.choices, blank=True)
    assessment_reasons = models.TextField(blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    assessed_at = models.DateTimeField(null=True, blank=True)
    conduct_case = models.ForeignKey("casework.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["exercise", "source_user_id"], name="accessor_once_per_exercise"),
            models.CheckConstraint(
                condition=Q(assessment="") | (~Q(assessment_reasons="") & Q(assessed_at__isnull=False)),
                name="assessment_has_reasons",
            ),
            models.CheckConstraint(
                condition=Q(person__isnull=True) | ~Q(match_method=""), name="matched_accessor_says_how"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.source_user_id})"

    @property
    def is_excluded(self) -> bool:
        return bool(self.excluded_reason)

    @property
    def is_set_aside(self) -> bool:
        return bool(self.set_aside_reason)
