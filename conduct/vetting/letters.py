"""The officer's letters on a review of their vetting clearance (notifications.kinds): the notice
that the review is opened, with the date their representations are due; the decision with its
reasons and the right of appeal; the result of the appeal. To the officer at the address the
register holds (none: the letter waits in "Letters needing a decision" to be printed and posted).
Default wording: notifications/migrations/0016_vetting_letters.py. docs/vetting.md."""

from datetime import date

from notifications.kinds import letter_kind
from notifications.models import LetterKind

LEGAL_BASIS = "the Police (Vetting) Regulations 2025 and the statutory guidance on the withdrawal of vetting clearance"

LETTER_KINDS = (
    letter_kind(
        LetterKind.VETTING_NOTICE,
        extra={
            "reason": "Why the review was opened (several lines)",
            "representations_due_on": 'Date the officer\'s representations are due (use |date:"j F Y")',
            "legal_basis": "The regulations the review is carried out under",
        },
        sample={
            "reason": "A finding of gross misconduct at a hearing on 2 December 2026.",
            "representations_due_on": date(2026, 12, 21),
            "legal_basis": LEGAL_BASIS,
        },
    ),
    letter_kind(
        LetterKind.VETTING_DECISION,
        extra={
            "decision": "The decision, e.g. Clearance withdrawn",
            "withdrawn": "True when the clearance is withdrawn (the letter warns of dismissal)",
            "restrictions": "Restrictions on a modified clearance (several lines; blank otherwise)",
            "reasons": "The reasons for the decision (several lines)",
            "decided_on": 'Date of the decision (use |date:"j F Y")',
            "appeal_due_on": 'Last day to give notice of appeal (blank when there is no appeal) (use |date:"j F Y")',
            "legal_basis": "The regulations the decision is made under",
        },
        sample={
            "decision": "Clearance withdrawn",
            "withdrawn": True,
            "restrictions": "",
            "reasons": "The finding of gross misconduct concerned dishonesty in the course of duty.",
            "decided_on": date(2027, 1, 12),
            "appeal_due_on": date(2027, 1, 26),
            "legal_basis": LEGAL_BASIS,
        },
    ),
    letter_kind(
        LetterKind.VETTING_APPEAL_RESULT,
        extra={
            "result": "The result, e.g. Appeal dismissed: the decision stands",
            "decision": "The decision that now stands, e.g. Clearance withdrawn",
            "reasons": "The reasons for the result (several lines)",
            "decided_on": 'Date of the result (use |date:"j F Y")',
            "legal_basis": "The regulations the appeal was decided under",
        },
        sample={
            "result": "Appeal dismissed: the decision stands",
            "decision": "Clearance withdrawn",
            "reasons": "The grounds of appeal raised nothing the decision-maker had not considered.",
            "decided_on": date(2027, 2, 9),
            "legal_basis": LEGAL_BASIS,
        },
    ),
)
