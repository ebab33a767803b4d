"""The Barred List report falls due when proceedings end in dismissal (or, for a former officer or
employee, a finding that they would have been dismissed): the clock of regulation 3(1) of the 2017
Regulations starts, and recording that the report was made meets it. One transaction each."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from casework import calendar
from casework.errors import Refused, refuse_all
from casework.models.cases import EventKind
from casework.services import record_event
from conduct.cases import clocks
from conduct.lists.models import ListKind, ListReport, ListTrigger
from conduct.models import Outcome

BARRED_LIST_REPORT = "barred_list_report"


class ListRefused(Refused):
    pass


def trigger_of(proceedings) -> str | None:
    """Why the person must be reported to the Barred List, or None (s.88A(1) Police Act 1996)."""
    if not proceedings.barred_list:
        return None
    if proceedings.outcome == Outcome.WOULD_HAVE_BEEN_DISMISSED:
        return ListTrigger.WOULD_HAVE_BEEN_DISMISSED
    return ListTrigger.DISMISSAL


def on_outcome(*, proceedings, user, on: date | None = None) -> ListReport | None:
    """Proceedings just recorded their outcome: a dismissal (or finding) makes the report due, once."""
    trigger = trigger_of(proceedings)
    if trigger is None:
        return None
    existing = ListReport.objects.filter(proceedings=proceedings, kind=ListKind.BARRED).first()
    if existing is not None:  # e.g. a dismissal upheld on appeal: reported once, from the first
        return existing
    on = on or timezone.localdate()
    subject = proceedings.subject
    deadline = clocks.start_clock(
        BARRED_LIST_REPORT,
        case=subject.case,
        person=subject.person,
        owner=clocks.owner_for(subject.case, user),
        starts_on=on,
        actor=user,
    )
    return ListReport.objects.create(
        proceedings=proceedings,
        kind=ListKind.BARRED,
        person=subject.person,
        trigger=trigger,
        trigger_on=on,
        due_on=deadline.due_on if deadline else clocks.due_for(BARRED_LIST_REPORT, on),
    )


@dataclass(frozen=True)
class ReportMade:
    made_on: date
    how: str
    college_reference: str = ""


def _problems(report, data: ReportMade) -> list[tuple[str, str | None]]:
    problems = []
    if report.made:
        problems.append(("This report was already recorded as made.", None))
    if data.made_on > timezone.localdate():
        problems.append(("The date the report was made must be today or in the past.", "made_on"))
    elif data.made_on < report.trigger_on:
        problems.append(("The report cannot be made before the dismissal or finding it reports.", "made_on"))
    if not data.how.strip():
        problems.append(("Say how the report was sent to the College of Policing.", "how"))
    return problems


@transaction.atomic
def record_made(*, user, report: ListReport, data: ReportMade) -> ListReport:
    report = ListReport.objects.select_for_update().select_related("proceedings__subject__case").get(pk=report.pk)
    refuse_all(_problems(report, data), ListRefused)  # every problem at once
    report.made_on, report.how = data.made_on, data.how.strip()
    report.college_reference = data.college_reference.strip()
    report.made_by, report.made_recorded_at = user, timezone.now()
    report.save()
    case = report.proceedings.subject.case
    clocks.meet_clock(BARRED_LIST_REPORT, case=case, person=report.person, actor=user, on=data.made_on)
    late = calendar.working_days_between(report.due_on, data.made_on) if data.made_on > report.due_on else 0
    record_event(
        case,
        kind=EventKind.NOTE,
        summary=f"{report.person.full_name}: {report.get_kind_display()} report made on {data.made_on:%-d %B %Y}"
        + (f" ({late} working day{'s' if late != 1 else ''} late)" if late else ""),
        actor=user,
        person=report.person,
        detail=f"Sent: {report.how}."
        + (f" College reference {report.college_reference}." if report.college_reference else ""),
    )
    return report
