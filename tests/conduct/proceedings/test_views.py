"""The "Meeting or hearing" panel on the case page and its forms: a refusal shows on the form
and writes nothing; the panel's queries do not grow with the panel, events or subjects."""

from datetime import date

import pytest
from django.urls import reverse

from conduct.cases import hooks
from conduct.models import HearingEventKind, PanelAppointment, PanelRole
from conduct.proceedings import panel, selectors, services
from tests.case_sections import section_url

pytestmark = pytest.mark.django_db


def url(name, proceedings):
    return reverse(name, args=[proceedings.subject.case.reference, proceedings.subject_id])


def test_appointing_through_the_form_and_a_refusal_on_it(as_user, personas, hearing, people):
    client = as_user(personas.authority)
    page = client.post(
        url("hearing-appoint", hearing),
        {"role": PanelRole.CHAIR, "person": people["superintendent"].pk, "reasons": "Available."},
    )
    assert page.status_code == 200 and "assistant chief constable or above" in page.text
    assert not PanelAppointment.objects.exists()
    page = client.post(
        url("hearing-appoint", hearing),
        {"role": PanelRole.CHAIR, "person": people["chief"].pk, "reasons": "Available."},
    )
    assert page.status_code == 302
    assert PanelAppointment.objects.get().person == people["chief"]


def test_bad_input_gives_field_errors_not_a_500(as_user, personas, hearing):
    client = as_user(personas.investigator)
    page = client.post(url("hearing-schedule", hearing), {"starts_on": "31/02/2027", "starts_time": "25:99"})
    assert page.status_code == 200 and "govuk-error-summary" in page.text
    page = client.post(url("hearing-extend", hearing), {"clock": "timing", "working_days": "3", "reasons": "x"})
    assert page.status_code == 200 and "not running" in page.text


def test_the_case_page_shows_the_panel_and_clocks(as_user, personas, hearing, people, case):
    panel.appoint(
        user=personas.authority,
        proceedings=hearing,
        role=PanelRole.INDEPENDENT_MEMBER,
        name="Ruth Evans",
        reasons="From the list.",
    )
    services.record_step(
        user=personas.investigator, proceedings=hearing, kind=HearingEventKind.RESPONSE_RECEIVED, on=date(2026, 12, 23)
    )
    page = as_user(personas.investigator).get(section_url(case, "subjects"))
    assert 'data-testid="hearing-panel"' in page.text
    assert "Ruth Evans" in page.text and "Witness lists exchanged" in page.text
    assert url("hearing-step", hearing) in page.text
    assert url("hearing-appoint", hearing) not in page.text  # the appropriate authority's decision


def test_the_panel_query_count_does_not_grow(personas, hearing, people, case, django_assert_max_num_queries):
    def collect():
        return {"hearing_panel": selectors.case_panel(case=case, user=personas.investigator, can_change=True)}

    with django_assert_max_num_queries(5):  # proceedings, panel, events, notices, clocks
        assert collect()["hearing_panel"]["subjects"]
    for name in ("Ruth Evans", "Samuel Okafor"):
        panel.appoint(
            user=personas.authority, proceedings=hearing, role=PanelRole.INDEPENDENT_MEMBER, name=name, reasons="R."
        )
    panel.appoint(
        user=personas.authority, proceedings=hearing, role=PanelRole.CHAIR, person=people["chief"], reasons="R."
    )
    services.record_step(
        user=personas.investigator, proceedings=hearing, kind=HearingEventKind.RESPONSE_RECEIVED, on=date(2026, 12, 23)
    )
    with django_assert_max_num_queries(5):
        context = collect()["hearing_panel"]
    assert len(context["subjects"][0]["panel"]) == 3


def test_no_panel_for_a_case_without_a_referral(personas, case):
    panels = hooks.case_page.collect(case=case, user=personas.investigator, can_change=True, can_decide=False)
    assert panels["hearing_panel"] is None


def test_the_public_notice_form_starts_from_the_date_place_and_officer(as_user, personas, hearing):
    from datetime import datetime

    from casework.calendar import LONDON

    starts = datetime(2027, 1, 20, 10, 0, tzinfo=LONDON)
    services.schedule(user=personas.investigator, proceedings=hearing, starts_at=starts, place="HQ Room 2", agreed=True)
    page = as_user(personas.investigator).get(url("hearing-public-notice", hearing))
    person = hearing.subject.person
    assert page.status_code == 200
    assert f"Police constable {person.full_name}" in page.text and "10:00 on 20 January 2027" in page.text
