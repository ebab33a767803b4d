"""What every step of the vetting route shares (conduct/vetting/services.py and appeals.py): the
refusal, the one writer of Person.vetting_status, the timeline event, the row lock, the date checks,
the review's clocks (scoped to the review) and its letters."""

from django.utils import timezone

from casework import deadlines as casework_deadlines
from casework.errors import Refused
from casework.models import Deadline, Person
from casework.models.cases import EventKind
from casework.services import record_event
from conduct.cases import clocks
from conduct.vetting.letters import LEGAL_BASIS
from conduct.vetting.models import VettingReview
from notifications import outbox


class VettingRefused(Refused):
    pass


def day(value) -> str:
    return f"{value:%-d %B %Y}"


def set_status(person: Person, status: str) -> None:
    """The one writer of Person.vetting_status (docs/vetting.md)."""
    Person.objects.filter(pk=person.pk).update(vetting_status=status, updated_at=timezone.now())
    person.vetting_status = status


def event(review, summary, user, detail=""):
    if review.case_id:
        record_event(
            review.case,
            kind=EventKind.NOTE,
            summary=f"Vetting review of {review.person.full_name}: {summary}",
            actor=user,
            person=review.person,
            detail=detail,
        )


def lock(review) -> VettingReview:
    return (
        VettingReview.objects.select_for_update(of=("self",)).select_related("person__force", "case").get(pk=review.pk)
    )


def in_state(review, *states, doing: str):
    if review.state not in states:
        raise VettingRefused(f"The review is {review.get_state_display().lower()}: it cannot {doing} now.")


def date_problems(value, field: str, label: str, *, not_before=None, before_label="") -> list:
    if value is None:
        return [(f"Enter the {label}.", field)]
    if value > timezone.localdate():
        return [(f"The {label} must be today or in the past.", field)]
    if not_before is not None and value < not_before:
        return [(f"The {label} cannot be before {before_label} ({day(not_before)}).", field)]
    return []


# Clocks: a review's clocks belong to it (a scope, never the case: closing the case or concluding the
# proceedings stops the case's clocks, and the review outlives both) ------------------------------
def start_clock(code, review, user, starts_on):
    rule = clocks.rule_for(code)
    if not rule.active:
        return None
    return casework_deadlines.start_deadline(
        case=None,
        scope=review.scope,
        about=str(review),
        about_url=review.get_absolute_url(),
        kind=code,
        label=rule.name,
        owner=user,
        starts_on=starts_on,
        due_on=clocks.compute_due(rule.amount, rule.unit, starts_on),
        person=review.person,
        actor=user,
        source_rule=rule.snapshot(),
    )


def open_clock(code, review):
    return Deadline.objects.open().filter(scope=review.scope, kind=code).first()


def meet_clock(code, review, user, on):
    deadline = open_clock(code, review)
    if deadline is not None:
        casework_deadlines.meet_deadline(deadline=deadline, actor=user, on=on)


def stop_clock(code, review, user, reason):
    deadline = open_clock(code, review)
    if deadline is not None:
        casework_deadlines.stop_deadline(deadline=deadline, actor=user, reason=reason, on_timeline=False)


def letter(kind, review, user, key, extra):
    return outbox.compose_to_person(
        kind=kind,
        case=review.case,
        person=review.person,
        sender=user,
        idempotency_key=f"{key}:{review.pk}",
        actor=user,
        extra={**extra, "legal_basis": LEGAL_BASIS},
    )
