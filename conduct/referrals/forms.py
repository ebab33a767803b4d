"""Forms for IOPC referrals. They check the shape of the answers (a real date and time, a choice
from the list); the rules that need the referral or the acting user (its state, maker-checker,
dates against the case) are conduct.referrals.services', whose refusals the views show on the form."""

import re
from datetime import datetime, time

from django import forms
from django.utils import timezone

from casework.calendar import LONDON
from casework.forms.base import Form
from casework.forms.fields import uk_date_field
from conduct.models import DirectionKind, DirectionResponse, IopcDecision, ReferralKind, ReferralMethod

TIME_HINT = "Use the 24-hour clock, for example 14:30"
_TIME = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*$")


def _now_local():
    return timezone.now().astimezone(LONDON)


class MadeReferralForm(Form):
    """When, how and what was referred (a referral already made)."""

    referred_on = uk_date_field("Date the referral was made")
    referred_time = forms.CharField(
        label="Time the referral was made",
        help_text=TIME_HINT,
        max_length=10,
        error_messages={"required": "Enter the time the referral was made"},
    )
    method = forms.ChoiceField(
        label="How the referral was made",
        choices=ReferralMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the referral was made"},
    )
    what_referred = forms.CharField(
        label="What was referred",
        help_text="The allegations, subjects and material sent to the IOPC.",
        widget=forms.Textarea,
        max_length=10000,
        error_messages={"required": "Say what was referred to the IOPC"},
    )
    iopc_reference = forms.CharField(label="IOPC reference (optional)", required=False, max_length=60)

    def __init__(self, *args, **kwargs):
        now = _now_local()
        kwargs.setdefault("initial", {"referred_on": now.date(), "referred_time": f"{now:%H:%M}"})
        super().__init__(*args, **kwargs)

    def clean_referred_time(self):
        match = _TIME.match(self.cleaned_data["referred_time"])
        if not match or int(match[1]) > 23 or int(match[2]) > 59:
            raise forms.ValidationError("Enter a real time, for example 14:30")
        return time(int(match[1]), int(match[2]))

    def referred_at(self):
        """The date and time entered, as an aware moment in London time."""
        day, at = self.cleaned_data["referred_on"], self.cleaned_data["referred_time"]
        return datetime.combine(day, at, tzinfo=LONDON)

    def made(self) -> dict:
        return {
            "referred_at": self.referred_at(),
            "method": self.cleaned_data["method"],
            "what_referred": self.cleaned_data["what_referred"],
            "iopc_reference": self.cleaned_data["iopc_reference"],
        }


class OtherReferralForm(MadeReferralForm):
    """A voluntary referral, or a matter the IOPC called in, recorded as made."""

    kind = forms.ChoiceField(
        label="Kind of referral",
        choices=[(k.value, k.label) for k in (ReferralKind.VOLUNTARY, ReferralKind.CALL_IN)],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of referral"},
    )
    reasons = forms.CharField(
        label="Reasons for the referral",
        widget=forms.Textarea,
        max_length=10000,
        error_messages={"required": "Give the reasons for the referral"},
    )
    field_order = ["kind", "reasons"]


class NewConcernsForm(Form):
    concerns = forms.CharField(
        label="The new concerns",
        help_text="What has come to light since the referral was made. A fresh referral is due by the end of tomorrow.",
        widget=forms.Textarea,
        max_length=10000,
        error_messages={"required": "Describe the new concerns"},
    )


class NotRequiredForm(Form):
    reasons = forms.CharField(
        label="Why the referral is not required after all",
        help_text="For each criterion, why it is not met. An appropriate authority must approve this; until "
        "then the referral is still due.",
        widget=forms.Textarea,
        max_length=10000,
        error_messages={"required": "Give the reasons why the referral is not required"},
    )


class DecideNotRequiredForm(Form):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[("approve", "Approve: the referral is not required"), ("reject", "Reject: the referral is required")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to approve or reject the proposal"},
    )
    reason = forms.CharField(
        label="Your reasons",
        help_text="Required when you reject the proposal.",
        widget=forms.Textarea,
        required=False,
        max_length=10000,
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "reject" and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", "Give the reasons for rejecting the proposal")
        return cleaned


class IopcDecisionForm(Form):
    decision = forms.ChoiceField(
        label="The IOPC's decision",
        choices=IopcDecision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the IOPC's decision"},
    )
    decided_on = uk_date_field("Date of the IOPC's decision")
    iopc_reference = forms.CharField(label="IOPC reference (optional)", required=False, max_length=60)
    notes = forms.CharField(label="Notes (optional)", widget=forms.Textarea, required=False, max_length=10000)


# IOPC directions and recommendations ---------------------------------------------------------
class DirectionForm(Form):
    kind = forms.ChoiceField(
        label="What did the IOPC give?",
        choices=DirectionKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the IOPC gave"},
    )
    given_on = uk_date_field("Date the IOPC gave it", required_message="Enter the date the IOPC gave it")
    text = forms.CharField(
        label="What the IOPC said",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter what the IOPC said"},
    )
    respondent = forms.CharField(
        label="Who must respond",
        help_text="For example: the appropriate authority (the Chief Constable). Not needed for a note.",
        max_length=200,
        required=False,
    )
    due_on = uk_date_field(
        "Date the IOPC set for the response (directions only)",
        hint="A recommendation's response is due 56 days from the day it was made (PRA 2002 Sch 3 "
        "para 28B), worked out for you. For example, 27/03/2026",
        required=False,
    )


class DirectionResponseForm(Form):
    response = forms.ChoiceField(
        label="The force's response",
        choices=[c for c in DirectionResponse.choices if c[0]],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the response"},
    )
    response_reasons = forms.CharField(
        label="Reasons",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Give the reasons for the response"},
    )
    action_taken = forms.CharField(
        label="Action taken or proposed",
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    responded_on = uk_date_field("Date of the response", required_message="Enter the date of the response")
