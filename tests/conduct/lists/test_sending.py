"""A report to the College: its content as the 2017 Regulations list it, prepared by the case team,
approved by an appropriate authority who did not prepare it, sent through the outbox as a letter
with a PDF (a logged disclosure when it leaves), the clock met; then the College's acknowledgement.
Outsiders get 404; bad input gets its messages with a 400 and changes nothing."""

from datetime import date

import pytest
import time_machine
from django.test import override_settings
from django.urls import reverse

from casework.models import Deadline
from casework.models.characteristics import CharacteristicsSource, ProtectedCharacteristics
from conduct.cases import hooks
from conduct.lists import content, services
from conduct.models import ListReport
from notifications import delivery
from notifications.models import Correspondence, Status
from tests.conduct.lists.pages import page as _page

pytestmark = pytest.mark.django_db
DISMISSED_ON, TODAY = date(2026, 12, 22), date(2026, 12, 23)
COLLEGE = "lists@college.test"


@pytest.fixture
def report(personas, case, officer):
    ProtectedCharacteristics.objects.create(
        person=officer, date_of_birth=date(1990, 4, 1), source=CharacteristicsSource.HR_IMPORT
    )
    hooks.person_dismissed(person=officer, on=DISMISSED_ON, user=personas.authority, case=case, route="performance")
    return ListReport.objects.get()


def page_of(report):
    return reverse("list-report", args=[report.pk])


def test_the_content_is_what_regulation_3_lists(report):
    items = {item.ref: item for item in content.build(report)}
    assert items["reg 3(2)(a)"].value == "Dana Whitlock"
    assert items["reg 3(2)(b)"].value == "Home Constabulary"
    assert items["reg 3(2)(c)"].value == "1 April 1990" and items["reg 3(2)(c)"].special
    assert items["reg 3(2)(d)"].value == "Police officer"
    assert items["reg 3(2)(e)(ii)"].value == "4321"
    assert items["reg 3(2)(i)(ii)"].value == "Discreditable conduct"
    assert items["reg 3(2)(j)"].value == "22 December 2026"
    assert "Alleged breach of the standards" in items["reg 3(2)(i)(i)"].value  # offered from the allegation


def _sign_in(client, user):
    client.force_login(user)
    return client


@override_settings(COLLEGE_LISTS_EMAIL=COLLEGE)
def test_prepared_by_the_team_approved_by_an_authority_and_sent_with_its_pdf(client, personas, report):
    with time_machine.travel(TODAY, tick=False):
        _sign_in(client, personas.investigator)
        page = _page(client, page_of(report))
        assert page.status_code == 200 and "reg 3(2)(j)" in page.content.decode()
        # An investigator may not see special category data: the date of birth is not shown to them.
        assert "1 April 1990" not in page.content.decode()
        response = _page(client, page_of(report), {"summary": "Dismissed for gross incompetence."})
        assert response.status_code == 302
        report.refresh_from_db()
        assert (report.state, report.prepared_by) == ("prepared", personas.investigator)
        # The investigator cannot approve (not an authority): 404, and nothing sent.
        assert client.post(reverse("list-report-approve", args=[report.pk])).status_code == 404
        _sign_in(client, personas.authority)
        response = _page(client, reverse("list-report-approve", args=[report.pk]), {})
    assert response.status_code == 302
    report.refresh_from_db()
    letter = report.letter
    assert (report.state, report.approved_by, report.made_on) == ("sent", personas.authority, TODAY)
    assert (letter.kind, letter.recipient_email, letter.status) == ("list_report", COLLEGE, Status.QUEUED)
    assert "Dismissed for gross incompetence." in letter.body and "1 April 1990" in letter.body  # reg 3(2)(c)
    email = delivery.build_email(letter)
    (name, pdf, mimetype), *_ = email.attachments
    assert mimetype == "application/pdf" and pdf.startswith(b"%PDF") and name.endswith(".pdf")
    clock = Deadline.objects.get(pk=report.deadline_id)
    assert (clock.state, clock.met_on) == ("met", TODAY)


