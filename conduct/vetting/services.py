"""The vetting route (Police (Vetting) Regulations 2025; docs/vetting.md): each step a workflow in
one transaction, refusing with every problem at once (`VettingRefused`), with its event on the case
timeline when the review has a case, its clocks (conduct/vetting/clock_rules.py) started and met,
and its letter to the officer through the outbox.

    open_review -> assess_severity -> (no withdrawal assessment: closed)
      -> give_notice -> record_representations | record_no_representations
      -> decide -> (kept: closed) | (modified, withdrawn: appeal period)
      -> lodge_appeal -> decide_appeal | close_appeal_period
      -> (withdrawal stands) record_dismissal -> closed (hooks.person_dismissed)

`Person.vetting_status` is written here and nowhere else: opened -> under review; kept or modified
-> cleared; withdrawn -> withdrawn; appeal allowed -> cleared (tests/conduct/vetting).
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from casework import deadlines as casework_deadlines
from casework.errors import Refused, refuse_all
from casework.models import Deadline, Person, VettingStatus
from casework.models.cases import EventKind
from casework.services import record_event
from conduct.cases import clocks, hooks
from conduct.vetting.clock_rules import VETTING_APPEAL, VETTING_DECISION, VETTING_REPRESENTATIONS
from conduct.vetting.letters import LEGAL_BASIS
from conduct.vetting.models import AppealOutcome, Decision, ReviewState, Trigger, VettingReview
from conduct.vetting.selectors import HOLDS_CLEARANCE
from notifications import outbox
from notifications.models import LetterKind

STATUS_AFTER = {Decision.KEPT: VettingStatus.CLEARED, Decision.MODIFIED: VettingStatus.CLEARED}


class VettingRefused(Refused):
    pass


def _day(value) -> str:
    return f"{value:%-d %B %Y}"


def _set_status(person: Person, status: str) -> None:
    """The one writer of Person.vetting_status (docs/vetting.md)."""
    Person.objects.filter(pk=person.pk).update(vetting_status=status, updated_at=timezone.now())
    person.vetting_status = status


def _event(review, summary, user, detail=""):
    if review.case_id:
        record_event(
            review.case,
            kind=EventKind.NOTE,
            summary=f"Vetting review of {review.person.full_name}: {summary}",
            actor=user,
            person=review.person,
            detail=detail,
        )


def _lock(review) -> VettingReview:
    return (
        VettingReview.objects.select_for_update(of=("self",)).select_related("person__force", "case").get(pk=review.pk)
    )


def _in_state(review, *states, doing: str):
    if review.state not in states:
        raise VettingRefused(f"The review is {review.get_state_display().lower()}: it cannot {doing} now.")


def _date_problems(value, field: str, label: str, *, not_before=None, before_label="") -> list:
    if value is None:
        return [(f"Enter the {label}.", field)]
    if value > timezone.localdate():
        return [(f"The {label} must be today or in the past.", field)]
    if not_before is not None and value < not_before:
        return [(f"The {label} cannot be before {before_label} ({_day(not_before)}).", field)]
    return []


# Clocks: a review's clocks belong to it (a scope, never the case: closing the case or concluding the
# proceedings stops the case's clocks, and the review outlives both) ------------------------------
def _start(code, review, user, starts_on):
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


def _open_clock(code, review):
    return Deadline.objects.open().filter(scope=review.scope, kind=code).first()


def _meet(code, review, user, on):
    deadline = _open_clock(code, review)
    if deadline is not None:
        casework_deadlines.meet_deadline(deadline=deadline, actor=user, on=on)


def _stop(code, review, user, reason):
    deadline = _open_clock(code, review)
    if deadline is not None:
        casework_deadlines.stop_deadline(deadline=deadline, actor=user, reason=reason, on_timeline=False)


def _letter(kind, review, user, key, extra):
    return outbox.compose_to_person(
        kind=kind,
        case=review.case,
        person=review.person,
        sender=user,
        idempotency_key=f"{key}:{review.pk}",
        actor=user,
        extra={**extra, "legal_basis": LEGAL_BASIS},
    )


# 1. Open ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Opening:
    reason: str
    trigger: str = Trigger.INFORMATION
    case: object = None
    proceedings: object = None
    opened_on: date | None = None


def _opening_problems(person, data: Opening) -> list:
    problems = []
    if person.person_type not in HOLDS_CLEARANCE:
        problems.append(
            (
                f"{person.full_name} is {person.get_person_type_display().lower()}: the Police (Vetting) "
                "Regulations 2025 review police officers' clearance only.",
                None,
            )
        )
    if person.left_service_on:
        problems.append((f"{person.full_name} has left the service: their clearance ended with it.", None))
    if VettingReview.objects.open().filter(person=person).exists():
        problems.append((f"A vetting review of {person.full_name} is already open.", None))
    if not data.reason.strip():
        problems.append(("Say why the review is opened: the information about their suitability.", "reason"))
    if data.trigger not in Trigger.values:
        problems.append(("Choose what triggered the review.", "trigger"))
    return problems


@transaction.atomic
def open_review(*, user, person: Person, data: Opening) -> VettingReview:
    person = Person.objects.select_for_update().get(pk=person.pk)
    refuse_all(_opening_problems(person, data), VettingRefused)
    review = VettingReview.objects.create(
        person=person,
        case=data.case,
        proceedings=data.proceedings,
        trigger=data.trigger,
        reason=data.reason.strip(),
        status_before=person.vetting_status,
        opened_on=data.opened_on or timezone.localdate(),
        opened_by=user,
    )
    _set_status(person, VettingStatus.UNDER_REVIEW)
    _event(review, "opened", user, detail=f"{review.get_trigger_display()}.\n\n{review.reason}")
    return review


def on_outcome(*, proceedings, user):
    """Proceedings just recorded a finding of misconduct or gross misconduct: a review of the
    officer's clearance opens (the trigger of DOMAIN.md "The lists, and vetting"), unless one is
    open already, the person holds no clearance (staff, a former officer), or the outcome is
    dismissal (their clearance ends when they cease to be an officer: Vetting Regs reg 6)."""
    from conduct.models import Finding, Outcome

    if proceedings.finding not in (Finding.MISCONDUCT, Finding.GROSS):
        return None
    if proceedings.outcome in (Outcome.DISMISSAL, Outcome.WOULD_HAVE_BEEN_DISMISSED):
        return None  # they leave the service, and their clearance ends with it (reg 6)
    subject = proceedings.subject
    person = subject.person
    if person.person_type not in HOLDS_CLEARANCE or person.left_service_on:
        return None
    if VettingReview.objects.open().filter(person=person).exists():
        return None
    return open_review(
        user=user,
        person=person,
        data=Opening(
            reason=f"{proceedings.get_finding_display()} in the proceedings on {subject.case.reference} "
            f"({proceedings.get_outcome_display() or 'outcome recorded'}).",
            trigger=Trigger.FINDING,
            case=subject.case,
            proceedings=proceedings,
        ),
    )


# 2. The severity assessment (reg 15) ------------------------------------------------------------
@transaction.atomic
def assess_severity(*, user, review, assessed_on: date, needed: bool, reasons: str) -> VettingReview:
    """Could the matter reasonably result in the withdrawal of clearance? If not, the review closes and
    the officer's vetting status is what it was before it opened."""
    review = _lock(review)
    _in_state(review, ReviewState.OPENED, doing="have its severity assessed")
    problems = _date_problems(
        assessed_on,
        "assessed_on",
        "date of the severity assessment",
        not_before=review.opened_on,
        before_label="the day the review opened",
    )
    if needed not in (True, False):
        problems.append(("Say whether there must be a withdrawal assessment.", "needed"))
    if not (reasons or "").strip():
        problems.append(("Give the reasons for the severity assessment.", "reasons"))
    refuse_all(problems, VettingRefused)
    review.severity_assessed_on, review.withdrawal_assessment = assessed_on, needed
    review.severity_reasons, review.severity_by = reasons.strip(), user
    if needed:
        review.state = ReviewState.ASSESSMENT
    else:
        review.state, review.closed_at = ReviewState.CLOSED, timezone.now()
        review.closing_note = "No withdrawal assessment: the matter could not reasonably result in withdrawal."
        _set_status(review.person, review.status_before or VettingStatus.NOT_KNOWN)
    review.save()
    words = "a withdrawal assessment follows" if needed else "no withdrawal assessment: review closed"
    _event(review, f"severity assessed on {_day(assessed_on)}: {words}", user, detail=review.severity_reasons)
    return review


