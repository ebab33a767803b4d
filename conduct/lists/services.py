"""The reports a force owes the College of Policing (Police Act 1996 Part 4A): each falls due once,
on the event the Act names (a dismissal, a finding, a resignation or retirement under investigation,
the end of an Advisory List entry, a dismissal overturned on appeal), with its clock; then it is
prepared, approved by an appropriate authority other than its preparer and sent through the outbox
(or recorded as made by other means), and the College's acknowledgement is recorded. One
transaction each; every problem is said at once (casework.errors.refuse_all)."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from casework import calendar
from casework import deadlines as casework_deadlines
from casework.errors import Refused, refuse_all
from casework.models import RESIGNED_OR_RETIRED, CaseSubject, DeadlineState, LeavingReason
from casework.models.cases import CaseStatus, EventKind
from casework.services import record_event
from conduct.cases import clocks
from conduct.lists import content
from conduct.lists.models import (
    ADVISORY_ENTRIES,
    ADVISORY_LIST_REMOVAL,
    ADVISORY_LIST_REPORT,
    BARRED_LIST_FURTHER_REPORT,
    BARRED_LIST_REPORT,
    DISMISSAL_ROUTES,
    TRIGGERS,
    ListReport,
    ListTrigger,
    ReportState,
)
from conduct.models import Outcome, Proceedings, Stage
from notifications import outbox
from notifications.models import LetterKind

CLOCKS = (BARRED_LIST_REPORT, BARRED_LIST_FURTHER_REPORT, ADVISORY_LIST_REPORT, ADVISORY_LIST_REMOVAL)
BARRED_TRIGGERS = (ListTrigger.DISMISSAL, ListTrigger.WOULD_HAVE_BEEN_DISMISSED)
DISMISSALS = (ListTrigger.DISMISSAL, *DISMISSAL_ROUTES.values())
TITLES = {
    ListTrigger.DISMISSAL: "Report of a dismissal",
    ListTrigger.DISMISSAL_PERFORMANCE: "Report of a dismissal",
    ListTrigger.DISMISSAL_STAFF: "Report of a dismissal",
    ListTrigger.DISMISSAL_VETTING: "Report of a dismissal",
    ListTrigger.WOULD_HAVE_BEEN_DISMISSED: "Report of a finding that a former officer or employee would have "
    "been dismissed",
    ListTrigger.DISMISSAL_OVERTURNED: "Further report: the dismissal was overturned on appeal",
    ListTrigger.LEFT_UNDER_INVESTIGATION: "Report of a resignation or retirement under investigation",
    ListTrigger.ALLEGATION_AFTER_LEAVING: "Report of an allegation about a former officer who resigned or retired",
    ListTrigger.ADVISORY_ENDED: "Further report: the matter concluded (removal from the Advisory List)",
}


class ListRefused(Refused):
    pass


def trigger_of(proceedings) -> str | None:
    """Why the person must be reported to the Barred List, or None (s.88A(1) Police Act 1996)."""
    if not proceedings.barred_list:
        return None
    if proceedings.outcome == Outcome.WOULD_HAVE_BEEN_DISMISSED:
        return ListTrigger.WOULD_HAVE_BEEN_DISMISSED
    return ListTrigger.DISMISSAL


# Falling due --------------------------------------------------------------------------------
def open_report(*, trigger, person, on: date, user, event: str, case=None, proceedings=None, follows=None):
    """The report `event` makes due, written once (a repeated event returns the first), with its
    clock started from `on`: the trigger table (conduct.lists.models.TRIGGERS) names the list, the
    clock and the source."""
    existing = ListReport.objects.filter(event=event).first()
    if existing is not None:
        return existing
    kind, code, source = TRIGGERS[ListTrigger(trigger)]
    try:
        with transaction.atomic():  # a savepoint: the same event, reported concurrently, is one row
            report = ListReport.objects.create(
                person=person,
                case=case,
                proceedings=proceedings,
                kind=kind,
                trigger=trigger,
                event=event,
                follows=follows,
                trigger_on=on,
                due_on=clocks.due_for(code, on),
            )
    except IntegrityError:
        return ListReport.objects.get(event=event)
    deadline = clocks.start_clock(
        code,
        case=case,
        person=person,
        owner=clocks.owner_for(case, user) if case is not None else user,
        starts_on=on,
        actor=user,
        scope=f"list-report:{report.pk}",
        about=f"{report.get_kind_display()} report on {person.full_name}",
    )
    if deadline is not None:
        report.deadline, report.due_on = deadline, deadline.due_on
        report.save(update_fields=["deadline", "due_on"])
    if case is not None:
        record_event(
            case,
            kind=EventKind.NOTE,
            summary=f"{person.full_name}: {report.get_kind_display()} report due by {report.due_on:%-d %B %Y}",
            detail=f"{ListTrigger(trigger).label} on {on:%-d %B %Y}. Source: {source}.",
            actor=user,
            person=person,
        )
    return report


def on_outcome(*, proceedings, user, on: date | None = None) -> ListReport | None:
    """Proceedings just recorded their outcome: a dismissal (or finding) makes the report due, once
    (a dismissal upheld on appeal is reported from the first)."""
    trigger = trigger_of(proceedings)
    if trigger is None:
        return None
    subject = proceedings.subject
    return open_report(
        trigger=trigger,
        person=subject.person,
        case=subject.case,
        proceedings=proceedings,
        on=on or timezone.localdate(),
        user=user,
        event=f"proceedings:{proceedings.pk}:barred",
    )


def on_appeal_decided(*, proceedings, user, on: date | None = None) -> ListReport | None:
    """An appeal undid a dismissal the force reported (or owes): the further report of s.88F(1)."""
    if proceedings.barred_list:
        return None
    original = ListReport.objects.filter(proceedings=proceedings, trigger__in=BARRED_TRIGGERS).first()
    if original is None:
        return None
    subject = proceedings.subject
    return open_report(
        trigger=ListTrigger.DISMISSAL_OVERTURNED,
        person=subject.person,
        case=subject.case,
        proceedings=proceedings,
        follows=original,
        on=on or timezone.localdate(),
        user=user,
        event=f"overturned:{original.pk}",
    )


def _advisory_entries(**where):
    return ListReport.objects.filter(trigger__in=ADVISORY_ENTRIES, further_report=None, **where)


def _end_advisory(entry, *, proceedings, user, on):
    """s.88L(1): the entry ends unless the person was found to have been dismissable (then the
    Barred List report replaces it and the College removes the entry itself, s.88L(5))."""
    if proceedings is not None and proceedings.outcome == Outcome.WOULD_HAVE_BEEN_DISMISSED:
        return None
    return open_report(
        trigger=ListTrigger.ADVISORY_ENDED,
        person=entry.person,
        case=entry.case,
        proceedings=proceedings,
        follows=entry,
        on=on,
        user=user,
        event=f"ended:{entry.pk}",
    )


def on_concluded(*, proceedings, user, on: date | None = None) -> ListReport | None:
    """A subject's proceedings concluded (no case to answer, no further action, withdrawn, or an
    outcome final): an Advisory List entry on them ends with a further report (s.88L)."""
    subject = proceedings.subject
    entry = _advisory_entries(case=subject.case, person=subject.person).first()
    if entry is None:
        return None
    return _end_advisory(entry, proceedings=proceedings, user=user, on=on or timezone.localdate())


def on_case_closed(*, case, user):
    """The case closed with an Advisory List entry still open: no proceedings will be brought."""
    for entry in _advisory_entries(case=case).select_related("person"):
        proceedings = Proceedings.objects.filter(subject__case=case, subject__person=entry.person).first()
        _end_advisory(entry, proceedings=proceedings, user=user, on=timezone.localdate())


def on_person_dismissed(*, person, on: date, user, case=None, route: str, source=None, **_) -> ListReport:
    """Dismissed other than by misconduct proceedings' outcome (conduct.cases.hooks.person_dismissed):
    performance, the staff procedure or vetting. The Barred List report falls due (s.88A(1))."""
    trigger = DISMISSAL_ROUTES.get(route)
    if trigger is None:
        raise ValueError(f"Unknown dismissal route {route!r}: expected one of {sorted(DISMISSAL_ROUTES)}")
    # A dismissal recorded as "left the force" before the dismissal itself looked like a resignation
    # that day.
    _withdraw_mistaken_advisory(person, user, trigger_on=on)
    return open_report(
        trigger=trigger,
        person=person,
        case=case,
        on=on,
        user=user,
        event=f"dismissed:{route}:{person.pk}:{on.isoformat()}",
    )


def _withdraw_mistaken_advisory(person, user, **where):
    """Dismissed is not resigned or retired: the Advisory List reports on the person (those `where`
    says) not yet prepared are withdrawn, their clocks stopped."""
    for entry in _advisory_entries(person=person, state=ReportState.DUE, **where).select_related("deadline"):
        if entry.deadline is not None and entry.deadline.state == DeadlineState.OPEN:
            casework_deadlines.stop_deadline(
                deadline=entry.deadline,
                reason="Dismissed, not resigned or retired: no Advisory List report.",
                actor=user,
            )
        entry.delete()


def on_left_service(*, person, on: date, user, **_) -> list[ListReport]:
    """Someone left the service (casework.services.person_left_service: the HR import set the day
    they left, or a duty status "left" was recorded) while a subject of an open case whose
    proceedings are neither concluded nor ended in dismissal: the Advisory List report falls due
    (s.88I(1)(a); not when it was determined before they left that no proceedings would be brought,
    s.88I(2): those proceedings are concluded)."""
    subjects = CaseSubject.objects.filter(person=person, case__status=CaseStatus.OPEN).select_related(
        "case", "proceedings"
    )
    was_dismissed = dismissed(person, on)
    if person.left_by == LeavingReason.DISMISSED:  # the register (the HR import) says so: not an Advisory case
        _withdraw_mistaken_advisory(person, user)
    reports = []
    for subject in subjects:
        proceedings = getattr(subject, "proceedings", None)
        if was_dismissed or proceedings is None or proceedings.barred_list or proceedings.stage == Stage.CONCLUDED:
            continue
        if proceedings.outcome in (Outcome.DISMISSAL, Outcome.WOULD_HAVE_BEEN_DISMISSED):
            continue
        reports.append(
            open_report(
                trigger=ListTrigger.LEFT_UNDER_INVESTIGATION,
                person=person,
                case=subject.case,
                proceedings=proceedings,
                on=on,
                user=user,
                event=f"left:{subject.pk}",
            )
        )
        if not proceedings.advisory_list:  # the tag on the case page
            Proceedings.objects.filter(pk=proceedings.pk).update(advisory_list=True)
    return reports


def dismissed(person, on: date) -> bool:
    """Dismissed (on any case, by any route, or so the register says) is not "resigning or
    retiring": the Barred List applies, not the Advisory List."""
    return (
        person.left_by == LeavingReason.DISMISSED
        or Proceedings.objects.filter(subject__person=person, barred_list=True).exists()
        or ListReport.objects.filter(
            person=person, trigger__in=DISMISSALS, trigger_on__lte=on, further_report=None
        ).exists()
    )


