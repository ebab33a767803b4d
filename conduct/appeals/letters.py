"""The appellant's letters (notifications.kinds): the acknowledgement of the notice of appeal and
the result of the appeal, to the officer at the address the register holds (none: the letter
waits in "Letters needing a decision" to be printed and posted). docs/letters.md."""

from datetime import date

from notifications.kinds import letter_kind
from notifications.models import LetterKind

LETTER_KINDS = (
    letter_kind(
        LetterKind.APPEAL_ACKNOWLEDGEMENT,
        extra={
            "appeal_kind": "What the appeal is, e.g. an appeal from a misconduct meeting (Conduct Regs reg 45)",
            "lodged_on": 'Date the notice of appeal was given (use |date:"j F Y")',
            "grounds": "The grounds relied on, one a line",
            "late": "True when the notice came after the period and was accepted on an extension",
            "legal_basis": "The regulation or rules the appeal is brought under",
        },
        sample={
            "appeal_kind": "an appeal from a misconduct meeting",
            "lodged_on": date(2026, 12, 21),
            "grounds": "- The finding or disciplinary action imposed was unreasonable",
            "late": False,
            "legal_basis": "Regulation 45, Police (Conduct) Regulations 2020",
        },
    ),
    letter_kind(
        LetterKind.APPEAL_RESULT,
        extra={
            "appeal_kind": "What the appeal was",
            "result": "The result, e.g. Appeal dismissed: the finding and outcome confirmed",
            "decided_on": 'Date of the determination (use |date:"j F Y")',
            "outcome": "The outcome that now stands, e.g. Written warning",
            "reasons": "A summary of the reasons (several lines)",
            "legal_basis": "The regulation or rules the appeal was determined under",
        },
        sample={
            "appeal_kind": "an appeal from a misconduct meeting",
            "result": "Appeal allowed: another outcome substituted",
            "decided_on": date(2027, 1, 20),
            "outcome": "Written warning",
            "reasons": "The final written warning did not take account of the officer's previous good record.",
            "legal_basis": "Regulation 47, Police (Conduct) Regulations 2020",
        },
    ),
)