# 3. Notice -------------------------------------------------------------------------------------
@transaction.atomic
def give_notice(*, user, review: VettingReview, given_on: date) -> VettingReview:
    review = _lock(review)
    _in_state(review, ReviewState.ASSESSMENT, doing="give notice")
    refuse_all(
        _date_problems(
            given_on,
            "given_on",
            "date the notice was given",
            not_before=review.severity_assessed_on,
            before_label="the severity assessment",
        ),
        VettingRefused,
    )
    review.notice_given_on, review.notice_given_by = given_on, user
    review.state = ReviewState.NOTICE_GIVEN
    deadline = _start(VETTING_REPRESENTATIONS, review, user, given_on)
    review.representations_due_on = deadline.due_on if deadline else None
    review.save()
    _letter(
        LetterKind.VETTING_NOTICE,
        review,
        user,
        "vetting-notice",
        {"reason": review.reason, "representations_due_on": review.representations_due_on or ""},
    )
    due = f"; representations due by {_day(review.representations_due_on)}" if review.representations_due_on else ""
    _event(review, f"notice given on {_day(given_on)}{due}", user)
    return review


# 4. Representations, or the time for them passing ----------------------------------------------
@transaction.atomic
def record_representations(*, user, review, received_on: date, summary: str) -> VettingReview:
    review = _lock(review)
    _in_state(review, ReviewState.NOTICE_GIVEN, doing="record representations")
    problems = _date_problems(
        received_on,
        "received_on",
        "date the representations were received",
        not_before=review.notice_given_on,
        before_label="the notice",
    )
    if not (summary or "").strip():
        problems.append(("Summarise the officer's representations.", "summary"))
    refuse_all(problems, VettingRefused)
    review.representations_on, review.representations = received_on, summary.strip()
    review.state = ReviewState.AWAITING_DECISION
    review.save()
    _meet(VETTING_REPRESENTATIONS, review, user, received_on)
    _start(VETTING_DECISION, review, user, received_on)
    _event(review, f"representations received on {_day(received_on)}", user, detail=review.representations)
    return review


