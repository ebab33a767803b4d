"""The steps of a misconduct meeting or hearing after the referral, each starting, meeting or
extending the clock the regulation ties to it (docs/rules.md, "Meetings and hearings: panel and
clocks"), with its letter through the outbox. Every function takes the acting user, runs in one
transaction and refuses with ProceedingsRefused (nothing written).

| event | clock met | clocks started |
|---|---|---|
| officer's response received (reg 31(2)) | reg31_response | witness_lists (reg 31(4)), documents_to_chair (reg 32(6)) |
| witness lists exchanged | witness_lists | |
| documents to the chair (reg 32(6)) | documents_to_chair | pre_hearing (hearing); meeting_ or hearing_timing |
| date specified, not agreed (reg 34) | | alternative_date |
| officer's alternative date | alternative_date | |
| pre-hearing held | pre_hearing | |
| finding and outcome recorded (record_outcome) | meeting_timing / hearing_timing | reg43_findings_report |
| report on the findings (reg 43) | reg43_findings_report | |
"""

from django.db import transaction
from django.utils import timezone

from casework import calendar
from casework import deadlines as casework_deadlines
from casework.errors import Refused
from casework.models import Deadline
from casework.models.cases import EventKind as TimelineKind
from casework.services import record_event
from conduct.cases import clocks
from conduct.models import HearingEvent, Proceedings, PublicNotice, Stage, StageTransition
from conduct.models import HearingEventKind as Kind
from conduct.proceedings import notices

WITNESS_LISTS = "witness_lists"
DOCUMENTS_TO_CHAIR = "documents_to_chair"
PRE_HEARING = "pre_hearing"
MEETING_TIMING = "meeting_timing"
HEARING_TIMING = "hearing_timing"
ALTERNATIVE_DATE = "alternative_date"
FINDINGS_REPORT = "reg43_findings_report"
CLOCK_CODES = (
    clocks.REG31_RESPONSE,
    WITNESS_LISTS,
    DOCUMENTS_TO_CHAIR,
    PRE_HEARING,
    MEETING_TIMING,
    HEARING_TIMING,
    ALTERNATIVE_DATE,
    FINDINGS_REPORT,
)
FORUMS = (Stage.MEETING, Stage.HEARING, Stage.ACCELERATED)
EXTENDABLE = {"timing": (MEETING_TIMING, HEARING_TIMING), "pre_hearing": (PRE_HEARING,)}
# Events recorded through record_step (the others have their own services).
STEPS = (
    Kind.RESPONSE_RECEIVED,
    Kind.WITNESS_LISTS,
    Kind.DOCUMENTS_TO_CHAIR,
    Kind.PRE_HEARING_HELD,
    Kind.FINDINGS_REPORT,
)


class ProceedingsRefused(Refused):
    """The step is not possible now, or not with these inputs."""


def _lock(proceedings) -> Proceedings:
    return (
        Proceedings.objects.select_for_update(of=("self",))
        .select_related("subject__case", "subject__person__rank")
        .get(pk=proceedings.pk)
    )


def _before_outcome(proceedings):
    if proceedings.stage not in FORUMS:
        raise ProceedingsRefused("This step belongs to a subject referred to a meeting or hearing, before the outcome.")


def _outcome_recorded(proceedings) -> bool:
    return StageTransition.objects.filter(proceedings=proceedings, action="record_outcome").exists()


def _start(code, proceedings, on, user):
    case = proceedings.subject.case
    return clocks.start_clock(
        code, case=case, person=proceedings.subject.person, owner=clocks.owner_for(case, user), starts_on=on, actor=user
    )


def _meet(code, proceedings, on, user):
    return clocks.meet_clock(code, case=proceedings.subject.case, person=proceedings.subject.person, actor=user, on=on)


def _stop(code, proceedings, user, reason):
    return clocks.stop_clock(
        code, case=proceedings.subject.case, person=proceedings.subject.person, actor=user, reason=reason
    )


def _event(proceedings, kind, on, user, *, reasons="", **fields) -> HearingEvent:
    if HearingEvent.objects.filter(proceedings=proceedings, kind=kind).exists() and kind in _ONCE:
        raise ProceedingsRefused(f"“{Kind(kind).label}” is already recorded for this subject.")
    event = HearingEvent.objects.create(
        proceedings=proceedings, kind=kind, on=on, reasons=reasons, recorded_by=user, **fields
    )
    subject = proceedings.subject
    record_event(
        subject.case,
        kind=TimelineKind.NOTE,
        summary=f"{subject.person.full_name}: {Kind(kind).label}, {on:%d/%m/%Y}",
        actor=user,
        person=subject.person,
        detail=reasons,
    )
    return event


