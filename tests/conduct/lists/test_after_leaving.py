"""The Advisory List report on a former officer or special constable who resigned or retired, when
an allegation about them comes to the force's attention after they left (Police Act 1996
s.88I(1)(b)): due "before the end of 5 working days beginning with" the day it came to attention
(Police Barred List and Police Advisory List Regulations 2017 reg 12(1)(a)), with the content of
reg 12(2)(e), ended by a further report under s.88L(1) like any Advisory List entry."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from casework import services as casework_services
from casework.models import Deadline, DutyStatus, LeavingReason, Person, PersonType
from casework.people_import.services import apply_import, preview_import
from conduct.cases import services as case_services
from conduct.lists import content, services
from conduct.lists.models import ADVISORY_LIST_REPORT
from conduct.models import AllegationCategory, ListReport, Proceedings, Standard
from tests.conduct.lists.pages import page as _page
from tests.factories import PersonFactory, make_case

pytestmark = pytest.mark.django_db
LEFT_ON = date(2026, 11, 30)
# Tuesday 22 December 2026: 22, 23, 24, then Christmas (Fri 25) and the Boxing Day holiday
# (Mon 28) are not working days; 29 is the fourth and Wednesday 30 December the fifth.
CAME_ON, DUE_ON = date(2026, 12, 22), date(2026, 12, 30)


@pytest.fixture
def former(home_force):
    return PersonFactory(
        force=home_force,
        number="5150",
        first_name="Morgan",
        last_name="Hale",
        left_service_on=LEFT_ON,
        left_by=LeavingReason.RESIGNED,
    )


def _case_about(personas, team, people, *, on=CAME_ON, **details):
    with time_machine.travel(on, tick=False):
        return make_case(personas.investigator, team, people, **details)


def _allegation(personas, subject, on):
    data = case_services.AllegationInput(
        description="Sent offensive messages to a former colleague",
        standards=list(Standard.objects.filter(name="Discreditable conduct")),
        categories=list(AllegationCategory.objects.filter(code="other")),
    )
    with time_machine.travel(on, tick=False):
        return case_services.record_allegation(user=personas.investigator, subject=subject, data=data)


def test_an_allegation_after_resigning_makes_the_advisory_list_report_due_once(personas, team, former):
    case = _case_about(personas, team, [former])
    _allegation(personas, case.subjects.get(), CAME_ON)  # a second allegation about them: the same report
    report = ListReport.objects.get(person=former)
    clock = Deadline.objects.get(pk=report.deadline_id)
    assert (report.kind, report.trigger, report.case) == ("advisory", "allegation_after_leaving", case)
    assert (report.trigger_on, report.due_on, clock.kind, clock.due_on) == (
        CAME_ON,
        DUE_ON,
        ADVISORY_LIST_REPORT,
        DUE_ON,
    )
    assert "s.88I(1)(b)" in report.source and "reg 12(1)(a)" in report.source
    assert Proceedings.objects.get(subject__case=case).advisory_list is True


def test_a_case_entered_late_dates_the_event_from_the_day_the_force_received_it(personas, team, former):
    # Received on Friday 18 December, entered on the 22nd: 18, 21, 22, 23, 24 are the five days.
    _case_about(personas, team, [former], received_on=date(2026, 12, 18))
    report = ListReport.objects.get(person=former)
    assert (report.trigger_on, report.due_on) == (date(2026, 12, 18), date(2026, 12, 24))


def test_an_allegation_added_to_an_older_case_dates_from_the_day_it_was_recorded(personas, team, former, officer):
    case = _case_about(personas, team, [officer], on=date(2026, 11, 16))  # about a serving officer
    with time_machine.travel(CAME_ON, tick=False):
        subject = case_services.add_subject(user=personas.investigator, case=case, person=former)
    assert not ListReport.objects.exists()  # no allegation about them yet
    _allegation(personas, subject, CAME_ON)
    report = ListReport.objects.get(person=former)
    assert (report.trigger, report.trigger_on, report.due_on) == ("allegation_after_leaving", CAME_ON, DUE_ON)


def test_the_register_saying_they_left_by_a_duty_status_is_enough(personas, team, home_force):
    retired = PersonFactory(force=home_force, number="6001")
    casework_services.change_duty_status(
        user=personas.authority, person=retired, status=DutyStatus.LEFT, starts_on=LEFT_ON, reason="Retired"
    )
    _case_about(personas, team, [retired])
    assert ListReport.objects.get(person=retired).trigger == "allegation_after_leaving"


@pytest.mark.parametrize(
    "change",
    [
        {"left_by": LeavingReason.DISMISSED},  # the Barred List's business
        {"left_by": LeavingReason.OTHER},
        {"person_type": PersonType.STAFF},  # s.88I(1)(b) names former officers and specials only
        {"left_service_on": CAME_ON},  # still serving when it came to attention: s.88I(1)(a) if they leave
        {"left_service_on": None},
    ],
)
def test_no_report_is_owed_otherwise(personas, team, former, change):
    Person.objects.filter(pk=former.pk).update(**change)
    former.refresh_from_db()
    _case_about(personas, team, [former])
    assert not ListReport.objects.exists()


def test_the_content_is_what_regulation_12_2_e_lists(personas, team, former):
    _case_about(personas, team, [former])
    items = {(item.ref, item.label): item for item in content.build(ListReport.objects.get())}
    values = {label: item.value for (_ref, label), item in items.items()}
    refs = {ref for ref, _label in items}
    assert {"reg 12(2)(a)", "reg 12(2)(b)", "reg 12(2)(c)", "reg 12(2)(e)(i)", "reg 12(2)(e)(ii)"} <= refs
    assert {"reg 12(2)(e)(iii)", "reg 12(2)(e)(iv)"} <= refs
    assert values["Rank when last a police officer"] == "Police constable"
    assert values["Warrant or other identifying number when last serving"] == "5150"
    assert values["Date they ceased to serve"] == "30 November 2026"
    assert values["Whether they resigned or retired"] == "Resigned"
    assert values["Date of the relevant event (the allegation came to notice)"] == "22 December 2026"
    assert values["Summary of the relevant allegation"] == "1. Alleged breach of the standards"  # offered, to edit
    assert not content.missing(content.build(ListReport.objects.get()))


def test_a_leaver_whose_reason_is_not_held_is_asked_for_it_when_preparing(personas, team, former):
    Person.objects.filter(pk=former.pk).update(left_by="")
    _case_about(personas, team, [former])
    report = ListReport.objects.get()
    missing = [item.label for item in content.missing(content.build(report))]
    assert missing == ["Whether they resigned or retired"]
    with time_machine.travel(DUE_ON, tick=False):
        with pytest.raises(services.ListRefused, match="resigned or retired") as refused:
            services.prepare(user=personas.investigator, report=report, summary="Messages.", left_by="dismissed")
        assert refused.value.problems == [("Choose whether they resigned or retired.", "left_by")]
        report.refresh_from_db()
        assert report.state == "due"
        services.prepare(user=personas.investigator, report=report, summary="Messages.", left_by="retired")
    report.refresh_from_db()
    assert report.state == "prepared"
    assert Person.objects.get(pk=former.pk).left_by == "retired"
    assert report.case.timeline.filter(detail="The register now records that they retired.").exists()
    assert {"label": "Whether they resigned or retired", "value": "Retired"}.items() <= next(
        item for item in report.content if item["ref"] == "reg 12(2)(e)(ii)" and "resigned" in item["label"]
    ).items()


def test_the_report_page_asks_how_they_left_and_says_what_is_wrong(client, personas, team, former):
    Person.objects.filter(pk=former.pk).update(left_by="")
    _case_about(personas, team, [former])
    report = ListReport.objects.get()
    url = reverse("list-report", args=[report.pk])
    with time_machine.travel(DUE_ON, tick=False):
        client.force_login(personas.investigator)
        page = _page(client, url)
        assert page.status_code == 200
        assert "Did they resign or retire?" in page.content.decode()
        refused = _page(client, url, {"summary": "Messages."})
        assert refused.status_code == 400
        assert "Choose whether they resigned or retired" in refused.content.decode()
        assert ListReport.objects.get().state == "due"
        assert _page(client, url, {"summary": "Messages.", "left_by": "resigned"}).status_code == 302
    assert ListReport.objects.get().state == "prepared"
    assert Person.objects.get(pk=former.pk).left_by == "resigned"


def test_closing_the_case_without_proceedings_ends_the_entry_with_a_further_report(personas, team, former):
    case = _case_about(personas, team, [former])
    entry = ListReport.objects.get()
    with time_machine.travel(DUE_ON, tick=False):
        services.record_made(user=personas.authority, report=entry, data=services.ReportMade(DUE_ON, "Portal"))
        services.on_case_closed(case=case, user=personas.authority)
    removal = ListReport.objects.get(trigger="advisory_ended")
    assert (removal.follows, removal.trigger_on) == (entry, DUE_ON)


def test_the_hr_import_records_how_they_left_and_refuses_a_reason_without_a_date(personas, former):
    def preview(rows):
        header = "force_code,number,person_type,first_name,last_name,left_service_on,left_by\n"
        with time_machine.travel(CAME_ON, tick=False):
            return preview_import(filename="hr.csv", content=header + rows, user=personas.admin)

    person = f"{former.force.code},{former.number},officer,{former.first_name},{former.last_name}"
    good = preview(f"{person},2026-11-30,Retired\n")
    assert good.status == "previewed", good.errors
    with time_machine.travel(CAME_ON, tick=False):
        apply_import(good, user=personas.admin)
    assert Person.objects.get(pk=former.pk).left_by == "retired"
    bad = preview(f"{person},,resigned\n")
    assert "without the day they left" in str(bad.errors)
    unknown = preview(f"{person},2026-11-30,sacked\n")
    assert "Unknown way of leaving" in str(unknown.errors)


def test_the_hr_import_saying_they_were_dismissed_withdraws_the_report_not_yet_prepared(personas, team, former):
    Person.objects.filter(pk=former.pk).update(left_by="")
    _case_about(personas, team, [former])
    report = ListReport.objects.get()
    header = "force_code,number,person_type,first_name,last_name,left_service_on,left_by\n"
    row = f"{former.force.code},{former.number},officer,{former.first_name},{former.last_name},2026-11-30,dismissed\n"
    with time_machine.travel(CAME_ON, tick=False):
        apply_import(preview_import(filename="hr.csv", content=header + row, user=personas.admin), user=personas.admin)
    assert not ListReport.objects.exists()
    assert Deadline.objects.get(pk=report.deadline_id).state == "stopped"
