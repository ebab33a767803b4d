"""The complainant's rights, as workflows (docs/rules.md, "The complainant"): each locks the case,
writes its record, its letter (through the outbox) and its clocks in one transaction, and puts
itself on the timeline. The review body rule is conduct.complaints.review_body.

Clocks (ClockRule rows, seeded by migration): `complainant_update` (C&M Regs 2020 reg 34(2)(a):
the complainant is told of progress within four weeks of the start of the handling and of each
previous notification) from recording, met and restarted by each update, stopped when the
outcome letter goes; `complainant_outcome_notice` (reg 34(2)(b), (4): the outcome and the right
of review within five working days) from the outcome's recording to its letter;
`complainant_review` (reg 29(2): 28 days starting with the day after the letter) from the letter,
met by the application; `review_recommendation_response` from the review's recommendations to
the force's response."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from casework import services as casework_services
from casework.errors import Refused
from casework.models import ComplainantContact
from casework.models.cases import EventKind
from conduct.cases import clocks, routes
from conduct.complaints import review_body
from conduct.complaints.models import (
    ComplaintOutcome,
    ComplaintReview,
    OutcomeState,
    ReviewBody,
    ReviewBodyContact,
    ReviewResult,
)
from notifications import outbox
from notifications.models import LetterKind

UPDATE = "complainant_update"
OUTCOME_NOTICE = "complainant_outcome_notice"
REVIEW = "complainant_review"
RECOMMENDATIONS = "review_recommendation_response"

REVIEW_BASIS = {
    "otherwise": "Police Reform Act 2002, Schedule 3, paragraph 6A",
    "investigation": "Police Reform Act 2002, Schedule 3, paragraph 25",
}


class ComplaintRefused(Refused):
    """The complainant workflow cannot do this now; the message says why."""


class NoContact(ComplaintRefused):
    """No way to reach the complainant is recorded."""


def _lock(case):
    case = casework_services.lock_case(case, refused=ComplaintRefused)
    if not routes.is_complaint(case):
        raise ComplaintRefused("This case is not a complaint: it has no complainant to write to.")
    return case


def _contact(case):
    return ComplainantContact.objects.filter(case=case).first()


def _write(kind, *, case, user, key, extra, approved_by=None):
    """A letter to the complainant at the email address held (none: it waits to be printed and
    posted to the address held). With neither, there is no one to write to: refused."""
    contact = _contact(case)
    if contact is None or not (contact.email or contact.address.strip()):
        raise NoContact("No email or postal address is held for the complainant. Add one to the case first.")
    return outbox.compose(
        kind=kind,
        case=case,
        recipient_name=case.complainant_name or "The complainant",
        recipient_email=contact.email,
        recipient_address=contact.address.strip(),
        sender=user,
        idempotency_key=key,
        actor=user,
        extra=extra,
        approved_by=approved_by,
    )


def _start(code, case, user, starts_on=None):
    return clocks.start_clock(
        code, case=case, owner=clocks.owner_for(case, user), starts_on=starts_on or timezone.localdate(), actor=user
    )


def _next_update_by(case):
    deadline = case.deadlines.open().filter(kind=UPDATE).first()
    return deadline.due_on if deadline else None


# 1. Acknowledgement (the case_recorded hook) ------------------------------------------------
def on_case_recorded(*, case, user, **_):
    """A complaint was recorded: start the update clock and acknowledge it to the complainant."""
    if not routes.is_complaint(case):
        return
    received_on = case._meta.get_field("received_on").to_python(case.received_on)
    deadline = _start(UPDATE, case, user)  # reg 34(2)(a): four weeks from the start of the handling
    rule = clocks.rule_for(UPDATE)
    contact = _contact(case)
    if contact is None or not (contact.email or contact.address.strip()):
        # An anonymous complaint, or one with no contact details yet: nothing to send; the
        # update clock still runs, so the missing contact is chased.
        casework_services.record_event(
            case,
            kind=EventKind.CORRESPONDENCE,
            summary="Complaint not acknowledged: no email or postal address held for the complainant",
            actor=user,
        )
        return
    letter = _write(
        LetterKind.COMPLAINT_ACKNOWLEDGEMENT,
        case=case,
        user=user,
        key=f"complaint-acknowledgement:{case.pk}",
        extra={
            "received_on": received_on,
            "legal_basis": routes.MATTER_BASIS[routes.route_of(case).matter_type],
            "update_interval": rule.describe.lower(),
            "next_update_by": deadline.due_on if deadline else None,
        },
    )
    casework_services.record_event(
        case,
        kind=EventKind.CORRESPONDENCE,
        summary=f"Complaint acknowledged to {letter.recipient_name}"
        + ("" if letter.recipient_email else ": no email address, to print and post"),
        actor=user,
    )


# 2. Updates ----------------------------------------------------------------------------------
@transaction.atomic
def send_update(*, user, case, text: str):
    """The investigator's update to the complainant: meets the update clock and starts the next."""
    case = _lock(case)
    text = (text or "").strip()
    if not text:
        raise ComplaintRefused("Write the update for the complainant.", field="text")
    if ComplaintOutcome.objects.filter(case=case, state=OutcomeState.APPROVED).exists():
        raise ComplaintRefused("The outcome letter has gone: the complainant has been told the outcome.")
    today = timezone.localdate()
    clocks.meet_clock(UPDATE, case=case, actor=user, on=today)
    deadline = _start(UPDATE, case, user, starts_on=today)
    count = case.correspondence.filter(kind=LetterKind.COMPLAINT_UPDATE).count()
    letter = _write(
        LetterKind.COMPLAINT_UPDATE,
        case=case,
        user=user,
        key=f"complaint-update:{case.pk}:{count + 1}",
        extra={"update_text": text, "next_update_by": deadline.due_on if deadline else None},
    )
    outbox.record_written(letter, actor=user)
    return letter


