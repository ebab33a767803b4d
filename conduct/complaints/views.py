"""The complainant's pages: the case's complainant page (letters, clocks, outcome, review), the
forms that change them, and the list of complaints with a review pending. Thin: the case through
the door (404 to outsiders; the change forms through conduct.cases.change_views.open_case),
one service call, redirect. Complainants never sign in: they answer through the response link."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from casework import door, permissions
from casework.errors import add_to_form
from conduct.cases import routes
from conduct.cases.change_views import open_case
from conduct.complaints import selectors, services
from conduct.complaints.forms import (
    ApplicationForm,
    ForceResponseForm,
    OutcomeForm,
    ReviewResultForm,
    UpdateForm,
)
from conduct.complaints.models import ComplaintOutcome, OutcomeState

PAGE_SIZE = 25


def _complaint_only(case):
    if not routes.is_complaint(case):
        raise Http404("Not a complaint")


@require_GET
def complainant_page(request, reference):
    case = door.open_case(request, reference)
    _complaint_only(case)
    return render(
        request,
        "conduct/complaints/case.html",
        {
            **selectors.panel(case, request.user),
            "can_change": permissions.can_change_case(request.user, case),
            "can_decide": permissions.can_decide(request.user),
        },
    )


def _form_page(request, case, form, template, **context):
    return render(request, f"conduct/complaints/{template}", {"case": case, "form": form, **context})


def _done(request, case, message):
    messages.success(request, message)
    return redirect("complainant", reference=case.reference)


@open_case()
def send_update(request, case):
    _complaint_only(case)
    form = UpdateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.send_update(user=request.user, case=case, text=form.cleaned_data["text"])
        except services.ComplaintRefused as refusal:
            add_to_form(form, refusal)
        else:
            return _done(request, case, "Update to the complainant written.")
    return _form_page(request, case, form, "update.html")


@open_case()
def record_outcome(request, case):
    _complaint_only(case)
    current = ComplaintOutcome.objects.filter(case=case).first()
    initial = {}
    if current is not None:
        initial = {
            "findings": current.findings,
            "outcome": current.outcome,
            "action": current.action,
            "proceedings_not_excluded": current.proceedings_not_excluded,
            "chosen_body": current.review_body if current.override_reason else "",
            "override_reason": current.override_reason,
        }
    form = OutcomeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_outcome(user=request.user, case=case, **form.cleaned_data)
        except services.ComplaintRefused as refusal:
            add_to_form(form, refusal)
        else:
            return _done(request, case, "Outcome recorded. An appropriate authority approves it and its letter.")
    decision = services.computed_review_body(
        case, proceedings_not_excluded=bool(current and current.proceedings_not_excluded)
    )
    return _form_page(request, case, form, "outcome.html", decision=decision, current=current)


@open_case(authority=True)
def approve_outcome(request, case):
    _complaint_only(case)
    record = ComplaintOutcome.objects.filter(case=case, state=OutcomeState.PROPOSED).first()
    if record is None:
        raise Http404("No outcome awaiting approval")
    refusal = None
    if request.method == "POST":
        try:
            services.approve_outcome(user=request.user, case=case)
        except services.ComplaintRefused as refused:
            refusal = refused
        else:
            return _done(request, case, "Outcome approved: the letter to the complainant is on its way.")
    return render(request, "conduct/complaints/approve.html", {"case": case, "record": record, "refusal": refusal})


@open_case()
def record_application(request, case):
    _complaint_only(case)
    form = ApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_application(user=request.user, case=case, **form.cleaned_data)
        except services.ComplaintRefused as refusal:
            add_to_form(form, refusal)
        else:
            return _done(request, case, "Review application recorded.")
    outcome = ComplaintOutcome.objects.filter(case=case, state=OutcomeState.APPROVED).first()
    answer = services.link_application(outcome) if outcome else None
    return _form_page(request, case, form, "application.html", link_application=answer)


@open_case()
def record_review_result(request, case):
    _complaint_only(case)
    form = ReviewResultForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_review_result(user=request.user, case=case, **form.cleaned_data)
        except services.ComplaintRefused as refusal:
            add_to_form(form, refusal)
        else:
            return _done(request, case, "Review result recorded.")
    return _form_page(request, case, form, "review_result.html")


@open_case()
def record_force_response(request, case):
    _complaint_only(case)
    form = ForceResponseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_force_response(user=request.user, case=case, **form.cleaned_data)
        except services.ComplaintRefused as refusal:
            add_to_form(form, refusal)
        else:
            return _done(request, case, "The force's response to the review recorded.")
    return _form_page(request, case, form, "force_response.html")


@require_GET
def reviews_pending(request):
    if not selectors.can_view_reviews(request.user):
        raise Http404
    page = Paginator(selectors.reviews_pending(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "conduct/complaints/pending.html", {"page": page})
