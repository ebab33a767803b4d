"""The meeting or hearing forms of a subject. Thin: the case through the door (404 to outsiders,
conduct.cases.change_views.open_case), the form, one service call, back to the case page.
Appointing the panel and giving the outcome notice are the appropriate authority's decisions."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from casework.errors import add_to_form
from casework.models import CaseSubject
from conduct.cases import case_page
from conduct.cases.change_views import open_case
from conduct.proceedings import forms, panel, services


def _proceedings(case, subject_id):
    subject = get_object_or_404(CaseSubject.objects.select_related("person__rank"), pk=subject_id, case=case)
    proceedings = getattr(subject, "proceedings", None)
    if proceedings is None:
        raise Http404
    subject.case = case
    proceedings.subject = subject
    return proceedings


def _page(request, case, proceedings, form, title, button):
    return render(
        request,
        "conduct/proceedings/form.html",
        {"case": case, "subject": proceedings.subject, "form": form, "title": title, "button": button},
    )


def _handle(request, case, proceedings, form, call, done, title, button):
    if request.method == "POST" and form.is_valid():
        try:
            call(form)
        except services.Refused as refusal:
            add_to_form(form, refusal)
        else:
            messages.success(request, done)
            return redirect(f"{case_page.section_url(case, 'subjects')}#hearing-heading")
    return _page(request, case, proceedings, form, title, button)


@open_case(authority=True)
def appoint(request, case, subject_id):
    proceedings = _proceedings(case, subject_id)
    form = forms.AppointForm(request.POST or None, proceedings=proceedings)

    def call(form):
        panel.appoint(user=request.user, proceedings=proceedings, **form.cleaned_data)

    return _handle(request, case, proceedings, form, call, "Appointment recorded.", "Appoint to the panel", "Appoint")


@open_case()
def conflict(request, case, subject_id):
    proceedings = _proceedings(case, subject_id)
    form = forms.ConflictForm(request.POST or None)

    def call(form):
        panel.declare_conflict(user=request.user, proceedings=proceedings, **form.cleaned_data)

    return _handle(request, case, proceedings, form, call, "Conflict recorded.", "Record a conflict", "Record")


@open_case()
def schedule(request, case, subject_id):
    proceedings = _proceedings(case, subject_id)
    form = forms.ScheduleForm(request.POST or None)

    def call(form):
        data = form.cleaned_data
        services.schedule(
            user=request.user,
            proceedings=proceedings,
            starts_at=form.starts_at(),
            place=data["place"],
            agreed=data["agreed"],
            reasons=data["reasons"],
        )

    title = "Set the date, time and place"
    return _handle(
        request,
        case,
        proceedings,
        form,
        call,
        "Date set; the notice to the officer is in the outbox.",
        title,
        "Set and send the notice",
    )


@open_case()
def alternative(request, case, subject_id):
    proceedings = _proceedings(case, subject_id)
    form = forms.AlternativeForm(request.POST or None)

    def call(form):
        data = form.cleaned_data
        services.propose_alternative(
            user=request.user,
            proceedings=proceedings,
            starts_at=form.starts_at(),
            place=data["place"],
            reasons=data["reasons"],
        )

    title = "Record the officer's alternative date"
    return _handle(request, case, proceedings, form, call, "Alternative date recorded.", title, "Record")


@open_case()
def step(request, case, subject_id):
    proceedings = _proceedings(case, subject_id)
    form = forms.StepForm(request.POST or None)

    def call(form):
        services.record_step(user=request.user, proceedings=proceedings, **form.cleaned_data)

    return _handle(request, case, proceedings, form, call, "Step recorded.", "Record a step", "Record")


@open_case()
def extend(request, case, subject_id):
    proceedings = _proceedings(case, subject_id)
    form = forms.ExtendForm(request.POST or None)

    def call(form):
        services.extend(user=request.user, proceedings=proceedings, **form.cleaned_data)

    title = "Record the chair's extension"
    return _handle(request, case, proceedings, form, call, "Extension recorded.", title, "Record")


@open_case()
def public_notice(request, case, subject_id):
    proceedings = _proceedings(case, subject_id)
    initial = {"officer_named": True, "text": services.draft_public_notice(proceedings)}
    form = forms.PublicNoticeForm(request.POST or None, initial=initial)

    def call(form):
        services.record_public_notice(user=request.user, proceedings=proceedings, **form.cleaned_data)

    title = "Record the public notice of the hearing"
    return _handle(request, case, proceedings, form, call, "Public notice recorded.", title, "Record")


@open_case(authority=True)
def outcome_notice(request, case, subject_id):
    proceedings = _proceedings(case, subject_id)
    form = forms.OutcomeNoticeForm(request.POST or None)

    def call(form):
        services.give_outcome_notice(user=request.user, proceedings=proceedings, **form.cleaned_data)

    title = "Give the officer written notice of the outcome"
    return _handle(request, case, proceedings, form, call, "Outcome notice written.", title, "Give the notice")
