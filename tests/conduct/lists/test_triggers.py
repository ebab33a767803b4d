"""Every event that makes a report to the College of Policing due writes it once, on the right list,
with the right trigger and clock (Police Act 1996 ss.88A, 88F, 88I, 88L; Police Barred List and
Police Advisory List Regulations 2017 regs 3 and 12: "before the end of 5 working days beginning
with" the event)."""

from datetime import date

import pytest
import time_machine

from casework import services as casework_services
from casework.models import Deadline, DutyStatus, Person
from casework.people_import.services import apply_import, preview_import
from conduct.cases import hooks
from conduct.cases.lifecycle import apply_transition
from conduct.lists import services
from conduct.lists.models import (
    ADVISORY_LIST_REMOVAL,
    ADVISORY_LIST_REPORT,
    BARRED_LIST_FURTHER_REPORT,
    BARRED_LIST_REPORT,
)
from conduct.models import ListReport, Outcome, Proceedings, Stage
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
# Tuesday 22 December 2026: 22, 23, 24, then Christmas (Fri 25) and the Boxing Day holiday
# (Mon 28) are not working days; 29 is the fourth and Wednesday 30 December the fifth.
EVENT_ON, DUE_ON = date(2026, 12, 22), date(2026, 12, 30)


def only_report(**where):
    report = ListReport.objects.get(**where)
    clock = Deadline.objects.get(pk=report.deadline_id)
    return report, clock


@pytest.mark.parametrize(
    ("route", "trigger"),
    [("vetting", "dismissal_vetting"), ("performance", "dismissal_performance"), ("staff", "dismissal_staff")],
)
def test_a_dismissal_by_another_route_makes_the_barred_list_report_due_once(personas, case, officer, route, trigger):
    for _ in range(2):  # the same event announced twice is one report
        hooks.person_dismissed(
            person=officer, on=EVENT_ON, user=personas.authority, case=case, route=route, source=None
        )
    report, clock = only_report(person=officer)
    assert (report.kind, report.trigger, report.case, report.proceedings) == ("barred", trigger, case, None)
    assert (report.trigger_on, report.due_on, report.state) == (EVENT_ON, DUE_ON, "due")
    assert (clock.kind, clock.due_on, clock.state) == (BARRED_LIST_REPORT, DUE_ON, "open")
    assert "reg 3" in report.source and "legislation.gov.uk/uksi/2017/1135" in report.source
    assert Deadline.objects.filter(kind=BARRED_LIST_REPORT).count() == 1


def test_a_dismissal_without_a_case_has_its_clock_all_the_same(personas, officer):
    hooks.person_dismissed(person=officer, on=EVENT_ON, user=personas.authority, case=None, route="vetting")
    report, clock = only_report(person=officer)
    assert report.case is None and clock.case is None
    assert (clock.scope, clock.due_on) == (f"list-report:{report.pk}", DUE_ON)


def test_an_unknown_dismissal_route_is_a_programming_error(personas, officer):
    with pytest.raises(ValueError, match="Unknown dismissal route"):
        hooks.person_dismissed(person=officer, on=EVENT_ON, user=personas.authority, case=None, route="magic")
    assert not ListReport.objects.exists()


def test_leaving_the_force_under_investigation_makes_the_advisory_list_report_due_once(personas, case, officer):
    for _ in range(2):
        casework_services.change_duty_status(
            user=personas.investigator,
            person=officer,
            status=DutyStatus.LEFT,
            starts_on=EVENT_ON,
            reason="Resigned",
            case=case,
        )
    report, clock = only_report(person=officer)
    assert (report.kind, report.trigger, report.case) == ("advisory", "left_under_investigation", case)
    assert (report.trigger_on, report.due_on, clock.kind, clock.due_on) == (
        EVENT_ON,
        DUE_ON,
        ADVISORY_LIST_REPORT,
        DUE_ON,
    )
    assert "s.88I(1)(a)" in report.source
    assert Proceedings.objects.get(subject__case=case).advisory_list is True


def test_the_hr_import_recording_that_someone_left_makes_the_advisory_list_report_due(personas, case, officer):
    content = (
        "force_code,number,person_type,first_name,last_name,left_service_on\n"
        f"{officer.force.code},{officer.number},officer,{officer.first_name},{officer.last_name},2026-12-22\n"
    )
    with time_machine.travel(date(2026, 12, 23), tick=False):  # the file says who left, never in the future
        people_import = preview_import(filename="hr.csv", content=content, user=personas.admin)
        apply_import(people_import, user=personas.admin)
    assert Person.objects.get(pk=officer.pk).left_service_on == EVENT_ON
    report, clock = only_report(person=officer)
    assert (report.kind, report.trigger, report.due_on, clock.kind) == (
        "advisory",
        "left_under_investigation",
        DUE_ON,
        ADVISORY_LIST_REPORT,
    )


