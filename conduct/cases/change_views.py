"""Changing a case after intake: details, the route, subjects, allegations, links, the reflective practice
review and the Advisory List flag. Thin: find the case through casework.permissions (404 for
outsiders), validate a form, call one service in conduct.cases.changes, redirect. A refusal from the
service is shown on the form; a closed case sends the user back to it with the reason."""

from functools import wraps

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from casework import door, permissions
from casework.errors import Refused, add_to_form
from casework.models import CaseSubject
from casework.models.cases import CaseStatus
from conduct.cases import changes, route_decisions, routes
from conduct.cases.change_forms import (
    AddSubjectForm,
    AdvisoryListForm,
    CaseEditForm,
    LinkForm,
    ReflectivePracticeForm,
)
from conduct.cases.forms import AllegationForm, RouteForm, allegation_input
from conduct.cases.route_models import RouteDecision
from conduct.models import ReflectivePractice, Stage


def open_case(*, authority=False):
    """Give the view the case, if the user may change it (or, with `authority`, see it and take
    the appropriate authority's decisions); 404 otherwise. A closed case: back to it, with why."""

    def decorate(view):
        @wraps(view)
        @require_http_methods(["GET", "POST"])
        def wrapper(request, reference, **kwargs):
            case = permissions.get_case_or_404(request.user, reference, for_change=not authority)
            if authority and not permissions.can_decide(request.user):
                raise Http404
            if case.status != CaseStatus.OPEN:
                messages.error(request, f"Case {case.reference} is closed and can no longer be changed.")
                return redirect(case)
            door.consult_change_form(request, case, authority=authority)
            return view(request, case, **kwargs)

        return wrapper

    return decorate


def _subject(case, subject_id):
    subject = get_object_or_404(CaseSubject.objects.select_related("person", "proceedings"), pk=subject_id, case=case)
    if not hasattr(subject, "proceedings"):
        raise Http404
    subject.case = case  # already checked; the services lock it
    return subject


def _posted(request):
    # Not `request.POST or None`: an empty POST is still a submission, and gets its errors.
    return request.POST if request.method == "POST" else None


@open_case()
def edit_case(request, case):
    form = CaseEditForm(_posted(request), instance=case, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            changed = changes.edit_case(
                user=request.user, case=case, details=form.case_details(), contact=form.contact()
            )
        except changes.ChangeRefused as refusal:
            add_to_form(form, refusal)
        else:
            if changed:
                messages.success(request, "Case details changed.")
            else:
                messages.info(request, "Nothing was changed: the details were the same as before.")
            if not permissions.can_view_case(request.user, case):
                # Moved to another team, or restricted: the user may no longer open it.
                messages.info(request, f"Case {case.reference} is no longer visible to you.")
                return redirect("case-list")
            return redirect(case)
    return render(request, "conduct/change_details.html", {"case": case, "form": form})


@open_case()
def add_subject(request, case):
    form = AddSubjectForm(_posted(request), initial={"criminal_investigation": "none"})
    if request.method == "POST" and form.is_valid():
        try:
            subject = changes.add_subject_with_allegation(
                user=request.user, case=case, person=form.cleaned_data["person"], allegation=allegation_input(form)
            )
        except changes.ChangeRefused as refusal:
            add_to_form(form, refusal)
        else:
            messages.success(request, f"{subject.person.full_name} added as a subject.")
            return redirect(case)
    return render(request, "conduct/change_subject.html", {"case": case, "form": form})


@open_case()
def add_allegation(request, case, subject_id):
    subject = _subject(case, subject_id)
    form = AllegationForm(_posted(request), initial={"criminal_investigation": "none"})
    if request.method == "POST" and form.is_valid():
        try:
            changes.add_allegation(user=request.user, subject=subject, allegation=allegation_input(form))
        except changes.ChangeRefused as refusal:
            add_to_form(form, refusal)
        else:
            messages.success(request, f"Allegation against {subject.person.full_name} recorded.")
            return redirect(case)
    return render(request, "conduct/change_allegation.html", {"case": case, "subject": subject, "form": form})


@open_case()
def link_case(request, case):
    form = LinkForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            link = changes.link_case(user=request.user, case=case, **form.cleaned_data)
        except changes.ChangeRefused as refusal:
            add_to_form(form, refusal)
        else:
            messages.success(request, f"Case linked: {link}.")
            return redirect(case)
    return render(request, "conduct/change_link.html", {"case": case, "form": form})


@open_case()
def reflective_practice(request, case, subject_id):
    subject = _subject(case, subject_id)
    if subject.proceedings.stage != Stage.RPRP:
        messages.error(
            request,
            f"{subject.person.full_name} is not at reflective practice review: "
            "the officer's account and the review are recorded only at that stage.",
        )
        return redirect(case)
    record = ReflectivePractice.objects.filter(proceedings=subject.proceedings).first()
    form = ReflectivePracticeForm(_posted(request), record=record)
    if request.method == "POST" and form.is_valid():
        try:
            recorded = changes.record_reflective_practice(
                user=request.user, proceedings=subject.proceedings, data=form.cleaned_data
            )
        except changes.ChangeRefused as refusal:
            add_to_form(form, refusal)
        else:
            if recorded:
                messages.success(request, f"Reflective practice for {subject.person.full_name} recorded.")
            else:
                messages.info(request, "Nothing was changed: the account and the review were the same as before.")
            return redirect(case)
    return render(request, "conduct/change_reflective.html", {"case": case, "subject": subject, "form": form})


@open_case(authority=True)
def advisory_list(request, case, subject_id):
    subject = _subject(case, subject_id)
    form = AdvisoryListForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            changes.flag_advisory_list(user=request.user, proceedings=subject.proceedings, **form.cleaned_data)
        except changes.ChangeRefused as refusal:
            add_to_form(form, refusal)
        else:
            messages.success(request, f"{subject.person.full_name} recorded for the Advisory List.")
            return redirect(case)
    context = {
        "case": case,
        "subject": subject,
        "form": form,
        "eligible": changes.concerns_gross_misconduct(subject.proceedings),
    }
    return render(request, "conduct/change_advisory.html", context)


@open_case()
def change_route(request, case):
    """The type, handling, form of investigation or special procedures: a reasoned decision."""
    route = routes.CaseRouteView(case)
    form = RouteForm.for_route(route.record, _posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            changed = route_decisions.change_route(
                user=request.user, case=case, data=form.route_input(), reason=form.cleaned_data["reason"]
            )
        except Refused as refusal:
            add_to_form(form, refusal)
        else:
            if changed:
                messages.success(
                    request, f"Route decided: {route_decisions.describe(route_decisions.state_of(changed))}."
                )
            else:
                messages.info(request, "Nothing was changed: the route was the same as before.")
            return redirect(case)
    decisions = list(RouteDecision.objects.filter(case=case).select_related("made_by").order_by("-made_at", "-id"))
    for decision in decisions:
        decision.after_label = route_decisions.describe(decision.after)
    return render(
        request,
        "conduct/cases/route_form.html",
        {"case": case, "form": form, "route": route, "decisions": decisions},
    )
