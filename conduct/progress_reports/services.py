"""Recording the report on an investigation past 12 months: one transaction that writes the
report, each copy (a letter through the outbox, or the reasoned decision to withhold it), meets
the report clock and starts the 6-monthly one (conduct.cases.clocks.record_progress_report)."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from casework import services as casework_services
from casework.errors import Refused
from casework.models import Deadline
from casework.models.cases import EventKind
from conduct.cases import clocks
from conduct.progress_reports import recipients
from conduct.progress_reports.models import ProgressReport, Recipient, ReportCopy, ReportRegime
from notifications import outbox
from notifications.models import LetterKind

REPORT_CLOCKS = (clocks.INVESTIGATION_12_MONTHS, clocks.CM_INVESTIGATION_12_MONTHS, clocks.INVESTIGATION_6_MONTHLY)
LETTER_FOR = {
    Recipient.LOCAL_POLICING_BODY: LetterKind.PROGRESS_REPORT,
    Recipient.IOPC: LetterKind.PROGRESS_REPORT,
    Recipient.OFFICER: LetterKind.PROGRESS_REPORT_OFFICER,
    Recipient.COMPLAINANT: LetterKind.PROGRESS_REPORT_COMPLAINANT,
}


class ReportRefused(Refused):
    pass


@dataclass(frozen=True)
class ReportInput:
    made_on: date
    came_to_attention_on: date
    notice_given_on: date | None
    progress: str
    estimated_conclusion: date
    estimated_report: date
    reasons_for_time: str
    planned_steps: str


def due_clock(case):
    """The open report clock of the case (12-month or 6-monthly), or None."""
    return Deadline.objects.open().filter(case=case, person=None, kind__in=REPORT_CLOCKS).order_by("due_on").first()


def _problems(case, data: ReportInput, clock, today) -> list[tuple[str, str | None]]:
    problems = []
    if clock is None:
        problems.append(("No 12-month or 6-monthly report is due on this case.", None))
    for name, label in (
        ("progress", "the progress of the investigation"),
        ("reasons_for_time", "the reasons for the length of time taken"),
        ("planned_steps", "the planned steps to bring the investigation to a conclusion"),
    ):
        if not getattr(data, name).strip():
            problems.append((f"Enter {label}.", name))
    if data.made_on > today:
        problems.append(("The date the report was made must be today or in the past.", "made_on"))
    elif clock is not None and data.made_on < clock.starts_on:
        problems.append(("The report cannot be made before the period it covers began.", "made_on"))
    if data.came_to_attention_on > data.made_on:
        problems.append(("The date it came to attention must be on or before the report.", "came_to_attention_on"))
    if data.notice_given_on and not data.came_to_attention_on <= data.notice_given_on <= data.made_on:
        problems.append(
            ("Notice cannot be given before the matter came to attention, or after the report.", "notice_given_on")
        )
    if data.estimated_conclusion < data.made_on:
        problems.append(
            ("The investigation's estimated conclusion must be on or after the report.", "estimated_conclusion")
        )
    if data.estimated_report < data.estimated_conclusion:
        problems.append(
            ("The final report cannot be estimated before the investigation's conclusion.", "estimated_report")
        )
    return problems


def _withheld_problems(people, withheld: dict) -> list[tuple[str, str | None]]:
    keys = {addressee.key: addressee for addressee in people}
    problems = []
    for key, reasons in withheld.items():
        addressee = keys.get(key)
        if addressee is None:
            problems.append(("The report has no such recipient.", None))
        elif not addressee.ground:
            problems.append((f"The report to {addressee.name} may not be withheld.", f"withhold_{key}"))
        elif not (reasons or "").strip():
            problems.append((f"Give the reasons for withholding the report from {addressee.name}.", f"reasons_{key}"))
    return problems


def _refuse_if(problems):
    if problems:
        (message, field), *more = problems
        raise ReportRefused(message, field, more=more)


def _extra(report: ProgressReport) -> dict:
    return {
        "legal_basis": ReportRegime(report.regime).label,
        **{
            name: getattr(report, name)
            for name in (
                "period_start",
                "period_end",
                "came_to_attention_on",
                "notice_given_on",
                "progress",
                "estimated_conclusion",
                "estimated_report",
                "reasons_for_time",
                "planned_steps",
            )
        },
    }


def _letter(report, addressee, user):
    if addressee.recipient == Recipient.COMPLAINANT and not (addressee.email or addressee.address):
        raise ReportRefused(
            "No email or postal address is held for the complainant. Add one to the case, or withhold the "
            "information with reasons.",
            f"withhold_{addressee.key}",
        )
    common = {
        "kind": LETTER_FOR[addressee.recipient],
        "case": report.case,
        "sender": user,
        "idempotency_key": f"progress-report:{report.pk}:{addressee.key}",
        "actor": user,
        "extra": _extra(report),
    }
    if addressee.person is not None:
        return outbox.compose_to_person(person=addressee.person, **common)
    return outbox.compose(
        recipient_name=addressee.name, recipient_email=addressee.email, recipient_address=addressee.address, **common
    )


@transaction.atomic
def record_report(*, user, case, data: ReportInput, withheld: dict | None = None) -> ProgressReport:
    """Record the report made on `data.made_on`; `withheld` maps a recipient's key (see
    recipients.addressees) to the reasons its copy is withheld. Refused, with every problem at once,
    and nothing written, when the input is wrong or no report is due."""
    case = casework_services.lock_case(case, refused=ReportRefused)
    withheld = {key: reasons for key, reasons in (withheld or {}).items()}
    clock = due_clock(case)
    people = recipients.addressees(case)
    _refuse_if(_problems(case, data, clock, timezone.localdate()) + _withheld_problems(people, withheld))
    report = ProgressReport.objects.create(
        case=case,
        regime=recipients.regime_of(case),
        clock=clock.kind,
        period_start=clock.starts_on,
        period_end=clock.due_on,
        recorded_by=user,
        **vars(data),
    )
    for addressee in people:
        reasons = withheld.get(addressee.key, "").strip()
        ReportCopy.objects.create(
            report=report,
            recipient=addressee.recipient,
            person=addressee.person,
            name=addressee.name,
            withheld=bool(reasons),
            ground=addressee.ground if reasons else "",
            withheld_reasons=reasons,
            letter=None if reasons else _letter(report, addressee, user),
        )
    clocks.record_progress_report(case=case, user=user, on=data.made_on)
    sent = [a.name for a in people if a.key not in withheld]
    casework_services.record_event(
        case,
        kind=EventKind.NOTE,
        summary=f"Report on the investigation past 12 months made ({ReportRegime(report.regime).label})",
        detail=("Sent to: " + "; ".join(sent)) if sent else recipients.IOPC_REPORTS if not people else "All withheld.",
        actor=user,
    )
    return report
