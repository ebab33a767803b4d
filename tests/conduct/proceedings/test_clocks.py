"""Every hearing clock from its true trigger, due across the Christmas and New Year bank holidays
(25 and 28 December 2026, 1 January 2027), and met by its own event (docs/rules.md, "Meetings and
hearings: panel and clocks")."""

from datetime import date, datetime

import pytest

from casework.calendar import LONDON
from casework.models import Deadline, DeadlineAction, DeadlineChange, DeadlineState
from conduct.cases.lifecycle import apply_transition
from conduct.models import ClockRule, Finding, HearingEventKind, Outcome
from conduct.proceedings import services
from conduct.proceedings.services import ProceedingsRefused

pytestmark = pytest.mark.django_db
WEDNESDAY = date(2026, 12, 23)


def clock(proceedings, code):
    return Deadline.objects.get(case=proceedings.subject.case, person=proceedings.subject.person, kind=code)


def has_clock(proceedings, code):
    return Deadline.objects.filter(case=proceedings.subject.case, person=proceedings.subject.person, kind=code).exists()


def step(personas, proceedings, kind, on=WEDNESDAY):
    return services.record_step(user=personas.investigator, proceedings=proceedings, kind=kind, on=on)


def test_the_pre_hearing_rule_runs_from_the_documents_reaching_the_chair():
    rule = ClockRule.objects.get(code="pre_hearing")
    assert "reg 32(6)" in rule.starts_when and "response" not in rule.starts_when.replace(
        "never the officer's response", ""
    )
    assert "33(1)" in rule.source


def test_the_response_meets_reg_31_and_starts_witness_lists_and_documents_but_not_the_pre_hearing(personas, hearing):
    step(personas, hearing, HearingEventKind.RESPONSE_RECEIVED)
    reg31 = clock(hearing, "reg31_response")
    assert (reg31.state, reg31.met_on) == (DeadlineState.MET, WEDNESDAY)
    # 3 working days from the first working day after: 24, (25, 28 bank holidays) 29, 30 December.
    assert clock(hearing, "witness_lists").due_on == date(2026, 12, 30)
    # 10 working days (reg 32(6)): 24, 29, 30, 31, (1 January) 4 to 8, 11 January.
    assert clock(hearing, "documents_to_chair").due_on == date(2027, 1, 11)
    assert not has_clock(hearing, "pre_hearing")
    assert not has_clock(hearing, "hearing_timing")


def test_witness_lists_exchanged_meet_their_clock(personas, hearing, wednesday):
    step(personas, hearing, HearingEventKind.RESPONSE_RECEIVED)
    wednesday.move_to(datetime(2026, 12, 29, 9, 0, tzinfo=LONDON), tick=False)
    step(personas, hearing, HearingEventKind.WITNESS_LISTS, date(2026, 12, 29))
    assert clock(hearing, "witness_lists").state == DeadlineState.MET


def test_documents_to_the_chair_start_the_pre_hearing_and_the_hearing_timing(personas, hearing):
    with pytest.raises(ProceedingsRefused, match="response"):
        step(personas, hearing, HearingEventKind.DOCUMENTS_TO_CHAIR)
    step(personas, hearing, HearingEventKind.RESPONSE_RECEIVED)
    step(personas, hearing, HearingEventKind.DOCUMENTS_TO_CHAIR)
    assert clock(hearing, "documents_to_chair").state == DeadlineState.MET
    # 15 working days (reg 33(1)(a)): 24, 29, 30, 31, 4-8, 11-15, 18 January.
    assert clock(hearing, "pre_hearing").due_on == date(2027, 1, 18)
    assert clock(hearing, "hearing_timing").due_on == date(2027, 2, 8)  # 30 working days
    step(personas, hearing, HearingEventKind.PRE_HEARING_HELD)
    assert clock(hearing, "pre_hearing").state == DeadlineState.MET


def test_a_meeting_has_its_own_timing_and_no_pre_hearing(personas, meeting):
    step(personas, meeting, HearingEventKind.RESPONSE_RECEIVED)
    step(personas, meeting, HearingEventKind.DOCUMENTS_TO_CHAIR)
    assert clock(meeting, "meeting_timing").due_on == date(2027, 1, 25)  # 20 working days
    assert not has_clock(meeting, "pre_hearing")
    with pytest.raises(ProceedingsRefused, match="pre-hearing"):
        step(personas, meeting, HearingEventKind.PRE_HEARING_HELD)