_ONCE = frozenset({Kind.RESPONSE_RECEIVED, Kind.DOCUMENTS_TO_CHAIR, Kind.FINDINGS_REPORT, Kind.OUTCOME_NOTIFIED})


def _not_in_future(on):
    if on is None:
        raise ProceedingsRefused("Enter the date.", "on")
    if on > timezone.localdate():
        raise ProceedingsRefused("The date cannot be in the future.", "on")


@transaction.atomic
def record_step(*, user, proceedings, kind, on, reasons="") -> HearingEvent:
    """Record one of the steps of STEPS on the day it happened, with its clocks."""
    if kind not in STEPS:
        raise ProceedingsRefused("Choose the step.", "kind")
    _not_in_future(on)
    proceedings = _lock(proceedings)
    if kind == Kind.FINDINGS_REPORT:
        if not _outcome_recorded(proceedings):
            raise ProceedingsRefused("Record the finding and outcome first: the report is on them (reg 43).", "kind")
    else:
        _before_outcome(proceedings)
    if kind == Kind.PRE_HEARING_HELD and proceedings.forum != Stage.HEARING:
        raise ProceedingsRefused("Only a misconduct hearing has a pre-hearing (reg 33).", "kind")
    if kind in (Kind.WITNESS_LISTS, Kind.DOCUMENTS_TO_CHAIR) and not _has(proceedings, Kind.RESPONSE_RECEIVED):
        raise ProceedingsRefused("Record the officer's response (reg 31(2)) first: this step runs from it.", "kind")
    event = _event(proceedings, kind, on, user, reasons=(reasons or "").strip())
    EFFECTS[kind](proceedings, on, user)
    return event


def _has(proceedings, kind) -> bool:
    return HearingEvent.objects.filter(proceedings=proceedings, kind=kind).exists()


def _response_received(proceedings, on, user):
    """reg 31(2) complied with: the reg 31 clock is met; witness lists (reg 31(4)) and the
    documents to the chair (reg 32(6)) run from it. Never the pre-hearing: that runs from the
    documents reaching the chair (reg 33(1))."""
    _meet(clocks.REG31_RESPONSE, proceedings, on, user)
    _start(WITNESS_LISTS, proceedings, on, user)
    _start(DOCUMENTS_TO_CHAIR, proceedings, on, user)


def _documents_to_chair(proceedings, on, user):
    _meet(DOCUMENTS_TO_CHAIR, proceedings, on, user)
    if proceedings.forum == Stage.HEARING:
        _start(PRE_HEARING, proceedings, on, user)
        _start(HEARING_TIMING, proceedings, on, user)
    elif proceedings.forum == Stage.MEETING:
        _start(MEETING_TIMING, proceedings, on, user)


EFFECTS = {
    Kind.RESPONSE_RECEIVED: _response_received,
    Kind.WITNESS_LISTS: lambda p, on, user: _meet(WITNESS_LISTS, p, on, user),
    Kind.DOCUMENTS_TO_CHAIR: _documents_to_chair,
    Kind.PRE_HEARING_HELD: lambda p, on, user: _meet(PRE_HEARING, p, on, user),
    Kind.FINDINGS_REPORT: lambda p, on, user: _meet(FINDINGS_REPORT, p, on, user),
}


# Date, time and place --------------------------------------------------------------------
@transaction.atomic
def schedule(*, user, proceedings, starts_at, place, agreed, reasons="") -> HearingEvent:
    """The date, time and place of the meeting or hearing (reg 34), and its notice to the officer
    with the panel (reg 35). A date not agreed with the officer opens the window for their
    alternative date (reg 34: 5 working days from the first working day after it)."""
    proceedings = _lock(proceedings)
    _before_outcome(proceedings)
    if starts_at is None:
        raise ProceedingsRefused("Enter the date and time.", "starts_on")
    if not (place or "").strip():
        raise ProceedingsRefused("Enter the place.", "place")
    if starts_at <= timezone.now():
        raise ProceedingsRefused("The date and time must be in the future.", "starts_on")
    day = calendar.local_date(starts_at)
    _stop(ALTERNATIVE_DATE, proceedings, user, "A new date was set.")
    event = _event(
        proceedings,
        Kind.SCHEDULED,
        day,
        user,
        reasons=(reasons or "").strip(),
        starts_at=starts_at,
        place=place.strip(),
        agreed=bool(agreed),
    )
    window = None if agreed else _start(ALTERNATIVE_DATE, proceedings, day, user)
    notices.send_proceedings_notice(proceedings=proceedings, event=event, alternative=window, user=user)
    return event


