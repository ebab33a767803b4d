"""The report to the College of Policing for its Barred or Advisory List as a letter
(notifications.kinds): every item the 2017 Regulations ask for, with the paragraph that asks for it,
emailed to the College's address with the letter as a PDF attachment. docs/letters.md."""

from notifications.kinds import letter_kind
from notifications.models import LetterKind

VARIABLES = {
    "list_name": "The list, e.g. Police Barred List",
    "report_title": "What the report is, e.g. Report of a dismissal",
    "legal_basis": "The provisions the report is made under, e.g. Police Act 1996 s.88A(1); Police Barred List "
    "and Police Advisory List Regulations 2017 reg 3",
    "further_report": "True for a further report on which the College removes the entry: use {% if further_report %}",
    "items": "The report's items, a list: loop with {% for item in items %}",
    "items[].label": "What the item is, with the paragraph that asks for it, e.g. Full name (reg 3(2)(a))",
    "items[].value": "The item (several lines for the description of the conduct)",
}
SAMPLE = {
    "list_name": "Police Barred List",
    "report_title": "Report of a dismissal",
    "legal_basis": "Police Act 1996 s.88A(1)(a), (c); Police Barred List and Police Advisory List Regulations "
    "2017 reg 3",
    "further_report": False,
    "items": [
        {"label": "Full name (reg 3(2)(a))", "value": "Dana Whitlock"},
        {"label": "The police force concerned (reg 3(2)(b))", "value": "Demo Constabulary"},
        {"label": "Date of the dismissal (reg 3(2)(j))", "value": "22 December 2026"},
    ],
    "recipient": {"name": "College of Policing, Barred and Advisory Lists"},
}

LETTER_KINDS = (letter_kind(LetterKind.LIST_REPORT, extra=VARIABLES, sample=SAMPLE, attach_pdf=True),)
