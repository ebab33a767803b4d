"""Duty decisions' letters, as letter kinds (notifications.kinds): the suspension and restriction
notices and the review letter.

notifications owns the generic kinds and may not import conduct, so each feature registers its
letters from its ready.py. The LetterKind values stay in notifications.models: they are the
choices of a database field. docs/letters.md describes them for people."""

from datetime import date

from notifications.kinds import (
    RESPONSE_URL,
    RESPONSE_URL_PLACEHOLDER,
    RESPONSE_VARIABLES,
    letter_kind,
)
from notifications.models import LetterKind

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


LETTER_KINDS = (
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
)
