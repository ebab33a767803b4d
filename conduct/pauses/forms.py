"""Forms for criminal proceedings pauses. They check what a form can (required text, dates); who
may decide, the subject's state and the dates' order are the service's (conduct.pauses.services)."""

from django import forms

from casework.forms.base import Form
from casework.forms.fields import uk_date_field

TEXT_MAX = 5000


def _text(label, *, hint="", message=""):
    return forms.CharField(
        label=label,
        help_text=hint,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": message},
    )


class PauseForm(Form):
    criminal_proceedings = _text(
        "Which criminal proceedings are outstanding?",
        hint="For example: charged with assault, first hearing at the magistrates' court on 12 January; "
        "or under criminal investigation, file with the CPS.",
        message="Say which criminal proceedings are outstanding",
    )
    reasons = _text(
        "Why would misconduct proceedings prejudice them?",
        hint="Reg 10(2) and (3). Say what you considered, including any prosecutor consulted about "
        "witnesses (reg 10(4)), and how relevant evidence is preserved (reg 10(3)(b)).",
        message="Give the reasons misconduct proceedings would prejudice them",
    )
    paused_on = uk_date_field("Date of the decision", required_message="Enter the date of the decision")


class ReviewForm(Form):
    reasons = _text(
        "Why does the pause continue?",
        hint="What is the state of the criminal proceedings, and why would misconduct proceedings "
        "still prejudice them?",
        message="Give the reasons the pause continues",
    )
    reviewed_on = uk_date_field("Date of the review", required_message="Enter the date of the review")


class EndForm(Form):
    reasons = _text(
        "Why can misconduct proceedings go ahead now?",
        hint="For example: the trial has ended, the CPS decided not to charge.",
        message="Give the reasons proceedings can resume",
    )
    ended_on = uk_date_field(
        "Date proceedings resume",
        hint="The stopped clocks restart from this day. For example, 27/03/2026",
        required_message="Enter the date proceedings resume",
    )
