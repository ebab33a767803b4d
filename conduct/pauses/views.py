"""Criminal proceedings pauses on a case: pause a subject, review or end the pause, and the
pause's page. Thin: find the records (outsiders get 404, and so does a user who may not decide a
pause's forms), validate, call one service (conduct.pauses.services), redirect; a refusal is
shown on the form, on the field it names. `person_pauses` is the person page's panel."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from casework import door, permissions
from casework.errors import add_to_form
from casework.models import CaseSubject, Deadline
from conduct import permissions as conduct_permissions
from conduct.models import CriminalProceedingsPause
from conduct.pauses import services
from conduct.pauses.forms import EndForm, PauseForm, ReviewForm


def _subject_or_404(request, reference, subject_id):
    case = permissions.get_case_or_404(request.user, reference)
    if not conduct_permissions.can_decide_pause(request.user, case):
        raise Http404
    return get_object_or_404(
        CaseSubject.objects.select_related("person__force", "person__rank", "case", "proceedings"),
        pk=subject_id,
        case=case,
    )


def _pause_or_404(request, reference, pk, *, for_decision=False):
    case = permissions.get_case_or_404(request.user, reference)
    if for_decision and not conduct_permissions.can_decide_pause(request.user, case):
        raise Http404
    pause = get_object_or_404(
        CriminalProceedingsPause.objects.select_related(
            "subject__person__force", "subject__person__rank", "subject__case", "rule", "decided_by", "ended_by"
        ),
        pk=pk,
        subject__case=case,
    )
    return case, pause


@require_http_methods(["GET", "POST"])
def pause(request, reference, subject_id):
    subject = _subject_or_404(request, reference, subject_id)
    form = PauseForm(request.POST or None, initial={"paused_on": timezone.localdate()})
    door.consult_change_form(request, subject.case, authority=True)
    if request.method == "POST" and form.is_valid():
        try:
            record = services.pause(user=request.user, subject=subject, **form.cleaned_data)
        except services.PauseRefused as refusal:
            add_to_form(form, refusal)
        else:
            messages.success(request, f"Misconduct proceedings against {subject.person.full_name} are paused.")
            return redirect(record.get_absolute_url())
    return render(
        request,
        "conduct/pauses/pause.html",
        {"case": subject.case, "subject": subject, "form": form, "rule": services.rule()},
    )


def detail(request, reference, pk):
    case, record = _pause_or_404(request, reference, pk)
    if not permissions.can_read_narrative(request.user, case):
        raise Http404  # the reasons are the narrative; auditors see the case's metadata only
    door.consult_case(request, case)
    return render(
        request,
        "conduct/pauses/detail.html",
        {
            "case": case,
            "pause": record,
            "subject": record.subject,
            "reviews": record.reviews.select_related("reviewed_by"),
            "paused_clocks": record.paused_clocks.select_related("deadline", "resumed_as"),
            "review_clock": Deadline.objects.filter(pk=record.review_deadline_id).first(),
            "can_decide": record.is_active and conduct_permissions.can_decide_pause(request.user, case),
        },
    )


def _decision_form(request, reference, pk, *, form_class, service, template, done):
    case, record = _pause_or_404(request, reference, pk, for_decision=True)
    if not record.is_active:
        messages.info(request, "This pause has already ended.")
        return redirect(record.get_absolute_url())
    form = form_class(
        request.POST or None, initial={"reviewed_on": timezone.localdate(), "ended_on": timezone.localdate()}
    )
    door.consult_change_form(request, case, authority=True)
    if request.method == "POST" and form.is_valid():
        try:
            service(user=request.user, pause=record, **form.cleaned_data)
        except services.PauseRefused as refusal:
            add_to_form(form, refusal)
        else:
            messages.success(request, done)
            return redirect(record.get_absolute_url())
    return render(request, template, {"case": case, "pause": record, "subject": record.subject, "form": form})


@require_http_methods(["GET", "POST"])
def review(request, reference, pk):
    return _decision_form(
        request,
        reference,
        pk,
        form_class=ReviewForm,
        service=services.review,
        template="conduct/pauses/review.html",
        done="Review recorded. The pause continues.",
    )


@require_http_methods(["GET", "POST"])
def end(request, reference, pk):
    return _decision_form(
        request,
        reference,
        pk,
        form_class=EndForm,
        service=services.end,
        template="conduct/pauses/end.html",
        done="Pause ended. Misconduct proceedings can go ahead and the stopped clocks have restarted.",
    )


def person_pauses(person, user, **_):
    """For the person page: the person's active pauses on the cases the user sees."""
    active = list(
        CriminalProceedingsPause.objects.active()
        .visible_to(user)
        .filter(subject__person=person)
        .select_related("subject__case")
    )
    return {"active": active} if active else None
