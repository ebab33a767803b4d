"""Legal holds: placed on a case or a person by the head of PSD or an administrator with a reason,
lifted with a reason, never deleted; bad input gets a clear message and changes nothing."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from conduct.models import LegalHold
from conduct.records import services

pytestmark = pytest.mark.django_db


def test_a_hold_is_placed_on_a_case_by_its_reference(client, personas, old_case):
    client.force_login(personas.head)
    response = client.post(
        reverse("records-hold-new"), {"case_reference": old_case.reference.lower(), "reason": "Claim"}
    )
    assert response.status_code == 302
    hold = LegalHold.objects.get()
    assert (hold.case, hold.person, hold.placed_by, hold.reason) == (old_case, None, personas.head, "Claim")


def test_a_hold_is_placed_on_a_person_by_their_number(client, personas, officer):
    client.force_login(personas.admin)
    response = client.post(reverse("records-hold-new"), {"person_number": officer.number, "reason": "Inquiry"})
    assert response.status_code == 302
    assert LegalHold.objects.get().person == officer


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"reason": "Claim"}, "Enter a case reference or a person&#x27;s number"),
        ({"case_reference": "PSD-2026-000001", "person_number": "4321", "reason": "Claim"}, "not both"),
        ({"case_reference": "PSD-1999-999999", "reason": "Claim"}, "No case has the reference PSD-1999-999999"),
        ({"person_number": "0000", "reason": "Claim"}, "No one on the register has the number 0000"),
        ({"case_reference": "PSD-2026-000001\x00", "reason": "Claim"}, "Null characters are not allowed"),
        ({"person_number": "4321"}, "Say why the record must be kept"),
    ],
)
def test_bad_input_gets_a_clear_message_and_places_no_hold(client, personas, officer, data, message):
    client.force_login(personas.head)
    response = client.post(reverse("records-hold-new"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not LegalHold.objects.exists()


def test_a_record_is_held_once_at_a_time(personas, old_case):
    services.place_hold(user=personas.head, case=old_case, reason="Claim")
    with pytest.raises(services.RecordsRefused, match="already under a legal hold"):
        services.place_hold(user=personas.admin, case=old_case, reason="Another claim")


def test_lifting_needs_a_reason_and_happens_once(client, personas, old_case):
    hold = services.place_hold(user=personas.head, case=old_case, reason="Claim")
    client.force_login(personas.admin)
    url = reverse("records-hold-lift", args=[hold.pk])
    assert "Say why the hold is lifted" in client.post(url, {"reason": ""}).content.decode()
    assert client.post(url, {"reason": "Claim settled"}).status_code == 302
    hold.refresh_from_db()
    assert (hold.active, hold.lifted_by, hold.lift_reason) == (False, personas.admin, "Claim settled")
    with pytest.raises(services.RecordsRefused, match="already lifted"):
        services.lift_hold(user=personas.head, hold=hold, reason="Again")


def test_a_hold_is_never_deleted_and_a_lifted_hold_never_changes(personas, old_case):
    hold = services.place_hold(user=personas.head, case=old_case, reason="Claim")
    services.lift_hold(user=personas.head, hold=hold, reason="Settled")
    table = LegalHold._meta.db_table
    for statement in [f"UPDATE {table} SET lift_reason = 'x'", f"DELETE FROM {table}"]:  # noqa: S608
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)


@pytest.mark.parametrize("persona", ["investigator", "authority", "auditor"])
def test_holds_are_for_the_head_of_psd_and_administrators(client, personas, old_case, persona):
    hold = services.place_hold(user=personas.head, case=old_case, reason="Claim")
    client.force_login(getattr(personas, persona))
    for url in (reverse("records-holds"), reverse("records-hold-new"), reverse("records-hold-lift", args=[hold.pk])):
        assert client.get(url).status_code == 404
    assert client.post(reverse("records-hold-lift", args=[hold.pk]), {"reason": "x"}).status_code == 404
    assert LegalHold.objects.active().count() == 1
