"""The letters of the regulations, as letter kinds (notifications.kinds): what each may say, its
sample, who approves it, which clock runs on the answer. notifications owns the generic kinds
(requests for information, reminders, chasers) and may not import conduct, so conduct registers
these from ConductConfig.ready. docs/letters.md describes them for people.

The LetterKind values themselves stay in notifications.models: they are the choices of a
database field, and moving them would move the field's choices with them.
"""

from datetime import date

from notifications.kinds import (
    ACCESS_REQUEST_VARIABLES,
    RESPONSE_URL,
    RESPONSE_URL_PLACEHOLDER,
    RESPONSE_VARIABLES,
    SAMPLE_ACCESS_REQUEST,
    letter_kind,
    register_kind,
)
from notifications.models import LetterKind

_ALLEGATIONS = {
    "allegations": "The allegations, a list: loop with {% for allegation in allegations %}",
    "allegations[].description": "What is alleged",
    "allegations[].standards": 'Standards of Professional Behaviour engaged, a list of names (use |join:", ")',
    "allegations[].standards[]": "The name of one standard, inside {% for standard in allegation.standards %}",
}

_SAMPLE_ALLEGATIONS = [
    {
        "description": "On 14 September 2026 you shared messages of a misogynistic and racist nature in a "
        "WhatsApp group chat whose members included serving police officers.",
        "standards": ["Discreditable conduct", "Equality and diversity"],
    },
    {
        "description": "You failed to report or challenge the messages posted by other members of the group.",
        "standards": ["Challenging and reporting improper conduct"],
    },
]


_SUSPENSION = {
    "reasons": "Summary of the reasons for the decision (several lines)",
    "conditions": "Conditions that apply while it lasts (several lines; may be blank)",
    "effective_on": "Date it takes effect",
    "review_by": "Date by which it will next be reviewed",
}
_SAMPLE_REASONS = (
    "Temporary redeployment to alternative duties was considered and is not appropriate because the "
    "allegations concern your conduct towards members of the public and colleagues.\n"
    "The public interest requires your suspension given the nature of the allegations."
)
_SAMPLE_CONDITIONS = (
    "You must not enter police premises without the prior agreement of Professional Standards.\n"
    "You must not contact any witness in the investigation."
)


REGULATION_KINDS = (
    letter_kind(
        LetterKind.REG17_NOTICE,
        offers_response=True,
        response_clock="reg17_written_statement",
        extra={
            **_ALLEGATIONS,
            "severity": "Assessed severity, e.g. gross misconduct",
            "investigator.name": "Name of the investigator appointed under reg 15",
            **RESPONSE_VARIABLES,
        },
        sample={
            "allegations": _SAMPLE_ALLEGATIONS,
            "severity": "gross misconduct",
            "investigator": {"name": "Ivy Marsh"},
            "response_due_on": date(2026, 10, 19),
            RESPONSE_URL: RESPONSE_URL_PLACEHOLDER,
        },
    ),
    letter_kind(
        LetterKind.SUSPENSION_NOTICE,
        approval=True,
        offers_response=True,
        response_clock="suspension_representations",
        extra={**_SUSPENSION, **RESPONSE_VARIABLES},
        sample={
            "reasons": _SAMPLE_REASONS,
            "conditions": _SAMPLE_CONDITIONS,
            "effective_on": date(2026, 10, 5),
            "review_by": date(2026, 11, 2),
            "response_due_on": date(2026, 10, 14),
            RESPONSE_URL: RESPONSE_URL_PLACEHOLDER,
        },
    ),
    letter_kind(
        LetterKind.SUSPENSION_REVIEW,
        approval=True,
        extra={
            "outcome": "What the review decided, e.g. Suspension continues",
            "reasons": "Summary of the reasons for the decision (several lines)",
            "conditions": "Conditions that apply from now (several lines; may be blank)",
            "reviewed_on": "Date of the review",
            "next_review_by": "Date of the next review (blank when the suspension ends)",
        },
        sample={
            "outcome": "Suspension continues",
            "reasons": "The investigation is at an early stage and witnesses have yet to be interviewed.",
            "conditions": _SAMPLE_CONDITIONS,
            "reviewed_on": date(2026, 11, 2),
            "next_review_by": date(2026, 11, 30),
        },
    ),
    letter_kind(
        LetterKind.RESTRICTION_NOTICE,
        approval=True,
        offers_response=True,
        # The alternatives to suspension keep its discipline (DOMAIN.md), representations included.
        response_clock="suspension_representations",
        extra={
            "restriction": "What is decided, e.g. restricted duties, non-public-facing role, redeployment",
            **_SUSPENSION,
            **RESPONSE_VARIABLES,
        },
        sample={
            "restriction": "a non-public-facing role",
            "reasons": "The allegations concern your conduct towards members of the public.",
            "conditions": "You will work in the Crime Management Unit, Monday to Friday.",
            "effective_on": date(2026, 10, 5),
            "review_by": date(2026, 11, 2),
            "response_due_on": date(2026, 10, 14),
            RESPONSE_URL: RESPONSE_URL_PLACEHOLDER,
        },
    ),
    letter_kind(
        LetterKind.REFERRAL_NOTICE,
        offers_response=True,
        response_clock="reg31_response",
        extra={
            "proceedings": "Form of proceedings, e.g. misconduct hearing",
            **_ALLEGATIONS,
            "severity": "Severity of the conduct, e.g. gross misconduct",
            **RESPONSE_VARIABLES,
        },
        sample={
            "proceedings": "misconduct hearing",
            "allegations": _SAMPLE_ALLEGATIONS,
            "severity": "gross misconduct",
            "response_due_on": date(2027, 2, 1),
            RESPONSE_URL: RESPONSE_URL_PLACEHOLDER,
        },
    ),
    letter_kind(
        LetterKind.OUTCOME_LETTER,
        approval=True,
        extra={
            "proceedings": "Form of proceedings, e.g. misconduct hearing",
            "finding": "The finding, e.g. Gross misconduct proved",
            "outcome": "The outcome, e.g. Final written warning",
            "reasons": "Summary of the reasons (several lines)",
            "appeal_route": "How and to whom to appeal (several lines)",
            "appeal_due_on": "Date by which an appeal must be made",
        },
        sample={
            "proceedings": "misconduct hearing",
            "finding": "Gross misconduct proved",
            "outcome": "Final written warning",
            "reasons": "The panel found that the messages were discriminatory and that sharing them "
            "was so serious as to justify a final written warning.",
            "appeal_route": "You may appeal to the Police Appeals Tribunal. Your notice of appeal must "
            "be given within 10 working days of receiving this letter.",
            "appeal_due_on": date(2027, 4, 16),
        },
    ),
    letter_kind(
        LetterKind.ACCESS_JUSTIFICATION,
        offers_response=True,
        response_clock="access_justification_response",
        extra={**ACCESS_REQUEST_VARIABLES, **RESPONSE_VARIABLES},
        sample={**SAMPLE_ACCESS_REQUEST, RESPONSE_URL: RESPONSE_URL_PLACEHOLDER},
    ),
)


def register_letter_kinds():
    for spec in REGULATION_KINDS:
        register_kind(spec)