@transaction.atomic
def propose_alternative(*, user, proceedings, starts_at, place="", reasons="") -> HearingEvent:
    """The officer's alternative date and time (reg 34): reasonable, and within the window; the
    proceedings are postponed to it and the officer is given notice of it."""
    proceedings = _lock(proceedings)
    _before_outcome(proceedings)
    window = (
        Deadline.objects.open()
        .filter(case=proceedings.subject.case, person=proceedings.subject.person, kind=ALTERNATIVE_DATE)
        .first()
    )
    if window is None:
        raise ProceedingsRefused("There is no date specified without agreement for the officer to answer.")
    if starts_at is None:
        raise ProceedingsRefused("Enter the date and time.", "starts_on")
    day = calendar.local_date(starts_at)
    if day > window.due_on:
        raise ProceedingsRefused(
            f"The alternative date must fall on or before {window.due_on:%d/%m/%Y} (reg 34: 5 working days).",
            "starts_on",
        )
    last = HearingEvent.objects.filter(proceedings=proceedings, kind=Kind.SCHEDULED).last()
    casework_deadlines.meet_deadline(deadline=window, actor=user)
    event = _event(
        proceedings,
        Kind.ALTERNATIVE_PROPOSED,
        day,
        user,
        reasons=(reasons or "").strip(),
        starts_at=starts_at,
        place=(place or "").strip() or (last.place if last else ""),
        agreed=True,
    )
    notices.send_proceedings_notice(proceedings=proceedings, event=event, alternative=None, user=user)
    return event


@transaction.atomic
def extend(*, user, proceedings, clock, working_days, reasons) -> Deadline:
    """The chair (or person conducting) extends the period in the interests of justice (reg 34;
    reg 33(10)(a) for the pre-hearing): the due date is recomputed from the current one by the
    working-day calendar; the deadline's history keeps the old one."""
    proceedings = _lock(proceedings)
    _before_outcome(proceedings)
    reasons = (reasons or "").strip()
    if not reasons:
        raise ProceedingsRefused(
            "Give the chair's reasons: why the extension is in the interests of justice.", "reasons"
        )
    if not working_days or working_days < 1:
        raise ProceedingsRefused("Enter how many working days to extend by.", "working_days")
    deadline = (
        Deadline.objects.open()
        .filter(case=proceedings.subject.case, person=proceedings.subject.person, kind__in=EXTENDABLE.get(clock, ()))
        .first()
    )
    if deadline is None:
        raise ProceedingsRefused("That period is not running for this subject.", "clock")
    new_due = calendar.add_working_days(deadline.due_on, working_days)
    deadline = casework_deadlines.extend_deadline(deadline=deadline, new_due_on=new_due, reason=reasons, actor=user)
    _event(proceedings, Kind.TIMING_EXTENDED, timezone.localdate(), user, reasons=f"{deadline.label}: {reasons}")
    return deadline


# Public notice (reg 36) --------------------------------------------------------------------
def draft_public_notice(proceedings) -> str:
    """The notice's usual content, for the form to start from: the officer's rank and name, the
    date, time and place, and that the conduct alleged is gross misconduct or misconduct. The
    chair decides what is withheld; the form records it."""
    person = proceedings.subject.person
    when = HearingEvent.objects.filter(
        proceedings=proceedings, kind__in=[Kind.SCHEDULED, Kind.ALTERNATIVE_PROPOSED]
    ).last()
    rank = f"{person.rank.name} " if person.rank_id else ""
    text = f"A misconduct hearing of {rank}{person.full_name} ({proceedings.subject.case.reference})"
    if when is not None:
        moment = timezone.localtime(when.starts_at) if when.starts_at else None
        text += f" will be held at {when.place}" + (f", at {moment:%H:%M} on {moment:%d %B %Y}" if moment else "")
    return text + ". The conduct alleged: [summarise the allegation as the notice of referral states it]."


