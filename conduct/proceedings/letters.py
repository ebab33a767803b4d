"""The letters of meetings and hearings (notifications.kinds): the notice of the proceedings and
panel to the officer (Conduct Regs reg 35). The written notice of the outcome uses the case's
outcome letter (conduct/cases/letters.py). docs/letters.md describes them for people."""

from datetime import date

from notifications.kinds import letter_kind
from notifications.models import LetterKind

LETTER_KINDS = (
    letter_kind(
        LetterKind.PROCEEDINGS_NOTICE,
        extra={
            "legal_basis": "The regulation requiring the notice, e.g. Regulation 35, Police (Conduct) Regulations 2020",
            "proceedings": "Form of proceedings, e.g. misconduct hearing",
            "is_hearing": "True for a hearing (a panel): use {% if is_hearing %}",
            "starts_at": "Date and time, written out, e.g. 10:00 on 12 January 2027",
            "place": "Where the proceedings take place",
            "panel": "Who sits, a list: loop with {% for member in panel %}",
            "panel[].role": "Their role, e.g. Independent panel member",
            "panel[].name": "Their name",
            "delegation": "Who chairs by delegation from the chief officer, and when (may be blank)",
            "alternative_by": 'Last day an alternative date may fall on (reg 34) (use |date:"j F Y")',
        },
        sample={
            "legal_basis": "Regulation 35, Police (Conduct) Regulations 2020",
            "proceedings": "misconduct hearing",
            "is_hearing": True,
            "starts_at": "10:00 on 12 January 2027",
            "place": "Force Headquarters, Conference Room 2",
            "panel": [
                {"role": "Chair of the hearing panel", "name": "ACC Helen Price"},
                {"role": "Independent panel member", "name": "Mr Samuel Okafor"},
                {"role": "Independent panel member", "name": "Ms Ruth Evans"},
                {"role": "Legally qualified adviser", "name": "Ms Anna Patel"},
            ],
            "delegation": "The chief constable delegated the chair to ACC Helen Price on 2 December 2026.",
            "alternative_by": date(2027, 1, 19),
        },
    ),
)
