"""Forms for changing a case after intake. They reuse the intake forms (conduct.cases.forms): the
same case-details fields, the same subject lookup, the same allegation form. Rules that need
the database or the acting user (duplicates, visibility, stage) are the services' to enforce
(conduct.cases.changes); the views show their refusals on the form."""

from django import forms

from casework.forms.base import Form
from casework.forms.fields import uk_date_field
from casework.forms.people import PersonField
from casework.models import RESIGNED_OR_RETIRED_CHOICES, Force
from casework.models.cases import ComplainantContact, LinkKind
from conduct.cases.forms import AllegationForm, CaseDetailsForm
from conduct.models import ReflectivePractice


class CaseEditForm(CaseDetailsForm):
    """The intake details form, prefilled from the case and its complainant's contact. The case
    may move only to a team the user may record cases for (as in intake), or stay where it is."""

    def __init__(self, *args, instance, user, **kwargs):
        contact = ComplainantContact.objects.filter(case=instance).first()
        initial = kwargs.pop("initial", {}) or {}
        if contact is not None:
            initial = {"complainant_email": contact.email, "complainant_telephone": contact.telephone, **initial}
        super().__init__(*args, instance=instance, user=user, initial=initial, **kwargs)
        # What the case has now stays choosable (a team, or an investigator no longer in the role).
        for name, current in (("team", instance.team_id), ("investigator", instance.investigator_id)):
            choices = self.fields[name].queryset
            if current:
                self.fields[name].queryset = (choices | choices.model.objects.filter(pk=current)).distinct()


class AddSubjectForm(AllegationForm):
    """One more subject, found on the register as in intake, with their first allegation."""

    person = PersonField(
        label="Name or number of the person",
        help_text="Their name, or their warrant, collar or staff number. "
        "For another force, you can put its code first, for example: northshire 7101",
        error_messages={"required": "Enter the name or number of the person to add"},
    )
    field_order = ["person"]


class LinkForm(Form):
    kind = forms.ChoiceField(
        choices=LinkKind.choices,
        widget=forms.RadioSelect,
        label="How are the cases linked?",
        error_messages={"required": "Choose how the cases are linked"},
    )
    reference = forms.CharField(
        label="Case reference in this system",
        help_text="For example, PSD-2026-000123",
        required=False,
        max_length=20,
    )
    other_force = forms.ModelChoiceField(
        Force.objects.filter(is_home=False),
        label="Other force",
        required=False,
        empty_label="Choose a force",
        error_messages={"invalid_choice": "Choose a force from the list"},
    )
    other_reference = forms.CharField(label="The other force's reference", required=False, max_length=60)
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Why are they linked?",
        error_messages={"required": "Give the reason for linking the cases"},
    )


class ReflectivePracticeForm(Form):
    """The account and the review, prefilled from what is recorded. Which parts must go together,
    and which dates make sense, the service decides (conduct.cases.changes.record_reflective_practice)."""

    account = forms.CharField(
        label="The officer's account",
        help_text="Due within 5 working days of the referral to reflective practice.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    account_received_on = uk_date_field("Date the account was received", required=False)
    actions = forms.CharField(
        label="Actions agreed",
        help_text="Fill in the review once it has taken place: actions, lessons and the review period.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    lessons = forms.CharField(label="Lessons learned", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    review_by = uk_date_field("End of the review period", required=False)

    def __init__(self, *args, record: ReflectivePractice | None = None, **kwargs):
        if record is not None:
            kwargs.setdefault("initial", {name: getattr(record, name) for name in self.base_fields})
        super().__init__(*args, **kwargs)
        self.record = record

    def clean(self):
        data = super().clean()
        if self.record is None and not self.errors and not any(data.values()):
            raise forms.ValidationError("Enter the officer's account, the review, or both.")
        return data


class AdvisoryListForm(Form):
    left_by = forms.ChoiceField(
        choices=RESIGNED_OR_RETIRED_CHOICES,
        widget=forms.RadioSelect,
        label="How did they leave?",
        error_messages={"required": "Choose whether they resigned or retired"},
    )
    left_on = uk_date_field("Date they left", required_message="Enter the date they left")
    reasons = forms.CharField(
        widget=forms.Textarea,
        label="Reasons for the Advisory List decision",
        error_messages={"required": "Give the reasons for this decision"},
    )