# Preparing, approving, sending -------------------------------------------------------------------
def _locked(report) -> ListReport:
    return (
        ListReport.objects.select_for_update(of=("self",))
        .select_related("person__force", "person__rank", "case", "proceedings", "deadline", "follows")
        .get(pk=report.pk)
    )


def _meet(report, user, on):
    deadline = report.deadline
    if deadline is not None and deadline.state == DeadlineState.OPEN:
        casework_deadlines.meet_deadline(deadline=deadline, actor=user, on=on)


def _note(report, user, summary, detail=""):
    if report.case_id:
        record_event(report.case, kind=EventKind.NOTE, summary=summary, detail=detail, actor=user, person=report.person)


def asks_how_they_left(report) -> bool:
    """An s.88I(1)(b) report on someone whose register entry does not say they resigned or retired:
    reg 12(2)(e)(ii) asks which, so the preparer says (and the register records it)."""
    return report.trigger == ListTrigger.ALLEGATION_AFTER_LEAVING and report.person.left_by not in RESIGNED_OR_RETIRED


@transaction.atomic
def prepare(*, user, report: ListReport, summary: str, left_by: str = "") -> ListReport:
    """Check the report's content and set it down for approval: the items the regulation lists,
    built from the record, with the description of the conduct (or summary of the allegation), and
    for a report on a former officer whose register entry does not say how they left, whether they
    resigned or retired (`left_by`, written to the register)."""
    report = _locked(report)
    summary = (summary or "").strip()
    problems = []
    if report.state not in (ReportState.DUE, ReportState.PREPARED):
        problems.append(("This report was already sent.", None))
    if not summary:
        problems.append(("Enter the description of the conduct or the summary of the allegation.", "summary"))
    asks = asks_how_they_left(report)
    if asks and left_by not in RESIGNED_OR_RETIRED:
        problems.append(("Choose whether they resigned or retired.", "left_by"))
    if report.trigger == ListTrigger.ALLEGATION_AFTER_LEAVING and report.person.left_on is None:
        problems.append(("The register does not hold the date they left: import it before preparing.", None))
    refuse_all(problems, ListRefused)
    if asks:
        report.person.left_by = left_by
        report.person.save(update_fields=["left_by", "updated_at"])
    items = content.build(report, summary)
    report.summary, report.content = summary, [item.as_dict() for item in items]
    report.state, report.prepared_by, report.prepared_at = ReportState.PREPARED, user, timezone.now()
    report.save()
    _note(
        report,
        user,
        f"{report.person.full_name}: {report.get_kind_display()} report prepared for approval",
        f"The register now records that they {LeavingReason(left_by).label.lower()}." if asks else "",
    )
    return report