# 3. The outcome and the letter with the right of review ---------------------------------------
def computed_review_body(case, *, proceedings_not_excluded: bool) -> review_body.Decision:
    return review_body.decide(review_body.facts_for(case, proceedings_not_excluded=proceedings_not_excluded))


@transaction.atomic
def record_outcome(
    *,
    user,
    case,
    findings: str,
    outcome: str,
    action: str = "",
    proceedings_not_excluded: bool = False,
    chosen_body: str = "",
    override_reason: str = "",
) -> ComplaintOutcome:
    """The investigator records (or, until it is approved, amends) the outcome and the review body:
    the rule's, or another with a reason. Starts the five-working-day outcome notice clock."""
    case = _lock(case)
    route = routes.route_of(case)
    if route.handling == "undecided":
        raise ComplaintRefused("Record how the complaint is handled before its outcome.")
    findings, outcome, action = (findings or "").strip(), (outcome or "").strip(), (action or "").strip()
    override_reason = (override_reason or "").strip()
    if not findings:
        raise ComplaintRefused("Say what was found.", field="findings")
    if not outcome:
        raise ComplaintRefused("Give the outcome of the handling of the complaint.", field="outcome")
    decision = computed_review_body(case, proceedings_not_excluded=proceedings_not_excluded)
    body = chosen_body or decision.body
    if body not in ReviewBody.values:
        raise ComplaintRefused("Choose the review body.", field="chosen_body")
    if body != decision.body and not override_reason:
        raise ComplaintRefused(
            f"The rule gives {ReviewBody(decision.body).label}: give the reason for choosing another body.",
            field="override_reason",
        )
    current = ComplaintOutcome.objects.select_for_update().filter(case=case).first()
    if current is not None and current.state == OutcomeState.APPROVED:
        raise ComplaintRefused("The outcome has been approved and its letter written; it can no longer change.")
    record = current or ComplaintOutcome(case=case)
    record.findings, record.outcome, record.action = findings, outcome, action
    record.proceedings_not_excluded = proceedings_not_excluded
    record.review_body, record.review_body_computed = body, decision.body
    record.review_body_grounds = decision.grounds_text
    record.override_reason = override_reason if body != decision.body else ""
    record.recorded_by, record.recorded_at = user, timezone.now()
    record.save()
    if current is None:
        _start(OUTCOME_NOTICE, case, user)
    casework_services.record_event(
        case,
        kind=EventKind.NOTE,
        summary=("Complaint outcome amended" if current else "Complaint outcome recorded")
        + f": review by {ReviewBody(body).label}",
        detail=record.override_reason,
        actor=user,
    )
    return record