@override_settings(COLLEGE_LISTS_EMAIL=COLLEGE)
def test_sent_through_the_outbox_it_is_a_logged_disclosure(personas, report, smtp_server):
    with time_machine.travel(TODAY, tick=False):
        services.prepare(user=personas.investigator, report=report, summary="Dismissed.")
        services.approve_and_send(user=personas.head, report=report)
    report.refresh_from_db()
    assert delivery.deliver(report.letter.pk) == "sent"
    (message,) = smtp_server.messages
    assert COLLEGE in message["To"]
    assert any(part.get_content_type() == "application/pdf" for part in message.walk())
    disclosure = report.letter.disclosures.get()
    assert COLLEGE in str(disclosure.recipients)


def test_the_preparer_never_approves(personas, report):
    with time_machine.travel(TODAY, tick=False):
        services.prepare(user=personas.authority, report=report, summary="Dismissed.")
        with pytest.raises(services.ListRefused, match="another appropriate authority"):
            services.approve_and_send(user=personas.authority, report=report)
    report.refresh_from_db()
    assert (report.state, report.letter) == ("prepared", None)
    assert not Correspondence.objects.exists()


def test_approving_before_preparing_or_twice_is_refused(personas, report):
    with pytest.raises(services.ListRefused, match="Prepare the report"):
        services.approve_and_send(user=personas.authority, report=report)
    with time_machine.travel(TODAY, tick=False):
        services.prepare(user=personas.investigator, report=report, summary="Dismissed.")
        services.approve_and_send(user=personas.authority, report=report)
        with pytest.raises(services.ListRefused, match="already sent"):
            services.approve_and_send(user=personas.head, report=report)
    assert Correspondence.objects.count() == 1


@pytest.mark.parametrize("who", ["investigator_other_team", "auditor", "admin"])
def test_outsiders_get_404(client, personas, report, who):
    _sign_in(client, getattr(personas, who))
    for url in (
        page_of(report),
        reverse("list-report-acknowledge", args=[report.pk]),
        reverse("list-report-made-other", args=[report.pk]),
    ):
        assert client.get(url).status_code == 404
    assert client.post(reverse("list-report-approve", args=[report.pk])).status_code == 404


def test_a_report_without_a_case_is_the_authorities_alone(client, personas, officer):
    hooks.person_dismissed(person=officer, on=DISMISSED_ON, user=personas.authority, case=None, route="vetting")
    report = ListReport.objects.get()
    _sign_in(client, personas.investigator)
    assert client.get(page_of(report)).status_code == 404
    _sign_in(client, personas.head)
    assert _page(client, page_of(report)).status_code == 200


def test_an_empty_summary_gets_a_message_and_a_400(client, personas, report):
    _sign_in(client, personas.investigator)
    response = _page(client, page_of(report), {"summary": "   "})
    assert response.status_code == 400
    body = response.content.decode()
    assert "govuk-error-summary" in body and "Enter the description of the conduct" in body
    report.refresh_from_db()
    assert report.state == "due"


def test_the_college_acknowledges_with_its_reference(client, personas, report):
    with time_machine.travel(TODAY, tick=False):
        services.prepare(user=personas.investigator, report=report, summary="Dismissed.")
        services.approve_and_send(user=personas.authority, report=report)
        _sign_in(client, personas.authority)
        url = reverse("list-report-acknowledge", args=[report.pk])
        for data, message in (
            ({"acknowledged_on": "01/01/2099", "college_reference": "BL-1"}, "today or in the past"),
            ({"acknowledged_on": "23/12/2026", "college_reference": " "}, "Enter the College"),
            ({"acknowledged_on": "31/02/2026", "college_reference": "BL-1"}, "real date"),
        ):
            bad = _page(client, url, data)
            assert bad.status_code == 400 and message in bad.content.decode()
            assert "govuk-error-summary" in bad.content.decode()
        report.refresh_from_db()
        assert report.state == "sent"
        good = _page(client, url, {"acknowledged_on": "23/12/2026", "college_reference": "BL-2026-77"})
    assert good.status_code == 302
    report.refresh_from_db()
    assert (report.state, report.college_reference, report.acknowledged_by) == (
        "acknowledged",
        "BL-2026-77",
        personas.authority,
    )


def test_acknowledging_a_report_not_sent_is_refused(personas, report):
    with time_machine.travel(TODAY, tick=False), pytest.raises(services.ListRefused, match="not been sent"):
        services.acknowledge(user=personas.authority, report=report, acknowledged_on=TODAY, college_reference="X")