@transaction.atomic
def record_no_representations(*, user, review) -> VettingReview:
    review = _lock(review)
    _in_state(review, ReviewState.NOTICE_GIVEN, doing="record that no representations came")
    today = timezone.localdate()
    if review.representations_due_on and today <= review.representations_due_on:
        raise VettingRefused(
            f"The officer has until {_day(review.representations_due_on)} to make representations: "
            "wait until that day has passed."
        )
    review.no_representations, review.representations_on = True, today
    review.state = ReviewState.AWAITING_DECISION
    review.save()
    _stop(VETTING_REPRESENTATIONS, review, user, "The time for representations passed without any.")
    _start(VETTING_DECISION, review, user, today)
    _event(review, "the time for representations passed without any", user)
    return review


# 5. The decision -------------------------------------------------------------------------------
@dataclass(frozen=True)
class DecisionInput:
    decision: str
    reasons: str
    decided_on: date
    restrictions: str = ""


def _preparers(review) -> set:
    return {review.opened_by_id, review.notice_given_by_id} - {None}


def _decision_problems(user, review, data: DecisionInput) -> list:
    problems = []
    if user.pk in _preparers(review):
        problems.append(("You opened or prepared this review: another appropriate authority must decide it.", None))
    if data.decision not in Decision.values:
        problems.append(("Choose the decision.", "decision"))
    if not (data.reasons or "").strip():
        problems.append(("Give the reasons for the decision.", "reasons"))
    if data.decision == Decision.MODIFIED and not (data.restrictions or "").strip():
        problems.append(("State the restrictions on the modified clearance.", "restrictions"))
    if data.decision != Decision.MODIFIED and (data.restrictions or "").strip():
        problems.append(("Restrictions go with a modified clearance only.", "restrictions"))
    problems += _date_problems(
        data.decided_on,
        "decided_on",
        "date of the decision",
        not_before=review.representations_on,
        before_label="the representations or the end of their time",
    )
    return problems


