"""Forms for duty decisions. They check what a form can (required fields, dates, choices); the
rules that need the record or the acting user (reg 11 conditions, maker-checker, state) are the
service's (conduct.duty.services), whose refusals the views show on the form, on the field they name."""

from django import forms
from django.utils import timezone

from casework.forms.base import Form
from casework.forms.fields import uk_date_field
from conduct.duty.checks import IopcConsultation
from conduct.duty.models import REPLACEMENT_KINDS
from conduct.duty.reviews import ReviewInput
from conduct.duty.terms import DecisionTerms, reasoning_problems
from conduct.models import DutyKind, RepresentationChannel, ReviewOutcome, ReviewTrigger, SuspensionGround

TEXT_MAX = 5000
REASONING_FIELDS = ("redeployment_considered_reason", "ground", "ground_reasoning", "rationale", "conditions")

REDEPLOYMENT_LABEL = "Why is temporary redeployment to alternative duties or another location not appropriate?"
REDEPLOYMENT_HINT = "Reg 11: redeployment must have been considered and ruled out. Say what was considered."
RATIONALE_LABEL = "Why is this enough?"
RATIONALE_HINT = (
    "Restriction, non-public-facing role, redeployment or full duties: why it manages the risk, "
    "and why suspension is not needed."
)


YES, NO = "yes", "no"
PUBLIC_FACING_CHOICES = [(YES, "Yes: the role faces the public"), (NO, "No: the role does not face the public")]


def _public_facing_field(label="Does the role face the public?"):
    return forms.ChoiceField(
        label=label,
        choices=PUBLIC_FACING_CHOICES,
        widget=forms.RadioSelect,
        required=False,
        help_text="Restricted duties and redeployment only: restricted or redeployed officers can still face the "
        "public. Suspension and a non-public-facing role never do; full duties always do.",
        error_messages={"invalid_choice": "Choose whether the role faces the public"},
    )


def _answer(value):
    """The radio's answer as a bool, or None when not given."""
    return {YES: True, NO: False}.get(value)


def _text(label, *, hint="", required=False, message=""):
    return forms.CharField(
        label=label,
        help_text=hint,
        required=required,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": message or f"Enter {label[0].lower()}{label[1:]}"},
    )


class IopcConsultationFields:
    """While the IOPC investigates, a duty decision form asks for the IOPC's consultation: its three
    fields are added (after the form's own) only then, with why as the hint. Whether they are
    complete is the service's check (conduct.duty.checks.check_iopc_consultation)."""

    def add_iopc_fields(self, needed: str | None) -> None:
        self.iopc_needed = needed
        if not needed:
            return
        self.fields["iopc_consulted_on"] = uk_date_field(
            "Date the IOPC was consulted", hint=f"{needed} For example, 27/03/2026", required=False
        )
        self.fields["iopc_consultee"] = forms.CharField(label="Who at the IOPC", max_length=200, required=False)
        self.fields["iopc_view"] = _text("The IOPC's view")

    def consultation(self) -> IopcConsultation | None:
        if not getattr(self, "iopc_needed", None):
            return None
        data = self.cleaned_data
        return IopcConsultation(
            data.get("iopc_consulted_on"), data.get("iopc_consultee", ""), data.get("iopc_view", "")
        )