def _letter(report, user):
    items = [{"label": f"{item['label']} ({item['ref']})", "value": item["value"]} for item in report.content]
    return outbox.compose(
        kind=LetterKind.LIST_REPORT,
        recipient_name=settings.COLLEGE_LISTS_NAME,
        recipient_email=settings.COLLEGE_LISTS_EMAIL,
        sender=user,
        idempotency_key=f"list-report:{report.pk}",
        actor=user,
        case=report.case,
        person=report.person,
        approved_by=user,
        extra={
            "list_name": report.get_kind_display(),
            "report_title": TITLES[ListTrigger(report.trigger)],
            "legal_basis": report.source,
            "further_report": report.is_further_report,
            "items": items,
        },
    )


@transaction.atomic
def approve_and_send(*, user, report: ListReport) -> ListReport:
    """The appropriate authority approves the prepared report (never its preparer: a second pair of
    eyes on what the College is told); it goes to the College through the outbox as a letter with
    its PDF, logged as a disclosure when it leaves, and the clock is met today."""
    report = _locked(report)
    problems = []
    if report.state == ReportState.DUE:
        problems.append(("Prepare the report before it is approved.", None))
    elif report.state != ReportState.PREPARED:
        problems.append(("This report was already sent.", None))
    elif report.prepared_by_id == user.pk:
        problems.append(("You prepared this report: another appropriate authority must approve it.", None))
    refuse_all(problems, ListRefused)
    today = timezone.localdate()
    report.letter = _letter(report, user)
    report.state, report.approved_by, report.approved_at = ReportState.SENT, user, timezone.now()
    report.made_on, report.made_by, report.made_recorded_at = today, user, timezone.now()
    report.how = f"Letter by email to {settings.COLLEGE_LISTS_NAME} ({settings.COLLEGE_LISTS_EMAIL})"[:200]
    report.save()
    _meet(report, user, today)
    _note(
        report,
        user,
        f"{report.person.full_name}: {report.get_kind_display()} report approved and sent to the College of Policing",
        f"Prepared by {report.prepared_by.get_full_name() or report.prepared_by}; approved by "
        f"{user.get_full_name() or user}. {_lateness(report, today)}",
    )
    return report