@transaction.atomic
def decide(*, user, review, data: DecisionInput) -> VettingReview:
    review = _lock(review)
    _in_state(review, ReviewState.AWAITING_DECISION, doing="be decided")
    refuse_all(_decision_problems(user, review, data), VettingRefused)
    review.decision, review.decision_reasons = data.decision, data.reasons.strip()
    review.restrictions = (data.restrictions or "").strip()
    review.decided_on, review.decided_by = data.decided_on, user
    _meet(VETTING_DECISION, review, user, data.decided_on)
    if data.decision == Decision.KEPT:  # nothing to appeal against
        review.state, review.closed_at = ReviewState.CLOSED, timezone.now()
        review.closing_note = "Clearance kept."
    else:
        review.state = ReviewState.DECIDED
        deadline = _start(VETTING_APPEAL, review, user, data.decided_on)
        review.appeal_due_on = deadline.due_on if deadline else None
    review.save()
    _set_status(review.person, STATUS_AFTER.get(data.decision, VettingStatus.WITHDRAWN))
    _letter(
        LetterKind.VETTING_DECISION,
        review,
        user,
        "vetting-decision",
        {
            "decision": review.get_decision_display(),
            "withdrawn": data.decision == Decision.WITHDRAWN,
            "restrictions": review.restrictions,
            "reasons": review.decision_reasons,
            "decided_on": data.decided_on,
            "appeal_due_on": review.appeal_due_on or "",
        },
    )
    _event(
        review,
        f"{review.get_decision_display().lower()} on {_day(data.decided_on)}",
        user,
        detail=f"{review.decision_reasons}\n\n{review.restrictions}".strip(),
    )
    return review


# 6. The appeal ---------------------------------------------------------------------------------
@transaction.atomic
def lodge_appeal(*, user, review, lodged_on: date, grounds: str, late_reason: str = "") -> VettingReview:
    review = _lock(review)
    _in_state(review, ReviewState.DECIDED, doing="take an appeal")
    problems = _date_problems(
        lodged_on,
        "lodged_on",
        "date the notice of appeal was given",
        not_before=review.decided_on,
        before_label="the decision",
    )
    if not (grounds or "").strip():
        problems.append(("Give the grounds of appeal.", "grounds"))
    late = bool(lodged_on and review.appeal_due_on and lodged_on > review.appeal_due_on)
    if late and not (late_reason or "").strip():
        problems.append(
            (
                f"The period for appealing ended on {_day(review.appeal_due_on)}: give the reason the late "
                "notice is accepted.",
                "late_reason",
            )
        )
    refuse_all(problems, VettingRefused)
    review.appeal_lodged_on, review.appeal_grounds = lodged_on, grounds.strip()
    if late:
        review.appeal_grounds += f"\n\nAccepted late: {late_reason.strip()}"
    review.state = ReviewState.APPEALED
    review.save()
    _meet(VETTING_APPEAL, review, user, lodged_on)
    _event(review, f"appeal lodged on {_day(lodged_on)}", user, detail=review.appeal_grounds)
    return review


