"""The report on an investigation past 12 months: when it is due (both regimes), who it goes to
by route, the clocks it meets and starts, a withheld copy, and bad input refused with nothing written."""

from datetime import date

import pytest

from casework.models import Deadline
from conduct.models import ProgressReport, ReportCopy
from conduct.progress_reports import services
from notifications.models import Correspondence
from tests.conduct.progress_reports.conftest import report_input

pytestmark = pytest.mark.django_db


def letters(case):
    return sorted(
        (c.kind, c.recipient_name) for c in Correspondence.objects.filter(case=case, kind__startswith="progress")
    )


@pytest.mark.parametrize(
    ("fixture", "clock"),
    [("internal_case", "investigation_12_months"), ("complaint_case", "cm_investigation_12_months")],
)
def test_the_report_is_due_12_months_after_the_matter_came_to_attention(request, fixture, clock):
    case = request.getfixturevalue(fixture)
    deadline = Deadline.objects.get(case=case, kind=clock)
    assert (deadline.starts_on, deadline.due_on, deadline.state) == (date(2025, 10, 1), date(2026, 10, 1), "open")
    assert deadline.source_rule["source"].startswith(
        "Police (Conduct) Regulations 2020, reg 19(1)"
        if clock == "investigation_12_months"
        else "Police (Complaints and Misconduct) Regulations 2020, reg 13(1)"
    )


def test_an_internal_investigation_reports_to_the_local_policing_body_with_a_copy_to_the_officer(
    personas, internal_case, officer
):
    report = services.record_report(user=personas.investigator, case=internal_case, data=report_input())
    assert letters(internal_case) == [
        ("progress_report", "The Office of the Police and Crime Commissioner"),
        ("progress_report_officer", officer.full_name),
    ]
    body = Correspondence.objects.get(case=internal_case, kind="progress_report")
    assert "Police (Conduct) Regulations 2020, regulation 19" in body.body
    assert "The forensic examination is queued" in body.body and "28 February 2027" in body.body
    assert body.status == "queued"
    assert (report.period_start, report.period_end, report.regime) == (date(2025, 10, 1), date(2026, 10, 1), "conduct")
    met = Deadline.objects.get(case=internal_case, kind="investigation_12_months")
    assert (met.state, met.met_on) == ("met", date(2026, 11, 20))
    following = Deadline.objects.get(case=internal_case, kind="investigation_6_monthly_report", state="open")
    assert (following.starts_on, following.due_on) == (date(2026, 10, 1), date(2027, 4, 1))


def test_a_schedule_3_complaint_reports_to_the_iopc_too_and_informs_the_complainant(personas, complaint_case, officer):
    report = services.record_report(user=personas.investigator, case=complaint_case, data=report_input())
    assert letters(complaint_case) == [
        ("progress_report", "The Independent Office for Police Conduct (IOPC)"),
        ("progress_report", "The Office of the Police and Crime Commissioner"),
        ("progress_report_complainant", "Jo Bloggs"),
        ("progress_report_officer", officer.full_name),
    ]
    assert report.regime == "schedule_3"
    assert "Police (Complaints and Misconduct) Regulations 2020, regulation 13" in (
        Correspondence.objects.get(case=complaint_case, kind="progress_report_complainant").body
    )
    assert Deadline.objects.get(case=complaint_case, kind="cm_investigation_12_months").state == "met"
    assert Deadline.objects.filter(case=complaint_case, kind="investigation_6_monthly_report", state="open").exists()


def test_the_second_report_meets_the_6_monthly_clock(personas, internal_case, today):
    services.record_report(user=personas.investigator, case=internal_case, data=report_input())
    second = services.record_report(user=personas.investigator, case=internal_case, data=report_input())
    assert (second.clock, second.period_start, second.period_end) == (
        "investigation_6_monthly_report",
        date(2026, 10, 1),
        date(2027, 4, 1),
    )
    assert Correspondence.objects.filter(case=internal_case, kind="progress_report").count() == 2


def test_a_withheld_copy_writes_no_letter_and_keeps_the_reasons(personas, internal_case, officer):
    key = f"officer-{officer.pk}"
    report = services.record_report(
        user=personas.investigator,
        case=internal_case,
        data=report_input(),
        withheld={key: "Telling the officer would alert a suspect in the linked criminal inquiry."},
    )
    assert letters(internal_case) == [("progress_report", "The Office of the Police and Crime Commissioner")]
    copy = report.copies.get(recipient="officer")
    assert copy.withheld and copy.letter is None
    assert copy.withheld_reasons.startswith("Telling the officer")
    assert "reg 19(4)" in copy.ground
    assert report.recorded_by == personas.investigator


def test_a_directed_investigation_is_reported_by_the_iopc_and_the_force_writes_nothing(personas, directed_case):
    report = services.record_report(user=personas.investigator, case=directed_case, data=report_input())
    assert letters(directed_case) == [] and not report.copies.exists()
    assert Deadline.objects.get(case=directed_case, kind="cm_investigation_12_months").state == "met"


@pytest.mark.parametrize(
    ("changes", "withheld", "message"),
    [
        ({"made_on": date(2026, 11, 21)}, {}, "today or in the past"),
        ({"progress": "  "}, {}, "Enter the progress of the investigation"),
        ({"estimated_report": date(2027, 1, 1)}, {}, "cannot be estimated before the investigation's conclusion"),
        ({"estimated_conclusion": date(2026, 11, 1)}, {}, "estimated conclusion must be on or after the report"),
        ({"notice_given_on": date(2025, 9, 1)}, {}, "Notice cannot be given before"),
        ({}, {"iopc": "Would prejudice"}, "may not be withheld"),
        ({}, {"local_policing_body": "  "}, "Give the reasons for withholding"),
        ({}, {"nobody": "x"}, "no such recipient"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_written(personas, complaint_case, changes, withheld, message):
    with pytest.raises(services.ReportRefused, match=message):
        services.record_report(
            user=personas.investigator, case=complaint_case, data=report_input(**changes), withheld=withheld
        )
    assert not ProgressReport.objects.exists() and not ReportCopy.objects.exists()
    assert letters(complaint_case) == []
    assert Deadline.objects.get(case=complaint_case, kind="cm_investigation_12_months").state == "open"


def test_no_report_due_is_refused(personas, internal_case):
    Deadline.objects.filter(case=internal_case).update(
        state="stopped", closed_at="2026-11-01T00:00Z", next_action_at=None
    )
    with pytest.raises(services.ReportRefused, match="No 12-month or 6-monthly report is due"):
        services.record_report(user=personas.investigator, case=internal_case, data=report_input())
    assert not ProgressReport.objects.exists()


def test_a_complainant_without_an_address_is_refused_unless_withheld(personas, complaint_case):
    from casework.models import ComplainantContact

    ComplainantContact.objects.filter(case=complaint_case).update(email="", address="")
    with pytest.raises(services.ReportRefused, match="No email or postal address"):
        services.record_report(user=personas.investigator, case=complaint_case, data=report_input())
    assert not ProgressReport.objects.exists() and letters(complaint_case) == []


def test_reports_are_append_only(personas, internal_case):
    from django.db import ProgrammingError, transaction

    report = services.record_report(user=personas.investigator, case=internal_case, data=report_input())
    with pytest.raises(ProgrammingError, match="Cannot update"), transaction.atomic():
        ProgressReport.objects.filter(pk=report.pk).update(progress="rewritten")
