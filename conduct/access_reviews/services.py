"""Access reviews: running a record-access justification exercise.

Every workflow here takes the acting user and runs in one transaction. The exercise's state
moves only here: letters sent (collecting), first assessment (assessing), decision (decided).

What it reuses rather than rebuilds: the outbox and its single-use response links for the
requests (notifications.outbox), the shared deadline machinery for each person's answer
(casework.deadlines, a clock with no case but a scope) whose reminder ladder chases the
person and then their line manager (notifications.reminders), and the case intake
(conduct.cases.services.record_case) for a "not legitimate" assessment.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from casework import calendar
from casework import deadlines as casework_deadlines
from casework.errors import Refused
from casework.models import Person
from casework.models.cases import HowReceived, Origin
from conduct.cases import clocks, services
from conduct.models import (
    AccessExercise,
    Accessor,
    AllegationCategory,
    Assessment,
    ExerciseDecision,
    ExerciseState,
    MatchMethod,
    Standard,
)
from notifications import outbox
from notifications.models import LetterKind, OfficerResponse

RESPONSE_CLOCK = "access_justification_response"
CONFIDENTIALITY = "Confidentiality"
DATA_MISUSE = "data-misuse"

# The list's state filter, shared with the dashboard so a figure and its list count alike.
IN_PROGRESS = "in_progress"
STATE_FILTERS = {IN_PROGRESS: "In progress", **{s.value: s.label for s in ExerciseState}}


def in_state(exercises, state: str):
    """Exercises in `state` (one of STATE_FILTERS; "" for all). In progress: not yet decided."""
    if state == IN_PROGRESS:
        return exercises.exclude(state=ExerciseState.DECIDED)
    return exercises.filter(state=state) if state else exercises


class AccessReviewRefused(Refused):
    """Not allowed now; the message says why. `field` names the form field, if any."""


def _required(value: str, message: str, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise AccessReviewRefused(message, field=field)
    return value


def _exclusion_reason(reason: str) -> str:
    """The reason an access is justified by role: required, and never cut short in silence."""
    reason = _required(reason, "Give the reason their access is justified by role.", "reason")
    limit = Accessor._meta.get_field("excluded_reason").max_length
    if len(reason) > limit:
        raise AccessReviewRefused(f"The reason must be {limit} characters or fewer.", field="reason")
    return reason


def _lock(exercise) -> AccessExercise:
    locked = AccessExercise.objects.select_for_update().get(pk=exercise.pk)
    if locked.state == ExerciseState.DECIDED:
        raise AccessReviewRefused("The exercise has been decided: nothing more can change.")
    return locked


def _lock_accessor(accessor) -> Accessor:
    locked = Accessor.objects.select_for_update(of=("self",)).select_related("exercise").get(pk=accessor.pk)
    if locked.exercise.state == ExerciseState.DECIDED:
        raise AccessReviewRefused("The exercise has been decided: nothing more can change.")
    return locked


# Creating -----------------------------------------------------------------------------------
@dataclass
class ExerciseInput:
    name: str
    team: object
    record_reference: str = ""
    record_system: str = ""
    case: object = None


@transaction.atomic
def create_exercise(*, user, data: ExerciseInput) -> AccessExercise:
    """A draft exercise about a record elsewhere or a case here; its response period is the
    clock rule's as it stands now (kept with the exercise, with its source)."""
    name = _required(data.name, "Give the exercise a name.", "name")
    if data.case is None and not (data.record_reference or "").strip():
        raise AccessReviewRefused("Give the record's reference, or choose a case.", field="record_reference")
    rule = clocks.rule_for(RESPONSE_CLOCK)
    return AccessExercise.objects.create(
        name=name[:200],
        record_reference=(data.record_reference or "").strip()[:120],
        record_system=(data.record_system or "").strip()[:120],
        case=data.case,
        team=data.team,
        owner=user,
        response_working_days=rule.amount,
        response_rule={**rule.snapshot(), "name": rule.name},
        created_by=user,
    )


