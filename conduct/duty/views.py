"""Duty decisions on a case: propose, decide (approve, amend, reject), urgent oral suspension
and its written confirmation, representations, requests for review, and reviews. Thin: check
who may act (conduct.permissions; outsiders get 404), validate the form, call one service
(conduct.duty.services), redirect; a refusal is shown on the form, on the field it names."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from casework import door, permissions
from casework.errors import add_to_form
from casework.models import CaseSubject, Deadline
from conduct import permissions as conduct_permissions
from conduct.duty import reviews as duty_reviews
from conduct.duty import services as duty
from conduct.duty.checks import iopc_consultation_needed
from conduct.duty.forms import (
    DecideForm,
    RepresentationsForm,
    RequestReviewForm,
    ReviewForm,
    TermsForm,
    UrgentSuspensionForm,
)
from conduct.models import Approval, DecisionState, DutyDecision, DutyReview, ReviewTrigger
from notifications.models import OfficerResponse

DECISION_CLOCKS = duty.DECISION_CLOCKS


# Finding the records ----------------------------------------------------------------------
def _subject_or_404(request, reference, subject_id, allowed):
    case = permissions.get_case_or_404(request.user, reference)
    if not allowed(request.user, case):
        raise Http404
    return get_object_or_404(
        CaseSubject.objects.select_related("person__force", "person__rank", "case__team", "proceedings"),
        pk=subject_id,
        case=case,
    )


def _decision_or_404(request, reference, pk, allowed=None):
    case = permissions.get_case_or_404(request.user, reference)
    if allowed is not None and not allowed(request.user, case):
        raise Http404
    decision = get_object_or_404(
        DutyDecision.objects.select_related(
            "subject__person__force", "subject__person__rank", "subject__case__team", "proposed_by", "decided_by"
        ),
        pk=pk,
        subject__case=case,
    )
    return case, decision


def _back_to_decision(request, decision, message):
    messages.info(request, message)
    return redirect(decision.get_absolute_url())


# Propose ----------------------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
def propose(request, reference, subject_id):
    subject = _subject_or_404(request, reference, subject_id, conduct_permissions.can_propose_duty)
    form = TermsForm(request.POST or None, subject=subject)
    door.consult_change_form(request, subject.case)
    if request.method == "POST" and form.is_valid():
        try:
            decision = duty.propose(user=request.user, subject=subject, terms=form.terms())
        except duty.DutyRefused as refusal:
            add_to_form(form, refusal)
        else:
            messages.success(request, f"Proposal recorded. An appropriate authority will decide it: {decision}.")
            return redirect(decision.get_absolute_url())
    return render(
        request,
        "conduct/duty/propose.html",
        {"case": subject.case, "subject": subject, "form": form, **_in_force(subject)},
    )


@require_http_methods(["GET", "POST"])
def urgent_suspension(request, reference, subject_id):
    subject = _subject_or_404(request, reference, subject_id, conduct_permissions.can_decide_duty)
    form = UrgentSuspensionForm(request.POST or None, subject=subject, initial={"told_on": timezone.localdate()})
    form.add_iopc_fields(iopc_consultation_needed(subject.case))
    door.consult_change_form(request, subject.case, authority=True)
    if request.method == "POST" and form.is_valid():
        try:
            decision = duty.suspend_urgently(
                user=request.user,
                subject=subject,
                terms=form.terms(),
                reasons=form.cleaned_data["reasons"],
                told_on=form.cleaned_data["told_on"],
                consultation=form.consultation(),
            )
        except duty.DutyRefused as refusal:
            add_to_form(form, refusal)
        else:
            messages.warning(request, "Suspension in force. Confirm it to the officer in writing before the deadline.")
            return redirect(decision.get_absolute_url())
    return render(
        request,
        "conduct/duty/urgent.html",
        {"case": subject.case, "subject": subject, "form": form, **_in_force(subject)},
    )


def _in_force(subject) -> dict:
    current = DutyDecision.objects.filter(subject=subject, state=DecisionState.ACTIVE).first()
    return {"in_force": current}


# The decision page ------------------------------------------------------------------------
def decision_detail(request, reference, pk):
    case, decision = _decision_or_404(request, reference, pk)
    if not permissions.can_read_narrative(request.user, case):
        raise Http404  # the reasons are the narrative; auditors see the case's metadata only
    door.consult_case(request, case)
    user = request.user
    decision_with_due = DutyDecision.objects.with_review_due().get(pk=decision.pk)
    return render(
        request,
        "conduct/duty/decision.html",
        {
            "case": case,
            "decision": decision,
            "review_due_on": decision_with_due.review_due_on,
            "answered_on": decision_with_due.answered_on,
            "allegations": decision.allegations.prefetch_related("categories"),
            "reviews": DutyReview.objects.filter(decision=decision).select_related("reviewed_by", "replacement"),
            "representations": decision.representations.select_related("recorded_by"),
            # The officer's answers through the notice's secure link.
            "answers": OfficerResponse.objects.filter(correspondence_id=decision.notice_id or 0),
            "clocks": Deadline.objects.filter(
                case=case,
                person=decision.subject.person,
                kind__in=DECISION_CLOCKS,
                created_at__gte=decision.proposed_at,
            ).order_by("-created_at")[:10],
            "can_decide": conduct_permissions.can_decide_duty(user, case),
            "can_represent": conduct_permissions.can_record_duty_representations(user, case),
            "is_proposer": decision.proposed_by_id == user.pk,
            "today": timezone.localdate(),
        },
    )


# Decide -----------------------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
def decide(request, reference, pk):
    case, decision = _decision_or_404(request, reference, pk, conduct_permissions.can_decide_duty)
    if decision.state != DecisionState.PROPOSED:
        return _back_to_decision(request, decision, "This proposal has already been decided.")
    initial = {**TermsForm.initial_from(decision), "effective_on": timezone.localdate()}
    form = DecideForm(request.POST or None, subject=decision.subject, initial=initial)
    form.add_iopc_fields(iopc_consultation_needed(case))
    door.consult_change_form(request, case, authority=True)
    if request.method == "POST" and form.is_valid():
        try:
            _decide(request.user, decision, form)
        except duty.DutyRefused as refusal:
            add_to_form(form, refusal)
        else:
            decision.refresh_from_db()
            messages.success(request, f"Decision recorded: {decision.get_approval_display().lower()}.")
            return redirect(decision.get_absolute_url())
    return render(
        request,
        "conduct/duty/decide.html",
        {"case": case, "decision": decision, "form": form, "is_proposer": decision.proposed_by_id == request.user.pk},
    )


def _decide(user, decision, form):
    data = form.cleaned_data
    if form.rejecting:
        return duty.reject(user=user, decision=decision, reasons=data["reasons"], consultation=form.consultation())
    return duty.approve(
        user=user,
        decision=decision,
        reasons=data["reasons"],
        effective_on=data["effective_on"],
        terms=form.terms(),
        consultation=form.consultation(),
    )


@require_http_methods(["GET", "POST"])
def confirm_in_writing(request, reference, pk):
    case, decision = _decision_or_404(request, reference, pk, conduct_permissions.can_decide_duty)
    if decision.state != DecisionState.ACTIVE or decision.approval != Approval.URGENT_ORAL or decision.notice_id:
        return _back_to_decision(request, decision, "There is no oral suspension waiting for written confirmation.")
    error = None
    door.consult_change_form(request, case, authority=True)
    if request.method == "POST":
        try:
            duty.confirm_in_writing(user=request.user, decision=decision)
        except duty.DutyRefused as refusal:
            error = refusal.message
        else:
            messages.success(request, "The written confirmation has been sent to the outbox.")
            return redirect(decision.get_absolute_url())
    deadline = Deadline.objects.open().filter(case=case, person=decision.subject.person, kind=duty.WRITTEN_CONFIRMATION)
    return render(
        request,
        "conduct/duty/confirm.html",
        {"case": case, "decision": decision, "error": error, "deadline": deadline.first()},
    )


# Representations and reviews --------------------------------------------------------------
@require_http_methods(["GET", "POST"])
def representations(request, reference, pk):
    case, decision = _decision_or_404(request, reference, pk, conduct_permissions.can_record_duty_representations)
    if decision.state != DecisionState.ACTIVE or not decision.is_imposing:
        return _back_to_decision(
            request, decision, "Representations are recorded on a suspension or restriction in force."
        )
    form = RepresentationsForm(request.POST or None, initial={"received_on": timezone.localdate()})
    door.consult_change_form(request, case)
    if request.method == "POST" and form.is_valid():
        try:
            duty_reviews.record_representations(user=request.user, decision=decision, **form.cleaned_data)
        except duty.DutyRefused as refusal:
            add_to_form(form, refusal)
        else:
            messages.success(request, "Representations recorded. A review is now due.")
            return redirect(decision.get_absolute_url())
    return render(request, "conduct/duty/representations.html", {"case": case, "decision": decision, "form": form})


@require_http_methods(["GET", "POST"])
def request_review(request, reference, pk):
    case, decision = _decision_or_404(request, reference, pk, conduct_permissions.can_record_duty_representations)
    if decision.state != DecisionState.ACTIVE:
        return _back_to_decision(request, decision, "Only a decision in force can be reviewed.")
    form = RequestReviewForm(request.POST or None)
    door.consult_change_form(request, case)
    if request.method == "POST" and form.is_valid():
        try:
            duty_reviews.request_review(user=request.user, decision=decision, reason=form.cleaned_data["reason"])
        except duty.DutyRefused as refusal:
            add_to_form(form, refusal)
        else:
            messages.success(request, "Review asked for. The decision-maker has been told.")
            return redirect(decision.get_absolute_url())
    return render(request, "conduct/duty/request_review.html", {"case": case, "decision": decision, "form": form})


@require_http_methods(["GET", "POST"])
def review(request, reference, pk):
    case, decision = _decision_or_404(request, reference, pk, conduct_permissions.can_decide_duty)
    if decision.state != DecisionState.ACTIVE:
        return _back_to_decision(request, decision, "Only a decision in force can be reviewed.")
    due = DutyDecision.objects.with_review_due().get(pk=decision.pk)
    form = ReviewForm(request.POST or None, initial={"trigger": _likely_trigger(due)})
    form.add_iopc_fields(iopc_consultation_needed(case))
    door.consult_change_form(request, case, authority=True)
    if request.method == "POST" and form.is_valid():
        try:
            duty_reviews.review(user=request.user, decision=decision, data=form.review_input(decision))
        except duty.DutyRefused as refusal:
            add_to_form(form, refusal)
        else:
            messages.success(request, "Review recorded.")
            return redirect(decision.get_absolute_url())
    return render(request, "conduct/duty/review.html", {"case": case, "decision": decision, "form": form, "due": due})


def _likely_trigger(due) -> str:
    if due.answered_on or (due.review_requested_reason or "").startswith("Representations"):
        return ReviewTrigger.REPRESENTATIONS
    if due.review_requested_on:
        return ReviewTrigger.SIGNIFICANT_CHANGE
    return ReviewTrigger.SCHEDULED
