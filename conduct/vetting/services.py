"""The vetting route (Police (Vetting) Regulations 2025; docs/vetting.md): each step a workflow in
one transaction, refusing with every problem at once (`VettingRefused`), with its event on the case
timeline when the review has a case, its clocks (conduct/vetting/clock_rules.py) started and met,
and its letter to the officer through the outbox.

    open_review -> assess_severity -> (no withdrawal assessment: closed)
      -> give_notice -> record_representations | record_no_representations
      -> decide -> (kept: closed) | (modified, withdrawn: appeal period)
      -> (conduct/vetting/appeals.py) lodge_appeal -> decide_appeal | close_appeal_period
      -> (withdrawal stands) record_dismissal -> closed (hooks.person_dismissed)

`Person.vetting_status` is written by these services (steps.set_status) and nowhere else: opened ->
under review; kept or modified -> cleared; withdrawn -> withdrawn; appeal allowed -> cleared; no
withdrawal assessment -> as before the review (tests/conduct/vetting).
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from casework.errors import refuse_all
from casework.models import Person, VettingStatus
from conduct.vetting.clock_rules import VETTING_APPEAL, VETTING_DECISION, VETTING_REPRESENTATIONS
from conduct.vetting.models import Decision, ReviewState, Trigger, VettingReview
from conduct.vetting.selectors import HOLDS_CLEARANCE
from conduct.vetting.steps import (
    VettingRefused,
    date_problems,
    day,
    event,
    in_state,
    letter,
    lock,
    meet_clock,
    set_status,
    start_clock,
    stop_clock,
)
from notifications.models import LetterKind

STATUS_AFTER = {Decision.KEPT: VettingStatus.CLEARED, Decision.MODIFIED: VettingStatus.CLEARED}


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
    set_status(person, VettingStatus.UNDER_REVIEW)
    event(review, "opened", user, detail=f"{review.get_trigger_display()}.\n\n{review.reason}")
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
    review = lock(review)
    in_state(review, ReviewState.OPENED, doing="have its severity assessed")
    problems = date_problems(
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
        set_status(review.person, review.status_before or VettingStatus.NOT_KNOWN)
    review.save()
    words = "a withdrawal assessment follows" if needed else "no withdrawal assessment: review closed"
    event(review, f"severity assessed on {day(assessed_on)}: {words}", user, detail=review.severity_reasons)
    return review


# 3. Notice -------------------------------------------------------------------------------------
@transaction.atomic
def give_notice(*, user, review: VettingReview, given_on: date) -> VettingReview:
    review = lock(review)
    in_state(review, ReviewState.ASSESSMENT, doing="give notice")
    refuse_all(
        date_problems(
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
    deadline = start_clock(VETTING_REPRESENTATIONS, review, user, given_on)
    review.representations_due_on = deadline.due_on if deadline else None
    review.save()
    letter(
        LetterKind.VETTING_NOTICE,
        review,
        user,
        "vetting-notice",
        {"reason": review.reason, "representations_due_on": review.representations_due_on or ""},
    )
    due = f"; representations due by {day(review.representations_due_on)}" if review.representations_due_on else ""
    event(review, f"notice given on {day(given_on)}{due}", user)
    return review


# 4. Representations, or the time for them passing ----------------------------------------------
@transaction.atomic
def record_representations(*, user, review, received_on: date, summary: str) -> VettingReview:
    review = lock(review)
    in_state(review, ReviewState.NOTICE_GIVEN, doing="record representations")
    problems = date_problems(
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
    meet_clock(VETTING_REPRESENTATIONS, review, user, received_on)
    start_clock(VETTING_DECISION, review, user, received_on)
    event(review, f"representations received on {day(received_on)}", user, detail=review.representations)
    return review


@transaction.atomic
def record_no_representations(*, user, review) -> VettingReview:
    review = lock(review)
    in_state(review, ReviewState.NOTICE_GIVEN, doing="record that no representations came")
    today = timezone.localdate()
    if review.representations_due_on and today <= review.representations_due_on:
        raise VettingRefused(
            f"The officer has until {day(review.representations_due_on)} to make representations: "
            "wait until that day has passed."
        )
    review.no_representations, review.representations_on = True, today
    review.state = ReviewState.AWAITING_DECISION
    review.save()
    stop_clock(VETTING_REPRESENTATIONS, review, user, "The time for representations passed without any.")
    start_clock(VETTING_DECISION, review, user, today)
    event(review, "the time for representations passed without any", user)
    return review


# 5. The decision -------------------------------------------------------------------------------
@dataclass(frozen=True)
class DecisionInput:
    decision: str
    reasons: str
    decided_on: date
    restrictions: str = ""


def preparers(review) -> set:
    """Who opened or prepared the review: none of them decides it."""
    return {review.opened_by_id, review.notice_given_by_id} - {None}


def _decision_problems(user, review, data: DecisionInput) -> list:
    problems = []
    if user.pk in preparers(review):
        problems.append(("You opened or prepared this review: another appropriate authority must decide it.", None))
    if data.decision not in Decision.values:
        problems.append(("Choose the decision.", "decision"))
    if not (data.reasons or "").strip():
        problems.append(("Give the reasons for the decision.", "reasons"))
    if data.decision == Decision.MODIFIED and not (data.restrictions or "").strip():
        problems.append(("State the restrictions on the modified clearance.", "restrictions"))
    if data.decision != Decision.MODIFIED and (data.restrictions or "").strip():
        problems.append(("Restrictions go with a modified clearance only.", "restrictions"))
    problems += date_problems(
        data.decided_on,
        "decided_on",
        "date of the decision",
        not_before=review.representations_on,
        before_label="the representations or the end of their time",
    )
    return problems


@transaction.atomic
def decide(*, user, review, data: DecisionInput) -> VettingReview:
    review = lock(review)
    in_state(review, ReviewState.AWAITING_DECISION, doing="be decided")
    refuse_all(_decision_problems(user, review, data), VettingRefused)
    review.decision, review.decision_reasons = data.decision, data.reasons.strip()
    review.restrictions = (data.restrictions or "").strip()
    review.decided_on, review.decided_by = data.decided_on, user
    meet_clock(VETTING_DECISION, review, user, data.decided_on)
    if data.decision == Decision.KEPT:  # nothing to appeal against
        review.state, review.closed_at = ReviewState.CLOSED, timezone.now()
        review.closing_note = "Clearance kept."
    else:
        review.state = ReviewState.DECIDED
        deadline = start_clock(VETTING_APPEAL, review, user, data.decided_on)
        review.appeal_due_on = deadline.due_on if deadline else None
    review.save()
    set_status(review.person, STATUS_AFTER.get(data.decision, VettingStatus.WITHDRAWN))
    letter(
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
    event(
        review,
        f"{review.get_decision_display().lower()} on {day(data.decided_on)}",
        user,
        detail=f"{review.decision_reasons}\n\n{review.restrictions}".strip(),
    )
    return review