def test_leaving_owes_nothing_when_no_open_case_has_them_or_their_proceedings_concluded(
    personas, case, officer, home_force, put_at
):
    bystander = PersonFactory(force=home_force, number="9999")
    casework_services.change_duty_status(
        user=personas.investigator, person=bystander, status=DutyStatus.LEFT, starts_on=EVENT_ON, reason="Retired"
    )
    put_at(Proceedings.objects.get(subject__case=case), Stage.CONCLUDED)  # it was decided: no proceedings
    casework_services.change_duty_status(
        user=personas.investigator, person=officer, status=DutyStatus.LEFT, starts_on=EVENT_ON, reason="Retired"
    )
    assert not ListReport.objects.exists()


def test_the_matter_concluding_without_a_finding_ends_the_advisory_entry_with_a_further_report(personas, case, officer):
    with time_machine.travel(date(2026, 12, 21), tick=False):
        casework_services.change_duty_status(
            user=personas.investigator, person=officer, status=DutyStatus.LEFT, starts_on=date(2026, 12, 21), reason="r"
        )
    entry = ListReport.objects.get(trigger="left_under_investigation")
    proceedings = Proceedings.objects.get(subject__case=case)
    with time_machine.travel(EVENT_ON, tick=False):
        apply_transition(
            user=personas.investigator,
            proceedings=proceedings,
            action="no_further_action",
            reason="The witness withdrew support.",
        )
        proceedings.refresh_from_db()
        services.on_concluded(proceedings=proceedings, user=personas.investigator)  # once, whatever repeats
    removal, clock = only_report(trigger="advisory_ended")
    assert (removal.kind, removal.follows, removal.trigger_on, removal.due_on) == ("advisory", entry, EVENT_ON, DUE_ON)
    assert (clock.kind, clock.state) == (ADVISORY_LIST_REMOVAL, "open")
    assert "s.88L" in removal.source
    # The entry's own clock outlives the concluded proceedings: it is still owed.
    assert Deadline.objects.get(pk=entry.deadline_id).state == "open"


def test_a_would_have_been_dismissed_finding_is_barred_not_a_removal(personas, case, officer, put_at):
    casework_services.change_duty_status(
        user=personas.investigator, person=officer, status=DutyStatus.LEFT, starts_on=EVENT_ON, reason="r"
    )
    proceedings = put_at(
        Proceedings.objects.get(subject__case=case),
        Stage.CONCLUDED,
        outcome=Outcome.WOULD_HAVE_BEEN_DISMISSED,
        barred_list=True,
    )
    assert services.on_concluded(proceedings=proceedings, user=personas.authority) is None  # s.88L(5)
    assert not ListReport.objects.filter(trigger="advisory_ended").exists()


def test_a_dismissal_overturned_on_appeal_owes_a_further_report(personas, proceedings, put_at):
    put_at(proceedings, Stage.OUTCOME, outcome=Outcome.DISMISSAL, barred_list=True)
    with time_machine.travel(EVENT_ON, tick=False):
        first = services.on_outcome(proceedings=proceedings, user=personas.authority)
        put_at(proceedings, Stage.CONCLUDED, outcome=Outcome.FINAL_WRITTEN_WARNING, barred_list=False)
        services.on_appeal_decided(proceedings=proceedings, user=personas.authority)
        services.on_appeal_decided(proceedings=proceedings, user=personas.authority)
    further, clock = only_report(trigger="dismissal_overturned")
    assert (further.kind, further.follows, further.due_on, clock.kind) == (
        "barred",
        first,
        DUE_ON,
        BARRED_LIST_FURTHER_REPORT,
    )


def test_the_case_closes_only_once_its_list_reports_are_made_and_closing_ends_nothing_twice(personas, case, officer):
    from conduct.cases import services as case_services

    with time_machine.travel(EVENT_ON, tick=False):
        casework_services.change_duty_status(
            user=personas.investigator, person=officer, status=DutyStatus.LEFT, starts_on=EVENT_ON, reason="r"
        )
        apply_transition(
            user=personas.investigator,
            proceedings=Proceedings.objects.get(subject__case=case),
            action="no_further_action",
            reason="No proceedings will be brought.",
        )
        with pytest.raises(case_services.ClosureRefused, match="Advisory List report on Dana Whitlock"):
            case_services.close_case(user=personas.investigator, case=case, reason="Concluded.")
        for report in ListReport.objects.order_by("pk"):
            services.record_made(user=personas.authority, report=report, data=services.ReportMade(EVENT_ON, "Portal"))
        case_services.close_case(user=personas.investigator, case=case, reason="Concluded.")
    assert ListReport.objects.filter(trigger="advisory_ended").count() == 1
    assert set(ListReport.objects.values_list("state", flat=True)) == {"sent"}