class TermsForm(Form):
    """What is decided and why: the proposal, and the amendable part of the approval."""

    kind = forms.ChoiceField(
        label="What is proposed?",
        choices=DutyKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what is proposed", "invalid_choice": "Select what is proposed"},
    )
    allegations = forms.ModelMultipleChoiceField(
        label="Which allegations does it rest on?",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Select the allegation or allegations the decision rests on",
            "invalid_choice": "Select allegations against this person",
            "invalid_pk_value": "Select allegations against this person",
        },
    )
    redeployment_considered_reason = _text(REDEPLOYMENT_LABEL, hint=REDEPLOYMENT_HINT)
    ground = forms.ChoiceField(
        label="Ground for suspension (reg 11)",
        choices=SuspensionGround.choices,
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": "Select a ground from the list"},
    )
    ground_reasoning = _text("Reasoning for the ground", hint="Why it holds on the facts of this case.")
    rationale = _text(RATIONALE_LABEL, hint=RATIONALE_HINT)
    public_facing = _public_facing_field()
    conditions = _text(
        "Conditions while it lasts (optional)",
        hint="For example: not to enter police premises, not to contact witnesses. Stated in the officer's notice.",
    )

    fixed_kind = ""  # a form that decides one kind only (urgent suspension) has no kind field
    # The reg 11 reasoning is asked only when a suspension is chosen (a GOV.UK conditional reveal).
    reveals = {"kind": {DutyKind.SUSPEND.value: ["redeployment_considered_reason", "ground", "ground_reasoning"]}}

    def __init__(self, *args, subject, **kwargs):
        super().__init__(*args, **kwargs)
        allegations = subject.allegations.all()
        self.fields["allegations"].queryset = allegations
        self.fields["allegations"].label_from_instance = lambda a: a.description[:160]
        if not self.is_bound and "allegations" not in self.initial:
            only = list(allegations.values_list("pk", flat=True)[:2])
            if len(only) == 1:  # the only allegation is the one it rests on
                self.initial["allegations"] = only

    def clean(self):
        """The reasoning the chosen kind needs (the service's own rule, conduct.duty.terms), checked
        here too so every missing answer shows at once, beside the form's own errors."""
        data = super().clean()
        kind = self.fixed_kind or data.get("kind")
        if kind:
            terms = DecisionTerms(
                kind=kind,
                **{name: data.get(name) or "" for name in REASONING_FIELDS},
                public_facing=_answer(data.get("public_facing", "")),
            ).cleaned()
            for message, name in reasoning_problems(terms):
                if name not in self.errors:
                    self.add_error(name, message)
        return data

    def terms(self) -> DecisionTerms:
        data = self.cleaned_data
        return DecisionTerms(
            kind=data["kind"],
            allegations=list(data["allegations"]),
            redeployment_considered_reason=data["redeployment_considered_reason"],
            ground=data["ground"],
            ground_reasoning=data["ground_reasoning"],
            rationale=data["rationale"],
            conditions=data["conditions"],
            public_facing=_answer(data.get("public_facing", "")),
        )

    @classmethod
    def initial_from(cls, decision) -> dict:
        return {
            "kind": decision.kind,
            "allegations": [a.pk for a in decision.allegations.all()],
            "redeployment_considered_reason": decision.redeployment_considered_reason,
            "ground": decision.ground,
            "ground_reasoning": decision.ground_reasoning,
            "rationale": decision.rationale,
            "conditions": decision.conditions,
            "public_facing": YES if decision.public_facing else NO,
        }


