"""/cases/<reference>/links/<id>/duty-decisions/: another force's duty decisions on the subjects of
a linked case who belong to it, and the form that records one (conduct.duty.other_forces). Reached
from the case page's risk panel; the case page itself is not changed."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from casework import door, permissions
from casework.errors import add_to_form
from casework.forms.base import Form
from casework.forms.fields import uk_date_field
from casework.models import CaseLink, DutyStatus
from conduct.duty import other_forces
from conduct.duty.checks import DutyRefused
from conduct.duty.forms import NO, PUBLIC_FACING_CHOICES, YES
from conduct.duty.other_force_models import OtherForceDecision


class OtherForceDecisionForm(Form):
    subject = forms.ModelChoiceField(
        label="Whose duty decision?",
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Choose the person", "invalid_choice": "Choose a person of that force"},
    )
    duty_status = forms.ChoiceField(label="What did they decide?", choices=DutyStatus.choices, widget=forms.RadioSelect)
    public_facing = forms.ChoiceField(
        label="Does the role face the public?",
        choices=PUBLIC_FACING_CHOICES,
        widget=forms.RadioSelect,
        required=False,
        help_text="Restricted duties and redeployment only. Suspension and a non-public-facing role never do; "
        "full duties always do.",
    )
    decided_by = forms.CharField(label="Who decided?", max_length=200, help_text="Their name and role at that force.")
    decided_on = uk_date_field("Date it was decided")
    source = forms.CharField(
        label="How do you know?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The message, letter or call, its date, and from whom.",
    )

    def __init__(self, *args, link, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].queryset = other_forces.cross_force_subjects(link)
        self.fields["subject"].label_from_instance = lambda s: s.person.full_name


@require_http_methods(["GET", "POST"])
def other_force_decisions(request, reference, link_id):
    case = permissions.get_case_or_404(request.user, reference)
    if not other_forces.can_record(request.user, case):
        raise Http404
    link = get_object_or_404(
        CaseLink.objects.select_related("other_force", "case"), pk=link_id, case=case, linked_case__isnull=True
    )
    door.consult_change_form(request, case)
    form = OtherForceDecisionForm(request.POST or None, link=link)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            other_forces.record_other_force_decision(
                user=request.user,
                link=link,
                subject=data["subject"],
                duty_status=data["duty_status"],
                public_facing={YES: True, NO: False}.get(data.get("public_facing", "")),
                decided_by=data["decided_by"],
                decided_on=data["decided_on"],
                source=data["source"],
            )
        except DutyRefused as refusal:
            add_to_form(form, refusal)
        else:
            messages.success(request, f"{link.other_force}'s decision recorded. The risk lists count it.")
            return redirect("duty-other-force", case.reference, link.pk)
    decisions = OtherForceDecision.objects.filter(link=link).select_related("subject__person", "recorded_by")
    return render(
        request,
        "conduct/duty/other_force.html",
        {"case": case, "link": link, "form": form, "decisions": decisions},
    )
