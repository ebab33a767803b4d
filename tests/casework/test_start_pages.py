"""A start page for every role on "My work" (casework/start_pages.py, conduct's panels), the
auditor's way into an access log, and the access log's page column."""

import pytest
from django.urls import reverse

from casework.models import Consultation
from tests.factories import PersonFactory, TeamFactory, make_case

pytestmark = pytest.mark.django_db


def _home(client, user):
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_auditor_starts_with_the_way_into_the_access_logs_not_an_empty_case_count(client, personas):
    page = _home(client, personas.auditor)
    assert 'data-testid="auditor-start"' in page
    assert 'action="/access-log/"' in page
    assert 'data-testid="recent-access-reviews"' in page
    assert reverse("account-log") in page
    assert "Open cases of mine" not in page  # not "0 open cases"
    assert 'data-testid="record-new-case"' not in page


def test_the_administrator_starts_with_reference_data_rules_calendar_and_accounts(client, personas):
    page = _home(client, personas.admin)
    for section in ("Accounts and teams", "Reference data", "Rules", "Working-day calendar"):
        assert section in page, section
    assert "/admin/casework/nonworkingday/" in page
    assert "/admin/conduct/clockrule/" in page
    assert "Open cases of mine" not in page


def test_the_authority_starts_with_the_decisions_waiting(client, personas):
    page = _home(client, personas.authority)
    assert 'data-testid="authority-start"' in page
    assert "Nothing is waiting for your decision." in page
    assert ">My work</h1>" in page


def test_the_investigator_has_a_record_a_new_case_button(client, personas):
    page = _home(client, personas.investigator)
    assert 'data-testid="record-new-case"' in page
    assert f"{reverse('case-new')}?restart=1" in page
    assert 'data-testid="auditor-start"' not in page and 'data-testid="authority-start"' not in page


def test_the_auditor_finds_a_case_log_by_part_of_its_reference(client, personas):
    case = make_case(personas.head, TeamFactory(), [])
    number = int(case.reference.rsplit("-", 1)[1])
    client.force_login(personas.auditor)
    for typed in (case.reference, case.reference.lower(), str(number), f"{case.reference[4:8]}-{number}"):
        response = client.get(reverse("access-log-find"), {"q": typed})
        assert response.status_code == 302, typed
        assert response["Location"] == reverse("case-access-log", args=[case.reference])


def test_the_auditor_finds_a_person_log_by_number_and_is_told_when_nothing_matches(client, personas):
    person = PersonFactory(number="7101", first_name="Daniel", last_name="Brown")
    client.force_login(personas.auditor)
    response = client.get(reverse("access-log-find"), {"q": "7101"})
    assert response["Location"] == reverse("person-access-log", args=[person.pk])
    missing = client.get(reverse("access-log-find"), {"q": "PSD-1999-999999"})
    assert missing.status_code == 200
    assert missing.context["form"].errors == {
        "q": ["No case or person matches “PSD-1999-999999”. Check the reference, name or number"]
    }
    empty = client.get(reverse("access-log-find"), {"q": ""})
    assert empty.context["form"].errors == {"q": ["Enter a case reference, or a person's name or number"]}


def test_investigators_cannot_use_the_finder(client, personas):
    client.force_login(personas.investigator)
    assert client.get(reverse("access-log-find"), {"q": "1"}).status_code == 404


def test_the_access_log_shows_the_page_of_each_view(client, personas):
    case = make_case(personas.head, TeamFactory(), [])
    client.force_login(personas.head)
    asked = client.get(case.get_absolute_url())  # not their case: asked why first (s.62)
    client.post(asked["Location"], {"purpose": "oversight"})
    client.get(case.get_absolute_url())
    assert Consultation.objects.filter(case=case).exists()
    client.force_login(personas.auditor)
    page = client.get(reverse("case-access-log", args=[case.reference])).content.decode()
    assert "Page or action" in page
    assert f'data-testid="access-log-page">{case.get_absolute_url()}' in page
