"""Forms of the meeting or hearing steps. They check the shape of the answers; the rules (who
may sit, which step when, the clocks) are conduct.proceedings.panel's and services'."""

from datetime import datetime, time

from django import forms
from django.utils import timezone

from casework.forms.base import Form
from casework.forms.fields import uk_date_field
from conduct.models import PanelRole
from conduct.proceedings import panel as panels
from conduct.proceedings import services

_TEXT = {"class": "govuk-textarea", "rows": 4}


def _reasons(label="Reasons", required=True):
    return forms.CharField(label=label, required=required, max_length=10000, widget=forms.Textarea(attrs=_TEXT))


class _PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, person):
        rank = f"{person.rank.name} " if person.rank_id else ""
        return f"{rank}{person.full_name} ({person.number})"


def _person_field(label, required=False):
    return _PersonChoice(queryset=panels.people_who_may_sit(), label=label, required=required)


class AppointForm(Form):
    role = forms.ChoiceField(label="Role", choices=PanelRole.choices, widget=forms.RadioSelect)
    person = _person_field("Person on the register (required for the chair and the person conducting)")
    name = forms.CharField(
        label="Or their name, if not on the register (independent members, the adviser)",
        required=False,
        max_length=160,
    )
    reasons = _reasons()
    delegated_by = _person_field("Chief officer who delegated the chair (a chair by delegation)")
    delegated_on = uk_date_field("Date of the delegation", required=False)
    delegation_reasons = _reasons("Reasons for the delegation", required=False)
    staff_seniority_reasons = _reasons("Police staff: why they are senior enough (optional)", required=False)
    replaces = forms.ModelChoiceField(
        queryset=None, label="Replaces (optional)", required=False, empty_label="Nobody: a new appointment"
    )

    def __init__(self, *args, proceedings, **kwargs):
        super().__init__(*args, **kwargs)
        current = panels.current(proceedings)
        self.fields["replaces"].queryset = proceedings.panel.filter(pk__in=[row.pk for row in current])
        self.fields["replaces"].label_from_instance = str


class ConflictForm(Form):
    person = _person_field("Person on the register")
    name = forms.CharField(label="Or their name, if not on the register", required=False, max_length=160)
    reasons = _reasons("Why they may not sit")


class _When(Form):
    starts_on = uk_date_field("Date")
    starts_time = forms.TimeField(label="Time", help_text="For example, 10:00", input_formats=["%H:%M", "%H.%M"])

    def starts_at(self):
        data = self.cleaned_data
        return timezone.make_aware(datetime.combine(data["starts_on"], data.get("starts_time") or time(10)))


class ScheduleForm(_When):
    place = forms.CharField(label="Place", max_length=200)
    agreed = forms.BooleanField(label="The date and time were agreed with the officer", required=False)
    reasons = _reasons("Notes (optional)", required=False)


class AlternativeForm(_When):
    place = forms.CharField(label="Place (optional: the same place if blank)", max_length=200, required=False)
    reasons = _reasons("Why the officer or their police friend is not available (optional)", required=False)


class StepForm(Form):
    kind = forms.ChoiceField(
        label="Step",
        choices=[(k.value, k.label) for k in services.STEPS],
        widget=forms.RadioSelect,
    )
    on = uk_date_field("Date it happened")
    reasons = _reasons("Notes (optional)", required=False)


class ExtendForm(Form):
    clock = forms.ChoiceField(
        label="Period extended",
        choices=[("timing", "Time for the meeting or hearing (reg 34)"), ("pre_hearing", "Pre-hearing (reg 33)")],
        widget=forms.RadioSelect,
    )
    working_days = forms.IntegerField(label="Working days added", min_value=1, max_value=250)
    reasons = _reasons("The chair's reasons: why it is in the interests of justice")


class PublicNoticeForm(Form):
    published_on = uk_date_field("Date published")
    text = forms.CharField(label="What was published", max_length=20000, widget=forms.Textarea(attrs=_TEXT))
    officer_named = forms.BooleanField(label="The officer's name and rank were published", required=False)
    withheld = _reasons("What was withheld (optional)", required=False)
    withholding_reasons = _reasons("The chair's reasons for withholding (optional)", required=False)


class OutcomeNoticeForm(Form):
    notified_on = uk_date_field("Date the officer was given the notice")
    reasons = _reasons("Summary of the reasons for the finding and outcome")
    appeal_route = _reasons("Appeal route (optional: the regulation's wording if blank)", required=False)