# Who is in ----------------------------------------------------------------------------------
@transaction.atomic
def exclude_units(*, user, exercise, units, reason: str) -> int:
    """Mark accessors in the listed units as justified by role (no letter). Returns how many."""
    reason = _exclusion_reason(reason)
    exercise = _lock(exercise)
    return (
        Accessor.objects.filter(exercise=exercise, person__unit__in=units, letter__isnull=True)
        .filter(excluded_reason="")
        .update(excluded_reason=reason, excluded_by=user, excluded_at=timezone.now())
    )


@transaction.atomic
def exclude(*, user, accessor, reason: str) -> Accessor:
    """One accessor's access is justified by role (a member of the investigation team, say)."""
    reason = _exclusion_reason(reason)
    accessor = _lock_accessor(accessor)
    if accessor.letter_id:
        raise AccessReviewRefused("They have already been written to: set them aside with a reason instead.")
    accessor.excluded_reason, accessor.excluded_by, accessor.excluded_at = reason, user, timezone.now()
    accessor.save(update_fields=["excluded_reason", "excluded_by", "excluded_at"])
    return accessor


@transaction.atomic
def match(*, user, accessor, person: Person) -> Accessor:
    """Match an accessor the import could not place to someone on the register, by hand."""
    accessor = _lock_accessor(accessor)
    if accessor.letter_id:
        raise AccessReviewRefused("They have already been written to; the match can no longer change.")
    accessor.person, accessor.match_method = person, MatchMethod.MANUAL
    accessor.save(update_fields=["person", "match_method"])
    return accessor


@transaction.atomic
def set_aside(*, user, accessor, reason: str) -> Accessor:
    """Take someone out of the exercise explicitly (left the force, duplicate account...)."""
    reason = _required(reason, "Give the reason for setting them aside.", "reason")
    accessor = _lock_accessor(accessor)
    if accessor.assessment:
        raise AccessReviewRefused("Their answer has already been assessed.")
    accessor.set_aside_reason, accessor.set_aside_by, accessor.set_aside_at = reason, user, timezone.now()
    accessor.save(update_fields=["set_aside_reason", "set_aside_by", "set_aside_at"])
    if accessor.deadline_id:  # nobody is chased once set aside
        casework_deadlines.stop_deadline(deadline=accessor.deadline, reason=f"Set aside: {reason}", actor=user)
    return accessor


# Letters ------------------------------------------------------------------------------------
def to_write_to(exercise):
    """Matched, not excluded, not set aside, not yet written to."""
    return exercise.accessors.filter(
        person__isnull=False, letter__isnull=True, excluded_reason="", set_aside_reason=""
    ).select_related("person__rank", "person__force")


@transaction.atomic
def send_letters(*, user, exercise) -> int:
    """Write to everyone still to be written to: a request through the outbox with a single-use
    response link, and a deadline (working days from the exercise's rule) whose ladder chases
    them and then their line manager. Repeating it writes to nobody twice. The exercise is
    then collecting answers."""
    exercise = _lock(exercise)
    today = timezone.localdate()
    due_on = calendar.add_working_days(today, exercise.response_working_days)
    written = 0
    for accessor in to_write_to(exercise):
        _write_request(user, exercise, accessor, today, due_on)
        written += 1
    if written and exercise.state == ExerciseState.DRAFT:
        exercise.state, exercise.letters_sent_at = ExerciseState.COLLECTING, timezone.now()
        exercise.save(update_fields=["state", "letters_sent_at"])
    return written


def _write_request(user, exercise, accessor, today, due_on):
    deadline = casework_deadlines.start_deadline(
        case=None,
        scope=exercise.scope,
        about=f"Access review: {exercise.name}",
        about_url=reverse("access-review-detail", args=[exercise.pk]),
        kind=RESPONSE_CLOCK,
        label=exercise.response_rule.get("name") or "Response to an access-justification request",
        owner=exercise.owner,
        starts_on=today,
        due_on=due_on,
        person=accessor.person,
        actor=user,
        source_rule=exercise.response_rule,
    )
    letter = outbox.compose_to_person(
        kind=LetterKind.ACCESS_JUSTIFICATION,
        case=None,
        person=accessor.person,
        sender=user,
        idempotency_key=f"access-review:{exercise.pk}:accessor:{accessor.pk}",
        actor=user,
        extra={
            "record_description": exercise.record_description,
            "accessed_on": timezone.localdate(accessor.first_access_at),
            "response_due_on": due_on,
        },
        deadline=deadline,
    )
    accessor.letter, accessor.deadline = letter, deadline
    accessor.save(update_fields=["letter", "deadline"])