@transaction.atomic
def record_public_notice(
    *, user, proceedings, published_on, text, officer_named=True, withheld="", withholding_reasons=""
) -> PublicNotice:
    proceedings = _lock(proceedings)
    if proceedings.forum not in (Stage.HEARING, Stage.ACCELERATED):
        raise ProceedingsRefused("Only a misconduct hearing is notified to the public (reg 36).")
    _before_outcome(proceedings)
    if published_on is None:
        raise ProceedingsRefused("Enter the date the notice was published.", "published_on")
    if not (text or "").strip():
        raise ProceedingsRefused("Enter what was published.", "text")
    withheld, withholding_reasons = (withheld or "").strip(), (withholding_reasons or "").strip()
    if (withheld or not officer_named) and not withholding_reasons:
        raise ProceedingsRefused(
            "Record the chair's reasons for withholding the name or any detail.", "withholding_reasons"
        )
    hearing = HearingEvent.objects.filter(
        proceedings=proceedings, kind__in=[Kind.SCHEDULED, Kind.ALTERNATIVE_PROPOSED]
    ).last()
    if hearing is None:
        raise ProceedingsRefused("Set the date, time and place of the hearing first: the notice gives them.")
    if published_on >= hearing.on:
        raise ProceedingsRefused("The notice must be published before the hearing.", "published_on")
    notice = PublicNotice.objects.create(
        proceedings=proceedings,
        published_on=published_on,
        officer_named=bool(officer_named),
        text=text.strip(),
        withheld=withheld,
        withholding_reasons=withholding_reasons,
        recorded_by=user,
    )
    record_event(
        proceedings.subject.case,
        kind=TimelineKind.NOTE,
        summary=f"Public notice of the hearing published {published_on:%d/%m/%Y} (reg 36)",
        actor=user,
        person=proceedings.subject.person,
        detail=withholding_reasons,
    )
    return notice


# After the outcome (reg 43) ----------------------------------------------------------------
def on_outcome_recorded(*, proceedings, action, user, **_):
    """hooks.transition_applied: the finding and outcome are recorded, so the meeting or hearing
    took place (its timing clock is met, the windows before it close) and the report on the
    findings to the appropriate authority is due within 5 working days (reg 43)."""
    if action != "record_outcome" or not proceedings.forum or _staff_procedure(proceedings):
        return
    today = calendar.local_date(proceedings.stage_since)
    for code in (MEETING_TIMING, HEARING_TIMING):
        _meet(code, proceedings, today, user)
    for code in (ALTERNATIVE_DATE, PRE_HEARING, WITNESS_LISTS, DOCUMENTS_TO_CHAIR):
        _stop(code, proceedings, user, "The proceedings took place.")
    _start(FINDINGS_REPORT, proceedings, today, user)


def _staff_procedure(proceedings) -> bool:
    """Police staff and volunteers are disciplined under the force's own procedure, not reg 43."""
    from conduct.cases import routes

    return routes.regime_for(proceedings.subject.person) in (routes.Regime.STAFF, routes.Regime.VOLUNTEER)


@transaction.atomic
def give_outcome_notice(*, user, proceedings, notified_on, reasons, appeal_route=""):
    """The written notice of the outcome to the officer, with a copy of the report on the
    findings (reg 43): the letter goes through the outbox, and the features that run from it (the
    appeal from a meeting, reg 45) hear of it through hooks.outcome_notified, once."""
    from conduct.cases import hooks

    proceedings = _lock(proceedings)
    _not_in_future(notified_on)
    if not _has(proceedings, Kind.FINDINGS_REPORT):
        raise ProceedingsRefused(
            "Record the report on the findings first: the notice comes with a copy of it (reg 43)."
        )
    if not (reasons or "").strip():
        raise ProceedingsRefused("Summarise the reasons for the finding and outcome.", "reasons")
    _event(proceedings, Kind.OUTCOME_NOTIFIED, notified_on, user, reasons=reasons.strip())
    letter = notices.send_outcome_notice(
        proceedings=proceedings, reasons=reasons.strip(), appeal_route=(appeal_route or "").strip(), user=user
    )
    hooks.outcome_notified(proceedings=proceedings, notified_on=notified_on, user=user)
    return letter
