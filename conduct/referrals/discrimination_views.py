"""/cases/<reference>/discrimination/<pk>/: the case team decides the IOPC discriminatory-behaviour
criterion for one allegation, with reasons (conduct.referrals.discrimination)."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from casework import door
from casework import permissions as casework_permissions
from casework.errors import Refused, add_to_form
from casework.forms.base import Form
from conduct.models import CriterionAnswer, DiscriminationQuestion
from conduct.permissions import referral_case_or_404
from conduct.referrals import discrimination

MET, NOT_MET = "met", "not_met"


class CriterionForm(Form):
    met = forms.ChoiceField(
        label="Is the conduct aggravated by discriminatory behaviour?",
        choices=[
            (MET, "Yes: the criterion is met (a mandatory referral to the IOPC follows)"),
            (NOT_MET, "No: the criterion is not met"),
        ],
        widget=forms.RadioSelect,
        help_text="Discriminatory behaviour on the grounds of a person's race, sex, religion or other status "
        "(for example misogynistic or racist messages).",
        error_messages={"required": "Choose whether the criterion is met"},
    )
    reasons = forms.CharField(
        label="Your reasons",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Give the reasons for your decision"},
    )


@require_http_methods(["GET", "POST"])
def decide_criterion(request, reference, pk):
    case = referral_case_or_404(request.user, reference)
    if not casework_permissions.can_change_case(request.user, case):
        raise Http404
    question = get_object_or_404(
        DiscriminationQuestion.objects.select_related("allegation__subject__person"),
        pk=pk,
        allegation__subject__case=case,
    )
    if question.answer != CriterionAnswer.PENDING:
        messages.info(request, "The criterion has already been decided for this allegation.")
        return redirect(case.get_absolute_url())
    door.consult_change_form(request, case)
    form = CriterionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            discrimination.answer(
                user=request.user,
                question=question,
                met=form.cleaned_data["met"] == MET,
                reasons=form.cleaned_data["reasons"],
            )
        except Refused as refusal:
            add_to_form(form, refusal)
        else:
            messages.success(request, "Decision on the discriminatory-behaviour criterion recorded.")
            return redirect(case.get_absolute_url())
    return render(request, "conduct/referrals/discrimination.html", {"case": case, "question": question, "form": form})