# Assessing ----------------------------------------------------------------------------------
def response_for(accessor):
    """The person's answer, if any (given through the request's link)."""
    if not accessor.letter_id:
        return None
    return OfficerResponse.objects.filter(correspondence_id=accessor.letter_id).first()


@transaction.atomic
def assess(*, user, accessor, outcome: str, reasons: str) -> Accessor:
    """An investigator's assessment of an answer, with reasons. "Not legitimate" opens a conduct
    case for the person with the allegation filled in, linked from the exercise."""
    if outcome not in Assessment.values:
        raise AccessReviewRefused("Choose an assessment.", field="outcome")
    reasons = _required(reasons, "Give the reasons for the assessment.", "reasons")
    accessor = _lock_accessor(accessor)
    if accessor.assessment:
        raise AccessReviewRefused("Their answer has already been assessed.")
    if accessor.is_set_aside or accessor.is_excluded:
        raise AccessReviewRefused("They are not part of the exercise any more.")
    if response_for(accessor) is None:
        raise AccessReviewRefused("There is no answer to assess yet.")
    now = timezone.now()
    accessor.assessment, accessor.assessment_reasons = outcome, reasons
    accessor.assessed_by, accessor.assessed_at = user, now
    if outcome == Assessment.NOT_LEGITIMATE:
        accessor.conduct_case = _open_case(user, accessor, reasons)
    accessor.save(update_fields=["assessment", "assessment_reasons", "assessed_by", "assessed_at", "conduct_case"])
    AccessExercise.objects.filter(pk=accessor.exercise_id, state=ExerciseState.COLLECTING).update(
        state=ExerciseState.ASSESSING
    )
    return accessor


def _open_case(user, accessor, reasons):
    exercise = accessor.exercise
    first, last = accessor.first_access_at, accessor.last_access_at
    times = "once" if accessor.access_count == 1 else f"{accessor.access_count} times"
    description = (
        f"Between {timezone.localtime(first):%-d %B %Y %H:%M} and {timezone.localtime(last):%-d %B %Y %H:%M} "
        f"you accessed {exercise.record_description} {times} without a legitimate policing purpose "
        f"(access review “{exercise.name}”)."
    )
    allegation = services.AllegationInput(
        description=description,
        standards=list(Standard.objects.filter(name=CONFIDENTIALITY)),
        categories=list(AllegationCategory.objects.filter(code=DATA_MISUSE)),
        occurred_on=timezone.localdate(first),
    )
    return services.record_case(
        user=user,
        contact=None,
        subjects=[services.SubjectInput(person=accessor.person, allegations=[allegation])],
        details={
            "origin": Origin.ACCESS_EXERCISE,
            "received_on": timezone.localdate(),
            "how_received": HowReceived.INTERNAL,
            "summary": f"Access review “{exercise.name}”: access to {exercise.record_description} assessed as "
            f"not for a legitimate policing purpose.\n\n{reasons}",
            "complainant_name": "",
            "sensitivity": "normal",
            "team": exercise.team,
            "investigator": user,
        },
    )


# Deciding -----------------------------------------------------------------------------------
def outstanding(exercise):
    """Those still in the exercise without an assessment: the decision waits for them."""
    return exercise.accessors.filter(excluded_reason="", set_aside_reason="", assessment="")