def _after_final(review):
    """The decision stands for good: a withdrawal goes on to dismissal, anything else closes."""
    if review.decision == Decision.WITHDRAWN:
        review.state = ReviewState.DISMISSAL_DUE
    else:
        review.state, review.closed_at = ReviewState.CLOSED, timezone.now()


@transaction.atomic
def decide_appeal(*, user, review, outcome: str, reasons: str, decided_on: date) -> VettingReview:
    review = _lock(review)
    _in_state(review, ReviewState.APPEALED, doing="have its appeal decided")
    problems = []
    if user.pk in _preparers(review) | {review.decided_by_id}:
        problems.append(("You opened, prepared or decided this review: someone else must hear the appeal.", None))
    if outcome not in AppealOutcome.values:
        problems.append(("Choose the result of the appeal.", "outcome"))
    if not (reasons or "").strip():
        problems.append(("Give the reasons for the result of the appeal.", "reasons"))
    problems += _date_problems(
        decided_on, "decided_on", "date of the result", not_before=review.appeal_lodged_on, before_label="the appeal"
    )
    refuse_all(problems, VettingRefused)
    review.appeal_outcome, review.appeal_reasons = outcome, reasons.strip()
    review.appeal_decided_on, review.appeal_decided_by = decided_on, user
    if outcome == AppealOutcome.ALLOWED:
        review.state, review.closed_at = ReviewState.CLOSED, timezone.now()
        review.closing_note = "Appeal allowed: clearance restored."
        _set_status(review.person, VettingStatus.CLEARED)
        stands = "Clearance kept"
    else:
        _after_final(review)
        stands = review.get_decision_display()
    review.save()
    _letter(
        LetterKind.VETTING_APPEAL_RESULT,
        review,
        user,
        "vetting-appeal-result",
        {
            "result": review.get_appeal_outcome_display(),
            "decision": stands,
            "reasons": review.appeal_reasons,
            "decided_on": decided_on,
        },
    )
    _event(
        review,
        f"{review.get_appeal_outcome_display().lower()} ({_day(decided_on)})",
        user,
        detail=review.appeal_reasons,
    )
    return review


@transaction.atomic
def close_appeal_period(*, user, review) -> VettingReview:
    """The period for appealing ended without a notice of appeal: the decision stands."""
    review = _lock(review)
    _in_state(review, ReviewState.DECIDED, doing="close its appeal period")
    if review.appeal_due_on and timezone.localdate() <= review.appeal_due_on:
        raise VettingRefused(f"The officer may appeal until {_day(review.appeal_due_on)}: wait until it has passed.")
    _stop(VETTING_APPEAL, review, user, "The period for appealing ended without a notice of appeal.")
    _after_final(review)
    review.save()
    _event(review, "no appeal within the period: the decision stands", user)
    return review


# 7. Withdrawal that stands -> dismissal --------------------------------------------------------
@transaction.atomic
def record_dismissal(*, user, review, dismissed_on: date, reasons: str) -> VettingReview:
    review = _lock(review)
    _in_state(review, ReviewState.DISMISSAL_DUE, doing="record a dismissal")
    problems = _date_problems(
        dismissed_on,
        "dismissed_on",
        "date of the dismissal",
        not_before=review.appeal_decided_on or review.decided_on,
        before_label="the final decision",
    )
    if not (reasons or "").strip():
        problems.append(("Record the dismissal's reasons and who decided it.", "reasons"))
    refuse_all(problems, VettingRefused)
    review.dismissed_on, review.dismissal_reasons, review.dismissed_by = dismissed_on, reasons.strip(), user
    review.state, review.closed_at = ReviewState.CLOSED, timezone.now()
    review.closing_note = "Dismissed after the withdrawal of vetting clearance."
    review.save()
    _event(review, f"dismissed on {_day(dismissed_on)} (clearance withdrawn)", user, detail=review.dismissal_reasons)
    # The Barred List report (conduct/lists) and any other receiver act on it, in this transaction.
    hooks.person_dismissed(
        person=review.person, on=dismissed_on, user=user, case=review.case, route="vetting", source=review
    )
    return review