def _review_body_context(body: str) -> dict:
    contact = ReviewBodyContact.objects.filter(body=body).first()
    if contact is None:
        return {"name": ReviewBody(body).label, "how_to_apply": ""}
    return {"name": contact.name, "how_to_apply": contact.how_to_apply}


@transaction.atomic
def approve_outcome(*, user, case) -> ComplaintOutcome:
    """An appropriate authority (not the recorder) approves the outcome: the letter is written and
    queued at once, so the review period runs from today (reg 29(2)); the update clock stops."""
    case = _lock(case)
    record = ComplaintOutcome.objects.select_for_update().filter(case=case).first()
    if record is None:
        raise ComplaintRefused("No outcome has been recorded yet.")
    if record.state == OutcomeState.APPROVED:
        raise ComplaintRefused("The outcome has already been approved.")
    if record.recorded_by_id == user.pk:
        raise ComplaintRefused("You recorded this outcome. Another appropriate authority must approve it.")
    today = timezone.localdate()
    review_due_on = clocks.due_for(REVIEW, today) if record.has_review_right else None
    route = routes.route_of(case)
    letter = _write(
        LetterKind.COMPLAINT_OUTCOME,
        case=case,
        user=record.recorded_by,
        key=f"complaint-outcome:{record.pk}",
        approved_by=user,
        extra={
            "findings": record.findings,
            "outcome": record.outcome,
            "action": record.action,
            "has_review_right": record.has_review_right,
            "review_basis": REVIEW_BASIS.get(route.handling, "") if record.has_review_right else "",
            "review_body": _review_body_context(record.review_body),
            "response_due_on": review_due_on,
        },
    )
    record.state, record.approved_by, record.approved_at = OutcomeState.APPROVED, user, timezone.now()
    record.letter, record.review_due_on = letter, review_due_on
    record.save(update_fields=["state", "approved_by", "approved_at", "letter", "review_due_on"])
    clocks.meet_clock(OUTCOME_NOTICE, case=case, actor=user, on=today)
    clocks.stop_clock(UPDATE, case=case, actor=user, reason="The outcome letter has gone to the complainant.")
    if record.has_review_right:
        _start(REVIEW, case, user, starts_on=today)
    casework_services.record_event(
        case,
        kind=EventKind.CORRESPONDENCE,
        summary=f"Complaint outcome approved; letter to {letter.recipient_name} written"
        + (f", review application due by {review_due_on:%-d %B %Y}" if review_due_on else ", no right of review"),
        actor=user,
    )
    return record


# 4. The review --------------------------------------------------------------------------------
def _approved_outcome(case) -> ComplaintOutcome:
    record = ComplaintOutcome.objects.select_for_update().filter(case=case, state=OutcomeState.APPROVED).first()
    if record is None:
        raise ComplaintRefused("The outcome letter has not gone yet: there is nothing to review.")
    if not record.has_review_right:
        raise ComplaintRefused("This outcome carries no right of review.")
    return record


def link_application(record: ComplaintOutcome):
    """The complainant's answer through the outcome letter's response link, if any."""
    from notifications.models import OfficerResponse

    if record.letter_id is None:
        return None
    return OfficerResponse.objects.filter(correspondence_id=record.letter_id).first()


