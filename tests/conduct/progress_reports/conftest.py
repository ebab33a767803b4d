"""Investigations recorded on 1 October 2025 (through the intake service), now past 12 months."""

from datetime import date

import pytest
import time_machine

from casework.models.cases import HowReceived, Origin
from conduct.cases import services
from conduct.cases.route_decisions import RouteInput
from conduct.progress_reports.services import ReportInput

RECEIVED = date(2025, 10, 1)
TODAY = date(2026, 11, 20)


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(date(2026, 11, 20), tick=False):
        yield TODAY


def _record(personas, team, officer, *, route=None, complaint=False):
    allegation = services.AllegationInput(description="Alleged", standards=[], categories=[])
    details = {
        "origin": Origin.PUBLIC_COMPLAINT if complaint else Origin.CONDUCT_MATTER,
        "received_on": RECEIVED,
        "how_received": HowReceived.ONLINE if complaint else HowReceived.INTERNAL,
        "summary": "An investigation running long",
        "complainant_name": "Jo Bloggs" if complaint else "",
        "team": team,
    }
    return services.record_case(
        user=personas.investigator,
        details=details,
        contact={"email": "jo.bloggs@example.org", "telephone": "", "address": "1 Mill Lane"} if complaint else None,
        subjects=[services.SubjectInput(person=officer, allegations=[allegation])],
        route=route,
    )


@pytest.fixture
def internal_case(personas, team, officer):
    return _record(personas, team, officer)


@pytest.fixture
def complaint_case(personas, team, officer):
    return _record(
        personas, team, officer, complaint=True, route=RouteInput(matter_type="complaint", handling="investigation")
    )


@pytest.fixture
def directed_case(personas, team, officer):
    route = RouteInput(matter_type="complaint", handling="investigation", mode="directed")
    return _record(personas, team, officer, complaint=True, route=route)


def report_input(**changes) -> ReportInput:
    values = {
        "made_on": TODAY,
        "came_to_attention_on": RECEIVED,
        "notice_given_on": date(2025, 10, 20),
        "progress": "Witnesses interviewed; the phone download is awaited.",
        "estimated_conclusion": date(2027, 1, 31),
        "estimated_report": date(2027, 2, 28),
        "reasons_for_time": "The forensic examination is queued behind live criminal cases.",
        "planned_steps": "Review the download, interview the officer again, write the report.",
    }
    values.update(changes)
    return ReportInput(**values)


def form_data(**changes) -> dict:
    data = {
        "made_on": "20/11/2026",
        "came_to_attention_on": "1/10/2025",
        "notice_given_on": "20/10/2025",
        "progress": "Witnesses interviewed.",
        "estimated_conclusion": "31/1/2027",
        "estimated_report": "28/2/2027",
        "reasons_for_time": "Forensics queue.",
        "planned_steps": "Write the report.",
    }
    data.update(changes)
    return data