def test_the_chairs_extension_recomputes_the_due_date_and_keeps_its_history(personas, hearing):
    step(personas, hearing, HearingEventKind.RESPONSE_RECEIVED)
    step(personas, hearing, HearingEventKind.DOCUMENTS_TO_CHAIR)
    with pytest.raises(ProceedingsRefused, match="interests of justice"):
        services.extend(user=personas.investigator, proceedings=hearing, clock="timing", working_days=5, reasons="")
    services.extend(
        user=personas.investigator,
        proceedings=hearing,
        clock="timing",
        working_days=5,
        reasons="A key witness is abroad until February.",
    )
    deadline = clock(hearing, "hearing_timing")
    assert deadline.due_on == date(2027, 2, 15)
    change = DeadlineChange.objects.get(deadline=deadline, action=DeadlineAction.EXTEND)
    assert (change.from_due, change.to_due, change.reason) == (
        date(2027, 2, 8),
        date(2027, 2, 15),
        "A key witness is abroad until February.",
    )


def test_a_date_not_agreed_opens_the_officers_window_for_an_alternative(personas, hearing):
    starts = datetime(2026, 12, 24, 14, 0, tzinfo=LONDON)
    services.schedule(user=personas.investigator, proceedings=hearing, starts_at=starts, place="HQ", agreed=False)
    window = clock(hearing, "alternative_date")
    assert window.due_on == date(2027, 1, 5)  # 5 working days: 29, 30, 31, (1 January) 4, 5
    with pytest.raises(ProceedingsRefused, match="05/01/2027"):
        services.propose_alternative(
            user=personas.investigator, proceedings=hearing, starts_at=datetime(2027, 1, 6, 10, tzinfo=LONDON)
        )
    services.propose_alternative(
        user=personas.investigator, proceedings=hearing, starts_at=datetime(2027, 1, 5, 10, tzinfo=LONDON)
    )
    window.refresh_from_db()
    assert window.state == DeadlineState.MET


def test_an_agreed_date_opens_no_window(personas, hearing):
    starts = datetime(2027, 1, 20, 10, 0, tzinfo=LONDON)
    services.schedule(user=personas.investigator, proceedings=hearing, starts_at=starts, place="HQ", agreed=True)
    assert not has_clock(hearing, "alternative_date")


def record_outcome(personas, proceedings):
    apply_transition(
        user=personas.authority,
        proceedings=proceedings,
        action="record_outcome",
        reason="The panel's findings.",
        finding=Finding.GROSS,
        outcome=Outcome.DISMISSAL,
    )
    proceedings.refresh_from_db()


def test_the_outcome_meets_the_timing_and_starts_the_reg_43_report_met_by_the_report(personas, hearing, wednesday):
    step(personas, hearing, HearingEventKind.RESPONSE_RECEIVED)
    step(personas, hearing, HearingEventKind.DOCUMENTS_TO_CHAIR)
    with pytest.raises(ProceedingsRefused, match="finding and outcome first"):
        step(personas, hearing, HearingEventKind.FINDINGS_REPORT)
    wednesday.move_to(datetime(2026, 12, 24, 16, 0, tzinfo=LONDON), tick=False)
    record_outcome(personas, hearing)
    assert clock(hearing, "hearing_timing").state == DeadlineState.MET
    assert clock(hearing, "pre_hearing").state == DeadlineState.STOPPED
    report = clock(hearing, "reg43_findings_report")
    assert (report.starts_on, report.due_on) == (date(2026, 12, 24), date(2027, 1, 5))  # 29, 30, 31, 4, 5
    step(personas, hearing, HearingEventKind.FINDINGS_REPORT, date(2026, 12, 24))
    report.refresh_from_db()
    assert (report.state, report.met_on) == (DeadlineState.MET, date(2026, 12, 24))


def test_a_step_in_the_future_or_twice_is_refused(personas, hearing):
    with pytest.raises(ProceedingsRefused, match="future"):
        step(personas, hearing, HearingEventKind.RESPONSE_RECEIVED, date(2026, 12, 24))
    step(personas, hearing, HearingEventKind.RESPONSE_RECEIVED)
    with pytest.raises(ProceedingsRefused, match="already recorded"):
        step(personas, hearing, HearingEventKind.RESPONSE_RECEIVED)
