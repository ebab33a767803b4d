"""The case's letters under the regulations, as letter kinds (notifications.kinds): the reg 17
notice, the notice of referral and the outcome letter: what each may say, its sample, who
approves it, which clock runs on the answer.

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


LETTER_KINDS = (
    letter_kind(
        LetterKind.REG17_NOTICE,
        offers_response=True,
        response_clock="reg17_written_statement",
        extra={
            "legal_basis": "The regulation requiring the notice, from the route table, e.g. Regulation 17, "
            "Police (Conduct) Regulations 2020",
            **_ALLEGATIONS,
            "severity": "Assessed severity, e.g. gross misconduct",
            "investigator.name": "Name of the investigator appointed under reg 15",
            **RESPONSE_VARIABLES,
        },
        sample={
            "legal_basis": "Regulation 17, Police (Conduct) Regulations 2020",
            "allegations": _SAMPLE_ALLEGATIONS,
            "severity": "gross misconduct",
            "investigator": {"name": "Ivy Marsh"},
            "response_due_on": date(2026, 10, 19),
            RESPONSE_URL: RESPONSE_URL_PLACEHOLDER,
        },
    ),
    letter_kind(
        LetterKind.REFERRAL_NOTICE,
        offers_response=True,
        response_clock="reg31_response",
        extra={
            "legal_basis": "The regulation requiring the notice, e.g. Regulation 30, Police (Conduct) Regulations 2020",
            "proceedings": "Form of proceedings, e.g. misconduct hearing",
            **_ALLEGATIONS,
            "severity": "Severity of the conduct, e.g. gross misconduct",
            **RESPONSE_VARIABLES,
        },
        sample={
            "legal_basis": "Regulation 30, Police (Conduct) Regulations 2020",
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
)