@transaction.atomic
def decide(*, user, exercise, decision: str, reasons: str) -> AccessExercise:
    """The final decision, once everyone is assessed or explicitly set aside with a reason."""
    if decision not in ExerciseDecision.values:
        raise AccessReviewRefused("Choose the decision.", field="decision")
    reasons = _required(reasons, "Give the reasons for the decision.", "reasons")
    exercise = _lock(exercise)
    if not exercise.accessors.exists():
        raise AccessReviewRefused("Nobody is in the exercise yet: import the access log first.")
    waiting = outstanding(exercise).count()
    if waiting:
        raise AccessReviewRefused(
            f"{waiting} {'person has' if waiting == 1 else 'people have'} not been assessed or set aside yet."
        )
    exercise.state, exercise.decision, exercise.decision_reasons = ExerciseState.DECIDED, decision, reasons
    exercise.decided_by, exercise.decided_at = user, timezone.now()
    exercise.save(update_fields=["state", "decision", "decision_reasons", "decided_by", "decided_at"])
    return exercise


# The board ----------------------------------------------------------------------------------
BOARD_GROUPS = (
    ("unmatched", "Not matched to the register"),
    ("excluded", "Excluded by role"),
    ("not_written", "Not yet written to"),
    ("awaiting", "Awaiting response"),
    ("overdue", "Overdue"),
    ("responded", "Responded, to assess"),
    ("legitimate", "Assessed: legitimate policing purpose"),
    ("not_legitimate", "Assessed: not legitimate"),
    ("interview", "Assessed: needs interview"),
    ("set_aside", "Set aside"),
)


def _group_conditions(now):
    """Each board group as a condition on accessors (annotated with `answered`). The groups
    don't overlap; "cases opened" is counted on its own."""
    live = Q(excluded_reason="", set_aside_reason="")
    waiting = live & Q(letter__isnull=False, answered=False)
    return {
        "unmatched": live & Q(person__isnull=True),
        "excluded": ~Q(excluded_reason=""),
        "not_written": live & Q(person__isnull=False, letter__isnull=True),
        "awaiting": waiting & Q(deadline__due_at__gte=now),
        "overdue": waiting & Q(deadline__due_at__lt=now),
        "responded": live & Q(answered=True, assessment=""),
        "legitimate": live & Q(assessment=Assessment.LEGITIMATE),
        "not_legitimate": live & Q(assessment=Assessment.NOT_LEGITIMATE),
        "interview": live & Q(assessment=Assessment.INTERVIEW),
        "set_aside": Q(excluded_reason="") & ~Q(set_aside_reason=""),
    }


def with_answered(accessors):
    answered = OfficerResponse.objects.filter(correspondence_id=OuterRef("letter_id"))
    return accessors.annotate(answered=Exists(answered))


def board_counts(exercise, now=None) -> dict:
    """Every count on the progress board, in one query."""
    conditions = _group_conditions(now or timezone.now())
    aggregates = {name: Count("pk", filter=condition) for name, condition in conditions.items()}
    aggregates["cases_opened"] = Count("pk", filter=Q(conduct_case__isnull=False))
    aggregates["total"] = Count("pk")
    return with_answered(exercise.accessors.all()).aggregate(**aggregates)


def board_group(exercise, name: str, now=None):
    """The accessors of one board group, with what the board shows of them."""
    condition = _group_conditions(now or timezone.now())[name]
    return (
        with_answered(exercise.accessors.all())
        .filter(condition)
        .select_related("person__force", "deadline", "conduct_case")
        .order_by("name", "id")
    )


def status_of(accessor, now=None) -> str:
    """The board group one accessor is in (the same rules as _group_conditions, for one row)."""
    now = now or timezone.now()
    answered = getattr(accessor, "answered", None)
    if answered is None:
        answered = response_for(accessor) is not None
    if accessor.excluded_reason:
        return "excluded"
    if accessor.set_aside_reason:
        return "set_aside"
    if accessor.assessment:
        return accessor.assessment
    if accessor.person_id is None:
        return "unmatched"
    if not accessor.letter_id:
        return "not_written"
    if answered:
        return "responded"
    return "overdue" if accessor.deadline.due_at < now else "awaiting"
