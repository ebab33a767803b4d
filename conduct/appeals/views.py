"""The appeal forms under a subject of the case. Thin: the case through the door (404 to
outsiders; conduct.cases.change_views.open_case), one service call, back to the case page."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from casework.errors import Refused, add_to_form
from casework.models import CaseSubject
from conduct.appeals import services
from conduct.appeals.forms import HearingDateForm, LodgeForm, ResultForm
from conduct.cases import case_page
from conduct.cases.change_views import open_case
from conduct.models import Appeal, AppealWindow


def _subject(case, subject_id):
    subject = get_object_or_404(CaseSubject.objects.select_related("person", "proceedings"), pk=subject_id, case=case)
    if not hasattr(subject, "proceedings"):
        raise Http404
    return subject


def _pending(subject):
    return Appeal.objects.filter(proceedings=subject.proceedings, result="").first()


def _page(request, case, subject, form, template, **context):
    window = AppealWindow.objects.filter(proceedings=subject.proceedings).first()
    return render(
        request,
        f"conduct/appeals/{template}",
        {"case": case, "subject": subject, "form": form, "window": window, **context},
    )


def _posted(request):
    return request.POST if request.method == "POST" else None


def _run(request, case, form, call, message):
    try:
        call()
    except Refused as refusal:
        add_to_form(form, refusal)
        return None
    messages.success(request, message)
    return redirect(f"{case_page.section_url(case, 'subjects')}#appeal-heading")


@open_case()
def lodge(request, case, subject_id):
    subject = _subject(case, subject_id)
    form = LodgeForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        done = _run(
            request,
            case,
            form,
            lambda: services.lodge_appeal(user=request.user, proceedings=subject.proceedings, **form.cleaned_data),
            "Appeal recorded; the acknowledgement to the officer is on its way.",
        )
        if done:
            return done
    return _page(request, case, subject, form, "lodge.html")


def _pending_appeal_step(request, case, subject_id, *, form_class, action, message, template):
    """A step on the pending appeal (its date, its result): the same form-service-redirect either way."""
    subject = _subject(case, subject_id)
    form = form_class(_posted(request))
    appeal = _pending(subject)
    if request.method == "POST" and form.is_valid():
        if appeal is None:
            form.add_error(None, "No appeal is pending for this officer.")
        else:
            done = _run(
                request, case, form, lambda: action(user=request.user, appeal=appeal, **form.cleaned_data), message
            )
            if done:
                return done
    return _page(request, case, subject, form, template, appeal=appeal)


@open_case()
def hearing_date(request, case, subject_id):
    return _pending_appeal_step(
        request,
        case,
        subject_id,
        form_class=HearingDateForm,
        action=services.set_hearing_date,
        message="Date of the appeal recorded.",
        template="hearing_date.html",
    )


@open_case(authority=True)
def result(request, case, subject_id):
    return _pending_appeal_step(
        request,
        case,
        subject_id,
        form_class=ResultForm,
        action=services.decide_appeal,
        message="Result of the appeal recorded; the letter to the officer is on its way.",
        template="result.html",
    )