class UrgentSuspensionForm(IopcConsultationFields, TermsForm):
    """An appropriate authority suspends at once; the officer has been told orally."""

    fixed_kind = DutyKind.SUSPEND
    told_on = uk_date_field("Date the officer was told")
    reasons = _text("Why could it not wait for a written proposal?", required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["kind"], self.fields["rationale"], self.fields["public_facing"]
        self.fields["ground"].required = True
        self.fields["ground"].error_messages["required"] = "Select the ground for suspension"
        self.fields["redeployment_considered_reason"].required = True
        self.fields["redeployment_considered_reason"].error_messages["required"] = (
            "Say why redeployment is not appropriate"
        )
        self.fields["ground_reasoning"].required = True
        self.fields["ground_reasoning"].error_messages["required"] = "Give the reasoning for the ground"
        self.order_fields(["told_on", "allegations", "redeployment_considered_reason", "ground", "ground_reasoning"])

    def clean_told_on(self):
        value = self.cleaned_data["told_on"]
        if value > timezone.localdate():
            raise forms.ValidationError("The date the officer was told must be today or in the past")
        return value

    def terms(self) -> DecisionTerms:
        self.cleaned_data.setdefault("kind", DutyKind.SUSPEND)
        self.cleaned_data.setdefault("rationale", "")
        return super().terms()


APPROVE, REJECT = "approve", "reject"
TERM_FIELDS = list(TermsForm.base_fields)


class DecideForm(IopcConsultationFields, TermsForm):
    """Approve (as proposed, or amended by changing the terms) or reject, with reasons."""

    outcome = forms.ChoiceField(
        label="Your decision",
        choices=[(APPROVE, "Approve (change the terms below to amend)"), (REJECT, "Reject")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether to approve or reject"},
    )
    reasons = _text("Reasons for your decision", required=True, message="Give the reasons for your decision")
    effective_on = uk_date_field("Date it takes effect", required=False)
    field_order = ["outcome", "reasons", "effective_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].label = "What is decided?"

    def clean(self):
        data = super().clean()
        if data.get("outcome") == REJECT:
            # A rejection decides nothing about the terms: their errors do not stop it.
            for name in TERM_FIELDS:
                self._errors.pop(name, None)
        elif data.get("outcome") == APPROVE and not data.get("effective_on") and "effective_on" not in self._errors:
            self.add_error("effective_on", "Enter the date it takes effect")
        return data

    @property
    def rejecting(self) -> bool:
        return self.data.get("outcome") == REJECT


class ReviewForm(IopcConsultationFields, Form):
    trigger = forms.ChoiceField(
        label="What prompted this review?",
        choices=ReviewTrigger.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what prompted the review"},
    )
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=ReviewOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the outcome of the review"},
    )
    replacement_kind = forms.ChoiceField(
        label="What replaces it?",
        choices=[("", "Not replacing")] + [(k.value, k.label) for k in REPLACEMENT_KINDS],
        required=False,
        help_text="Only when replacing.",
    )
    redeployment_considered_reason = _text(
        REDEPLOYMENT_LABEL, hint="Continuing a suspension: record the reg 11 conditions afresh."
    )
    ground = forms.ChoiceField(
        label="Ground for suspension (reg 11)",
        choices=SuspensionGround.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text="Continuing a suspension only.",
    )
    ground_reasoning = _text("Reasoning for the ground", hint="Continuing a suspension only.")
    rationale = _text(RATIONALE_LABEL, hint="Continuing a restriction, or replacing: why it manages the risk.")
    public_facing = _public_facing_field("Does the role face the public from now?")
    conditions = _text("Conditions from now (optional)")
    reasons = _text("Reasons for the outcome", required=True, message="Give the reasons for the outcome")

    def review_input(self, decision) -> ReviewInput:
        data = self.cleaned_data
        return ReviewInput(
            trigger=data["trigger"],
            outcome=data["outcome"],
            reasons=data["reasons"],
            replacement_kind=data["replacement_kind"] if data["outcome"] == ReviewOutcome.REPLACE else "",
            consultation=self.consultation(),
            terms=DecisionTerms(
                kind=decision.kind,
                redeployment_considered_reason=data["redeployment_considered_reason"],
                ground=data["ground"],
                ground_reasoning=data["ground_reasoning"],
                rationale=data["rationale"],
                conditions=data["conditions"],
                public_facing=_answer(data.get("public_facing", "")),
            ),
        )


class RepresentationsForm(Form):
    received_on = uk_date_field("Date received")
    channel = forms.ChoiceField(
        label="How were they received?",
        choices=RepresentationChannel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the representations were received"},
    )
    summary = _text("Summary of the representations", required=True, message="Summarise the representations")


class RequestReviewForm(Form):
    reason = _text(
        "What has changed?",
        hint="For example: the officer has been charged, new evidence, the criminal investigation has ended.",
        required=True,
        message="Describe the significant change",
    )
