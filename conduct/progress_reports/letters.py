"""The letters of the report on an investigation past 12 months (notifications.kinds): the report
to the local policing body (and to the IOPC for a Schedule 3 investigation), its copy to the
officer concerned, and the information to the complainant. Each carries every item the
regulation lists and its legal basis. docs/letters.md."""

from datetime import date

from notifications.kinds import COMPLAINANT, OFFICER, letter_kind
from notifications.models import LetterKind

REPORT_VARIABLES = {
    "legal_basis": "The regulation the report is made under, e.g. Police (Conduct) Regulations 2020, regulation 19",
    "period_start": 'First day of the period the report covers (use |date:"j F Y")',
    "period_end": 'Day the report fell due: the end of the period (use |date:"j F Y")',
    "came_to_attention_on": "Date the allegation, complaint or matter came to the attention of the appropriate "
    'authority (use |date:"j F Y")',
    "notice_given_on": 'Date notice of the investigation was given to the officer, or blank (use |date:"j F Y")',
    "progress": "The progress of the investigation (several lines)",
    "estimated_conclusion": 'Estimated date the investigation will be concluded (use |date:"j F Y")',
    "estimated_report": 'Estimated date the final report will be submitted (use |date:"j F Y")',
    "reasons_for_time": "The reasons for the length of time taken (several lines)",
    "planned_steps": "Summary of the planned steps to bring the investigation to a conclusion (several lines)",
}
REPORT_SAMPLE = {
    "legal_basis": "Police (Conduct) Regulations 2020, regulation 19",
    "period_start": date(2025, 10, 1),
    "period_end": date(2026, 10, 1),
    "came_to_attention_on": date(2025, 10, 1),
    "notice_given_on": date(2025, 10, 20),
    "progress": "All witnesses have been interviewed; the digital forensic examination of the phone is awaited.",
    "estimated_conclusion": date(2027, 1, 31),
    "estimated_report": date(2027, 2, 28),
    "reasons_for_time": "The forensic examination is queued behind live criminal investigations.",
    "planned_steps": "Review the phone download; interview the officer again; write the final report.",
}

LETTER_KINDS = (
    letter_kind(
        LetterKind.PROGRESS_REPORT,
        extra=REPORT_VARIABLES,
        sample={**REPORT_SAMPLE, "recipient": {"name": "Office of the Police and Crime Commissioner"}},
    ),
    letter_kind(LetterKind.PROGRESS_REPORT_OFFICER, audience=OFFICER, extra=REPORT_VARIABLES, sample=REPORT_SAMPLE),
    letter_kind(
        LetterKind.PROGRESS_REPORT_COMPLAINANT,
        audience=COMPLAINANT,
        extra=REPORT_VARIABLES,
        sample={**REPORT_SAMPLE, "recipient": {"name": "Ms Jo Bloggs"}},
    ),
)