def _lateness(report, made_on) -> str:
    if made_on <= report.due_on:
        return "Made within the period."
    late = calendar.working_days_between(report.due_on, made_on)
    return f"Made {late} working day{'s' if late != 1 else ''} late."


@dataclass(frozen=True)
class ReportMade:
    made_on: date
    how: str
    college_reference: str = ""


def _made_problems(report, data: ReportMade) -> list[tuple[str, str | None]]:
    problems = []
    if report.made:
        problems.append(("This report was already recorded as made.", None))
    if data.made_on > timezone.localdate():
        problems.append(("The date the report was made must be today or in the past.", "made_on"))
    elif data.made_on < report.trigger_on:
        problems.append(("The report cannot be made before the event it reports.", "made_on"))
    if not data.how.strip():
        problems.append(("Say how the report was sent to the College of Policing.", "how"))
    return problems


@transaction.atomic
def record_made(*, user, report: ListReport, data: ReportMade) -> ListReport:
    """The report was made by other means (the College's portal, say): recorded, and the clock met
    on the day it was made."""
    report = _locked(report)
    refuse_all(_made_problems(report, data), ListRefused)  # every problem at once
    report.made_on, report.how = data.made_on, data.how.strip()
    report.college_reference = data.college_reference.strip()
    report.made_by, report.made_recorded_at = user, timezone.now()
    report.state = ReportState.SENT
    report.save()
    _meet(report, user, data.made_on)
    late = calendar.working_days_between(report.due_on, data.made_on) if data.made_on > report.due_on else 0
    _note(
        report,
        user,
        f"{report.person.full_name}: {report.get_kind_display()} report made on {data.made_on:%-d %B %Y}"
        + (f" ({late} working day{'s' if late != 1 else ''} late)" if late else ""),
        f"Sent: {report.how}."
        + (f" College reference {report.college_reference}." if report.college_reference else ""),
    )
    return report


