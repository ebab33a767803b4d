"""The complainant's letters (notifications.kinds): the acknowledgement, the updates and the
outcome with the right of review. Each goes to the contact details held for the case
(casework.ComplainantContact); with no email address the letter waits in "Letters needing a
decision" to be printed and posted, like any letter without one. docs/letters.md."""

from datetime import date

from notifications.kinds import COMPLAINANT, RESPONSE_URL, RESPONSE_URL_PLACEHOLDER, RESPONSE_VARIABLES, letter_kind
from notifications.models import LetterKind

LETTER_KINDS = (
    letter_kind(
        LetterKind.COMPLAINT_ACKNOWLEDGEMENT,
        audience=COMPLAINANT,
        extra={
            "received_on": 'Date the complaint was received (use |date:"j F Y")',
            "legal_basis": "The law the complaint is handled under, from the route table",
            "update_interval": "How often the complainant is kept informed, from the clock rule, e.g. 4 weeks",
            "next_update_by": 'Date of the first update at the latest (use |date:"j F Y")',
        },
        sample={
            "recipient": {"name": "Ms Jo Bloggs"},
            "received_on": date(2026, 10, 1),
            "legal_basis": "Police Reform Act 2002 Schedule 3 Part 1; Police (Complaints and Misconduct) "
            "Regulations 2020",
            "update_interval": "4 weeks",
            "next_update_by": date(2026, 10, 29),
        },
    ),
    letter_kind(
        LetterKind.COMPLAINT_UPDATE,
        audience=COMPLAINANT,
        extra={
            "update_text": "What the investigator tells the complainant (several lines)",
            "next_update_by": 'Date of the next update at the latest (use |date:"j F Y")',
        },
        sample={
            "recipient": {"name": "Ms Jo Bloggs"},
            "update_text": "We have now spoken to the officers involved and have asked for the body-worn video "
            "footage of the incident.",
            "next_update_by": date(2026, 11, 26),
        },
    ),
    letter_kind(
        LetterKind.COMPLAINT_OUTCOME,
        audience=COMPLAINANT,
        approval=True,
        offers_response=True,
        response_clock="complainant_review",
        extra={
            "findings": "What was found (several lines)",
            "outcome": "The outcome of the handling of the complaint (several lines)",
            "action": "Action taken or to be taken (several lines; may be blank)",
            "has_review_right": "True when the complainant may apply for a review: use {% if has_review_right %}",
            "review_basis": "The paragraph giving the right of review, e.g. Police Reform Act 2002, "
            "Schedule 3, paragraph 25",
            "review_body.name": "The relevant review body, e.g. the Independent Office for Police Conduct",
            "review_body.how_to_apply": "How to apply to it, as the force words it (several lines)",
            **RESPONSE_VARIABLES,
            "response_due_on": "Last day to apply for a review: 28 days from the day after the letter "
            '(C&M Regs 2020 reg 29(2)) (use |date:"j F Y")',
        },
        sample={
            "recipient": {"name": "Ms Jo Bloggs"},
            "findings": "The officer's search of your car was lawful, but the reasons for it were not explained "
            "to you as they should have been.",
            "outcome": "The service you received was not acceptable.",
            "action": "The officer will receive reflective practice on explaining the grounds for a search.",
            "has_review_right": True,
            "review_basis": "Police Reform Act 2002, Schedule 3, paragraph 25",
            "review_body": {
                "name": "the Police and Crime Commissioner",
                "how_to_apply": "Write to the Office of the Police and Crime Commissioner, quoting the reference.",
            },
            "response_due_on": date(2026, 12, 3),
            RESPONSE_URL: RESPONSE_URL_PLACEHOLDER,
        },
    ),
)
