"""The Barred List report falls due when proceedings end in dismissal (or a finding that a former
officer would have been dismissed): 5 working days beginning with that date (Police Barred List and
Police Advisory List Regulations 2017, reg 3(1)); the appropriate authority records it as made."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from casework.models import Deadline
from conduct.cases import clocks
from conduct.cases.lifecycle import apply_transition
from conduct.lists import services
from conduct.models import ClockUnit, Finding, ListReport, Outcome, Severity, Stage

pytestmark = pytest.mark.django_db
REASON = "The panel's reasons."
# Tuesday 22 December 2026: 22, 23, 24, then Christmas (Fri 25) and the Boxing Day holiday
# (Mon 28) are not working days; 29 is the fourth and Wednesday 30 December the fifth.
DISMISSED_ON = date(2026, 12, 22)


@pytest.fixture
def at_hearing(proceedings, put_at, assess):
    for allegation in proceedings.subject.allegations.all():
        assess(allegation, Severity.GROSS)
    return put_at(proceedings, Stage.HEARING, forum=Stage.HEARING)


def record(personas, proceedings, outcome, finding=Finding.GROSS, **extra):
    return apply_transition(
        user=personas.authority,
        proceedings=proceedings,
        action="record_outcome",
        reason=REASON,
        finding=finding,
        outcome=outcome,
        **extra,
    )


def test_a_dismissal_makes_the_report_due_within_5_working_days_beginning_with_it(personas, at_hearing):
    with time_machine.travel(date(2026, 12, 22), tick=False):
        record(personas, at_hearing, Outcome.DISMISSAL)
    report = ListReport.objects.get()
    assert (report.trigger, report.trigger_on, report.due_on) == ("dismissal", DISMISSED_ON, date(2026, 12, 30))
    assert (report.kind, report.case, report.proceedings, report.state) == (
        "barred",
        at_hearing.subject.case,
        at_hearing,
        "due",
    )
    clock = Deadline.objects.get(kind=services.BARRED_LIST_REPORT, person=report.person)
    assert (clock.state, clock.due_on, clock.starts_on) == ("open", date(2026, 12, 30), DISMISSED_ON)
    assert "reg 3(1)" in clock.source_rule["source"]


def test_a_lesser_outcome_reports_nothing(personas, at_hearing):
    record(personas, at_hearing, Outcome.FINAL_WRITTEN_WARNING, departure_reasons="Long service; admitted at once.")
    assert not ListReport.objects.exists()
    assert not Deadline.objects.filter(kind=services.BARRED_LIST_REPORT).exists()


def test_a_former_officer_found_would_have_been_dismissed_is_reported_from_the_finding(personas, at_hearing):
    from casework.models import Person

    Person.objects.filter(pk=at_hearing.subject.person_id).update(left_service_on=date(2026, 6, 30))
    record(personas, at_hearing, Outcome.WOULD_HAVE_BEEN_DISMISSED)
    assert ListReport.objects.get().trigger == "would_have_been_dismissed"


def test_reported_once_even_when_an_outcome_is_recorded_again(personas, at_hearing):
    record(personas, at_hearing, Outcome.DISMISSAL)
    at_hearing.refresh_from_db()
    services.on_outcome(proceedings=at_hearing, user=personas.authority)
    assert ListReport.objects.count() == 1
    assert Deadline.objects.filter(kind=services.BARRED_LIST_REPORT).count() == 1


@pytest.mark.parametrize(
    ("start", "due"),
    [
        (date(2026, 12, 22), date(2026, 12, 30)),  # a working day counts as the first
        (date(2026, 12, 26), date(2027, 1, 5)),  # a Saturday does not: 29, 30, 31 Dec, 4 and 5 Jan
        (date(2026, 12, 7), date(2026, 12, 11)),  # Monday to Friday of an ordinary week
    ],
)
def test_working_days_beginning_with_the_day(start, due):
    assert clocks.compute_due(5, ClockUnit.WORKING_DAYS_BEGINNING_WITH, start) == due


# Recording the report as made ------------------------------------------------------------
@pytest.fixture
def due_report(personas, at_hearing):
    with time_machine.travel(date(2026, 12, 22), tick=False):
        record(personas, at_hearing, Outcome.DISMISSAL)
    return ListReport.objects.get()


def url_of(report):
    return reverse("list-report-made", args=[report.proceedings.subject.case.reference, report.pk])


def test_the_authority_records_the_report_made_and_the_clock_is_met(client, personas, due_report):
    case = due_report.proceedings.subject.case
    with time_machine.travel(date(2027, 1, 4), tick=False):
        client.force_login(personas.authority)
        page = client.get(case.get_absolute_url())
        if page.status_code == 302:  # asked why first (s.62)
            client.post(page["Location"], {"purpose": "oversight"})
            page = client.get(case.get_absolute_url())
        assert url_of(due_report) in page.content.decode()
        data = {"made_on": "29/12/2026", "how": "The College's secure portal", "college_reference": "BL-1"}
        response = client.post(url_of(due_report), data)
    assert response.status_code == 302 and response["Location"] == case.get_absolute_url()
    due_report.refresh_from_db()
    assert (due_report.made_on, due_report.made_by, due_report.college_reference) == (
        date(2026, 12, 29),
        personas.authority,
        "BL-1",
    )
    clock = Deadline.objects.get(kind=services.BARRED_LIST_REPORT)
    assert (clock.state, clock.met_on) == ("met", date(2026, 12, 29))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"made_on": "29/12/2026", "how": ""}, "Say how the report was sent"),
        ({"made_on": "", "how": "Portal"}, "Enter the date the report was made"),
        ({"made_on": "01/01/2099", "how": "Portal"}, "today or in the past"),
        ({"made_on": "21/12/2026", "how": "Portal"}, "before the event it reports"),
    ],
)
def test_bad_input_gets_a_message_and_changes_nothing(client, personas, due_report, data, message):
    with time_machine.travel(date(2027, 1, 4), tick=False):
        client.force_login(personas.authority)
        response = client.post(url_of(due_report), data)
    assert response.status_code == 400 and message in response.content.decode()
    assert "govuk-error-summary" in response.content.decode()
    due_report.refresh_from_db()
    assert due_report.made_on is None
    assert Deadline.objects.get(kind=services.BARRED_LIST_REPORT).state == "open"


def test_made_once_only_and_only_by_a_decision_maker(client, personas, due_report):
    client.force_login(personas.investigator)
    assert client.get(url_of(due_report)).status_code == 404
    made = services.ReportMade(date(2026, 12, 23), "Portal")
    with time_machine.travel(date(2027, 1, 4), tick=False):
        services.record_made(user=personas.authority, report=due_report, data=made)
        with pytest.raises(services.ListRefused, match="already recorded"):
            services.record_made(user=personas.authority, report=due_report, data=made)


def test_every_problem_is_said_at_once(personas, due_report):
    with time_machine.travel(date(2027, 1, 4), tick=False):
        with pytest.raises(services.ListRefused) as refused:
            services.record_made(
                user=personas.authority, report=due_report, data=services.ReportMade(date(2099, 1, 1), " ")
            )
    assert {field for _, field in refused.value.problems} == {"made_on", "how"}


def test_the_report_outlives_the_proceedings_and_holds_the_case_open(personas, at_hearing):
    """Concluding the subject's proceedings stops their clocks, not the report owed to the College;
    the case cannot close while the report is not recorded as made."""
    from casework.models import Case
    from conduct.cases import services as case_services

    with time_machine.travel(date(2026, 12, 22), tick=False):
        record(personas, at_hearing, Outcome.DISMISSAL)
        at_hearing.refresh_from_db()
        apply_transition(
            user=personas.authority, proceedings=at_hearing, action="finalise_outcome", reason="No appeal."
        )
    at_hearing.refresh_from_db()
    assert at_hearing.stage == Stage.CONCLUDED
    report = ListReport.objects.get()
    assert Deadline.objects.get(kind=services.BARRED_LIST_REPORT).state == "open"
    case = Case.objects.get(pk=at_hearing.subject.case_id)
    with time_machine.travel(date(2026, 12, 23), tick=False):
        with pytest.raises(case_services.ClosureRefused, match="Barred List report on"):
            case_services.close_case(user=personas.investigator, case=case, reason="All concluded.")
        services.record_made(
            user=personas.authority, report=report, data=services.ReportMade(date(2026, 12, 23), "Portal")
        )
        case_services.close_case(user=personas.investigator, case=case, reason="All concluded.")
    assert Deadline.objects.get(kind=services.BARRED_LIST_REPORT).state == "met"
