"""/cases/<reference>/subjects/<id>/criminal/: the case team records where the criminal side of an
allegation stands (investigation opened, charged, convicted, no further action, acquitted). A
new investigation, charge or conviction against someone on public-facing duty starts the duty
decision clock again (conduct.duty.risk.record_criminal_status)."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from casework import door, permissions
from casework.errors import add_to_form
from casework.forms.base import Form
from casework.models import CaseSubject
from conduct import permissions as conduct_permissions
from conduct.duty import risk
from conduct.duty.checks import DutyRefused
from conduct.models import CriminalInvestigation


class CriminalStatusForm(Form):
    allegation = forms.ModelChoiceField(
        label="Which allegation?",
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Choose the allegation", "invalid_choice": "Choose an allegation against them"},
    )
    status = forms.ChoiceField(
        label="Where does the criminal investigation stand now?",
        choices=CriminalInvestigation.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose where the criminal investigation stands"},
    )

    def __init__(self, *args, subject, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["allegation"].queryset = subject.allegations.all()
        self.fields["allegation"].label_from_instance = lambda a: (
            f"{a.description[:160]} (now: {a.get_criminal_investigation_display().lower()})"
        )


@require_http_methods(["GET", "POST"])
def record_criminal_status(request, reference, subject_id):
    case = permissions.get_case_or_404(request.user, reference)
    if not conduct_permissions.can_propose_duty(request.user, case):
        raise Http404
    subject = get_object_or_404(
        CaseSubject.objects.select_related("person__force", "person__rank"), pk=subject_id, case=case
    )
    door.consult_change_form(request, case)
    form = CriminalStatusForm(request.POST or None, subject=subject)
    if request.method == "POST" and form.is_valid():
        try:
            risk.record_criminal_status(
                user=request.user, allegation=form.cleaned_data["allegation"], status=form.cleaned_data["status"]
            )
        except DutyRefused as refusal:
            add_to_form(form, refusal)
        else:
            messages.success(request, "Recorded. If they are on public-facing duty, a duty decision is due.")
            return redirect(case.get_absolute_url())
    return render(request, "conduct/duty/criminal_status.html", {"case": case, "subject": subject, "form": form})
