"""The vetting route after the decision (docs/vetting.md): the appeal, heard by someone who neither
prepared nor decided the review; the period for appealing ending without one; and, when a withdrawal
stands, the dismissal, which fires hooks.person_dismissed. One transaction each."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from casework.errors import refuse_all
from casework.models import VettingStatus
from conduct.cases import hooks
from conduct.vetting.clock_rules import VETTING_APPEAL
from conduct.vetting.models import AppealOutcome, Decision, ReviewState, VettingReview
from conduct.vetting.services import preparers
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
    stop_clock,
)
from notifications.models import LetterKind


# The appeal ---------------------------------------------------------------------------------
@transaction.atomic
def lodge_appeal(*, user, review, lodged_on: date, grounds: str, late_reason: str = "") -> VettingReview:
    review = lock(review)
    in_state(review, ReviewState.DECIDED, doing="take an appeal")
    problems = date_problems(
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
                f"The period for appealing ended on {day(review.appeal_due_on)}: give the reason the late "
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
    meet_clock(VETTING_APPEAL, review, user, lodged_on)
    event(review, f"appeal lodged on {day(lodged_on)}", user, detail=review.appeal_grounds)
    return review


def _after_final(review):
    """The decision stands for good: a withdrawal goes on to dismissal, anything else closes."""
    if review.decision == Decision.WITHDRAWN:
        review.state = ReviewState.DISMISSAL_DUE
    else:
        review.state, review.closed_at = ReviewState.CLOSED, timezone.now()


@transaction.atomic
def decide_appeal(*, user, review, outcome: str, reasons: str, decided_on: date) -> VettingReview:
    review = lock(review)
    in_state(review, ReviewState.APPEALED, doing="have its appeal decided")
    problems = []
    if user.pk in preparers(review) | {review.decided_by_id}:
        problems.append(("You opened, prepared or decided this review: someone else must hear the appeal.", None))
    if outcome not in AppealOutcome.values:
        problems.append(("Choose the result of the appeal.", "outcome"))
    if not (reasons or "").strip():
        problems.append(("Give the reasons for the result of the appeal.", "reasons"))
    problems += date_problems(
        decided_on, "decided_on", "date of the result", not_before=review.appeal_lodged_on, before_label="the appeal"
    )
    refuse_all(problems, VettingRefused)
    review.appeal_outcome, review.appeal_reasons = outcome, reasons.strip()
    review.appeal_decided_on, review.appeal_decided_by = decided_on, user
    if outcome == AppealOutcome.ALLOWED:
        review.state, review.closed_at = ReviewState.CLOSED, timezone.now()
        review.closing_note = "Appeal allowed: clearance restored."
        set_status(review.person, VettingStatus.CLEARED)
        stands = "Clearance kept"
    else:
        _after_final(review)
        stands = review.get_decision_display()
    review.save()
    letter(
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
    event(
        review,
        f"{review.get_appeal_outcome_display().lower()} ({day(decided_on)})",
        user,
        detail=review.appeal_reasons,
    )
    return review


@transaction.atomic
def close_appeal_period(*, user, review) -> VettingReview:
    """The period for appealing ended without a notice of appeal: the decision stands."""
    review = lock(review)
    in_state(review, ReviewState.DECIDED, doing="close its appeal period")
    if review.appeal_due_on and timezone.localdate() <= review.appeal_due_on:
        raise VettingRefused(f"The officer may appeal until {day(review.appeal_due_on)}: wait until it has passed.")
    stop_clock(VETTING_APPEAL, review, user, "The period for appealing ended without a notice of appeal.")
    _after_final(review)
    review.save()
    event(review, "no appeal within the period: the decision stands", user)
    return review


# Withdrawal that stands -> dismissal --------------------------------------------------------
@transaction.atomic
def record_dismissal(*, user, review, dismissed_on: date, reasons: str) -> VettingReview:
    review = lock(review)
    in_state(review, ReviewState.DISMISSAL_DUE, doing="record a dismissal")
    problems = date_problems(
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
    event(review, f"dismissed on {day(dismissed_on)} (clearance withdrawn)", user, detail=review.dismissal_reasons)
    # The Barred List report (conduct/lists) and any other receiver act on it, in this transaction.
    hooks.person_dismissed(
        person=review.person, on=dismissed_on, user=user, case=review.case, route="vetting", source=review
    )
    return review