@transaction.atomic
def acknowledge(*, user, report: ListReport, acknowledged_on: date, college_reference: str) -> ListReport:
    """The College acknowledged the report, with its reference."""
    report = _locked(report)
    college_reference = (college_reference or "").strip()
    problems = []
    if not report.made:
        problems.append(("The report has not been sent yet.", None))
    elif report.state == ReportState.ACKNOWLEDGED:
        problems.append(("The College's acknowledgement is already recorded.", None))
    if acknowledged_on > timezone.localdate():
        problems.append(("The date of the acknowledgement must be today or in the past.", "acknowledged_on"))
    elif report.made and acknowledged_on < report.made_on:
        problems.append(("The College cannot acknowledge the report before it was made.", "acknowledged_on"))
    if not college_reference:
        problems.append(("Enter the College's reference.", "college_reference"))
    refuse_all(problems, ListRefused)
    report.state, report.acknowledged_on, report.acknowledged_by = ReportState.ACKNOWLEDGED, acknowledged_on, user
    report.college_reference = college_reference
    report.save()
    _note(
        report,
        user,
        f"{report.person.full_name}: the College acknowledged the {report.get_kind_display()} report",
        f"Acknowledged on {acknowledged_on:%-d %B %Y}, reference {college_reference}.",
    )
    return report
