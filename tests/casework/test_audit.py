"""The consultation log (s.62): every look recorded with its purpose, append-only, hash-chained."""

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from casework.models import Consultation, Team, TimelineEvent
from tests.case_sections import section_url

pytestmark = pytest.mark.django_db


def test_assigned_investigator_view_is_logged_with_the_assignment_as_purpose(client, personas, case):
    client.force_login(personas.investigator)
    response = client.get(case.get_absolute_url(), REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 200
    entry = Consultation.objects.get()
    assert (entry.user, entry.case, entry.kind) == (personas.investigator, case, "case")
    assert entry.purpose == "Case of my team (Team A)"
    assert entry.client_address == "10.1.2.3"


def test_someone_outside_the_assignment_must_give_a_purpose_first(client, personas, case):
    client.force_login(personas.head)
    response = client.get(case.get_absolute_url())
    assert response.status_code == 302 and response["Location"].startswith("/purpose/")
    assert not Consultation.objects.exists()
    purpose_page = response["Location"]
    response = client.post(purpose_page, {"purpose": "other"})
    assert response.status_code == 200 and "Describe the purpose" in response.content.decode()
    response = client.post(purpose_page, {"purpose": "oversight"})
    assert response.status_code == 302 and response["Location"] == case.get_absolute_url()
    assert client.get(case.get_absolute_url()).status_code == 200
    assert client.get(case.get_absolute_url()).status_code == 200  # asked once per session
    entries = list(Consultation.objects.all())
    assert len(entries) == 2
    assert {e.purpose for e in entries} == {"Oversight or supervision of this matter"}


def test_purpose_page_refuses_an_off_site_next(client, personas):
    client.force_login(personas.head)
    assert client.get("/purpose/", {"key": "case:1", "next": "https://evil.example/"}).status_code == 404


def test_person_page_view_is_logged(client, personas, case):
    person = case.subjects.get().person
    client.force_login(personas.investigator)
    assert client.get(f"/people/{person.pk}/").status_code == 200
    entry = Consultation.objects.get(kind="person")
    assert entry.person == person and entry.purpose == f"Subject of {case.reference}"


def test_log_and_timeline_reject_update_and_delete_at_the_database(client, personas, case):
    client.force_login(personas.investigator)
    client.get(case.get_absolute_url())
    for table in ("casework_consultation", "casework_timelineevent", "casework_caseevent"):
        for sql in (f"UPDATE {table} SET id = id", f"DELETE FROM {table}"):
            with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(sql)
    assert TimelineEvent.objects.filter(case=case).exists()


def test_verify_audit_finds_an_edited_entry_when_the_trigger_is_dropped(client, personas, case):
    client.force_login(personas.investigator)
    for _ in range(3):
        client.get(case.get_absolute_url())
    call_command("verify_audit")  # intact
    middle = Consultation.objects.order_by("id")[1]
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # flush deferred FK checks before ALTER
        cursor.execute("ALTER TABLE casework_consultation DISABLE TRIGGER USER")
        cursor.execute("UPDATE casework_consultation SET purpose = 'edited' WHERE id = %s", [middle.pk])
        cursor.execute("ALTER TABLE casework_consultation ENABLE TRIGGER USER")
    with pytest.raises(CommandError, match=f"broken at entry {middle.pk}"):
        call_command("verify_audit")


def test_changes_to_case_data_are_kept_with_who_made_them(client, personas, case):
    from casework.models.cases import Case

    client.force_login(personas.investigator)
    case.summary = "Changed summary"
    case.save()
    events = list(Case.pgh_event_model.objects.filter(pgh_obj=case).order_by("pgh_id"))
    assert [e.pgh_label for e in events] == ["insert", "update"]
    assert events[-1].summary == "Changed summary"


def test_an_auditor_sees_case_metadata_but_not_the_narrative(client, personas, case):
    client.force_login(personas.auditor)
    url = case.get_absolute_url()
    response = client.post(client.get(url)["Location"], {"purpose": "audit"})
    page = client.get(url).content.decode()
    assert case.reference in page and "Gary Mills" in page
    assert "Test matter" not in page and "Withheld" in page
    client.force_login(personas.head)
    client.post(client.get(url)["Location"], {"purpose": "oversight"})
    assert "Test matter" in client.get(url).content.decode()
    assert response.status_code == 302


def test_who_has_looked_lists_views_filters_and_exports_csv(client, personas, case):
    client.force_login(personas.investigator)
    client.get(case.get_absolute_url(), REMOTE_ADDR="10.0.0.7")
    client.force_login(personas.head)
    client.post(client.get(case.get_absolute_url())["Location"], {"purpose": "oversight"})
    client.get(case.get_absolute_url())
    url = f"/cases/{case.reference}/access-log/"
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["page"].paginator.count == 2
    assert client.get(url, {"user": "ivy"}).context["page"].paginator.count == 1
    assert client.get(url, {"purpose": "oversight"}).context["page"].paginator.count == 1
    assert client.get(url, {"date_from": "01/01/2099"}).context["page"].paginator.count == 0
    response = client.get(url, {"format": "csv"})
    assert response["Content-Type"] == "text/csv"
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines[0].startswith("time,username")
    # Header, the two views, and the export itself (logged before the file is written).
    assert len(lines) == 4 and any("10.0.0.7" in line for line in lines)
    assert "Access log export" in lines[1]
    assert Consultation.objects.filter(kind="export", case=case, user=personas.head).exists()
    client.force_login(personas.investigator)
    assert client.get(url).status_code == 404


def test_restricted_cases_are_hidden_from_the_head_until_glass_is_broken_and_then_only_for_a_while(
    client, personas, case, settings
):
    import time_machine

    from casework import permissions
    from casework import services as casework_services

    case.sensitivity = "restricted"
    case.save()
    assert not permissions.can_view_case(personas.head, case)
    assert permissions.can_view_case(personas.investigator, case)
    assert not permissions.can_break_glass(personas.authority, case)
    assert permissions.can_break_glass(personas.head, case)
    client.force_login(personas.head)
    response = client.post(f"/cases/{case.reference}/break-glass/", {"justification": "too short"})
    assert response.status_code == 200 and "fuller justification" in response.content.decode()
    with time_machine.travel("2026-11-22 09:00 +0000", tick=False) as clock:
        casework_services.break_glass(user=personas.head, case=case, justification="Urgent briefing required.")
        assert permissions.can_view_case(personas.head, case)
        clock.shift(settings.BREAK_GLASS_HOURS * 3600 + 60)
        assert not permissions.can_view_case(personas.head, case)
    client.force_login(personas.investigator_other_team)
    assert client.get(f"/cases/{case.reference}/break-glass/").status_code == 404


def test_the_case_page_shows_changes_to_the_details_with_who_made_them(client, personas, case):

    client.force_login(personas.investigator)
    other = Team.objects.create(name="Team B")
    other.members.add(personas.investigator)
    response = client.post(
        f"/cases/{case.reference}/edit/",
        {
            "origin": case.origin,
            "received_on": "01/10/2026",
            "how_received": case.how_received,
            "summary": "Amended summary",
            "complainant_name": "",
            "sensitivity": "normal",
            "team": other.pk,
            "investigator": "",
            "complainant_email": "",
            "complainant_telephone": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    page = client.get(section_url(case, "audit")).content.decode()  # the Access log section
    assert "Changes to the case details (1)" in page
    assert "Team changed from “Team A” to “Team B”" in page and "Summary changed" in page
    assert personas.investigator.get_full_name() in page
    client.force_login(personas.auditor)
    client.post(client.get(case.get_absolute_url())["Location"], {"purpose": "audit"})
    assert "Changes to the case details" not in client.get(case.get_absolute_url()).content.decode()