@transaction.atomic
def record_application(*, user, case, applied_on=None, how: str = "") -> ComplaintReview:
    """The complainant applied for a review: through the link (found here) or another way (`how`)."""
    case = _lock(case)
    record = _approved_outcome(case)
    if ComplaintReview.objects.filter(outcome=record).exists():
        raise ComplaintRefused("The application for a review is already recorded.")
    answer = link_application(record)
    how = (how or "").strip()
    if answer is None and not how:
        raise ComplaintRefused("Say how the complainant applied (the link has not been used).", field="how")
    applied_on = applied_on or (timezone.localdate(answer.received_at) if answer else timezone.localdate())
    review = ComplaintReview.objects.create(
        outcome=record,
        case=case,
        applied_on=applied_on,
        application=answer,
        how_applied=how or "Through the secure link in the outcome letter.",
        recorded_by=user,
    )
    clocks.meet_clock(REVIEW, case=case, actor=user, on=applied_on)
    casework_services.record_event(
        case,
        kind=EventKind.RESPONSE,
        summary=f"Review application recorded (received {applied_on:%-d %B %Y})",
        detail=review.how_applied,
        actor=user,
    )
    return review


@transaction.atomic
def record_review_result(
    *, user, case, reviewed_by: str, result: str, decided_on, recommendations: str = ""
) -> ComplaintReview:
    case = _lock(case)
    record = _approved_outcome(case)
    review = ComplaintReview.objects.select_for_update().filter(outcome=record).first()
    if review is None:
        review = record_application(user=user, case=case, how="Recorded with the review's result.")
    if review.result:
        raise ComplaintRefused("The review's result is already recorded.")
    if reviewed_by not in (ReviewBody.LOCAL_POLICING_BODY, ReviewBody.IOPC):
        raise ComplaintRefused("Choose the body that reviewed the outcome.", field="reviewed_by")
    if result not in ReviewResult.values:
        raise ComplaintRefused("Choose the result of the review.", field="result")
    if decided_on is None:
        raise ComplaintRefused("Enter the date of the review's decision.", field="decided_on")
    if decided_on < review.applied_on or decided_on > timezone.localdate():
        raise ComplaintRefused("The decision date is between the application and today.", field="decided_on")
    recommendations = (recommendations or "").strip()
    review.reviewed_by, review.result, review.decided_on = reviewed_by, result, decided_on
    review.recommendations, review.result_recorded_by = recommendations, user
    review.save()
    if recommendations:
        # The period begins with the day the recommendation is made (Sch 3 para 28A): counted from the day before.
        _start(RECOMMENDATIONS, case, user, starts_on=decided_on - timedelta(days=1))
    casework_services.record_event(
        case,
        kind=EventKind.NOTE,
        summary=f"Review by {ReviewBody(reviewed_by).label}: {ReviewResult(result).label}",
        detail=recommendations,
        actor=user,
    )
    return review


@transaction.atomic
def record_force_response(*, user, case, response: str, reasons: str, responded_on) -> ComplaintReview:
    """What the force did about the review's recommendations, with its reasons."""
    case = _lock(case)
    record = _approved_outcome(case)
    review = ComplaintReview.objects.select_for_update().filter(outcome=record).first()
    if review is None or not review.result:
        raise ComplaintRefused("Record the review's result first.")
    if review.responded_on:
        raise ComplaintRefused("The force's response is already recorded.")
    response, reasons = (response or "").strip(), (reasons or "").strip()
    if not response:
        raise ComplaintRefused("Say what the force did about the review.", field="response")
    if not reasons:
        raise ComplaintRefused("Give the reasons.", field="reasons")
    if responded_on is None or responded_on < review.decided_on or responded_on > timezone.localdate():
        raise ComplaintRefused("The response date is between the review's decision and today.", field="responded_on")
    review.force_response, review.response_reasons, review.responded_on = response, reasons, responded_on
    review.response_recorded_by = user
    review.save()
    clocks.meet_clock(RECOMMENDATIONS, case=case, actor=user, on=responded_on)
    casework_services.record_event(
        case,
        kind=EventKind.NOTE,
        summary="Force's response to the review recorded",
        detail=f"{response}\n\nReasons: {reasons}",
        actor=user,
    )
    return review


def on_case_closed(*, case, user, **_):
    """A closed complaint sends no more updates."""
    clocks.stop_clock(UPDATE, case=case, actor=user, reason="The case is closed.")
