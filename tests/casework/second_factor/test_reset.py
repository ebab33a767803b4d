"""A lost phone: another administrator resets the second factor, with a reason, in an
append-only history; the user is signed out everywhere and sets up a new app next time."""

import pytest
from django.db import DatabaseError, transaction
from django.test import Client
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from casework.errors import Refused
from casework.models import SecondFactorAction, SecondFactorEvent
from casework.second_factor import services
from tests.second_factor import authenticator_for

pytestmark = pytest.mark.django_db

REASON = "Phone lost; confirmed in person at the front desk"


def test_an_administrator_resets_someone_elses_second_factor_with_a_reason(client, personas):
    authenticator_for(personas.head)
    StaticDevice.objects.create(user=personas.head, name="Recovery codes")
    signed_in_elsewhere = Client()
    signed_in_elsewhere.force_login(personas.head)

    client.force_login(personas.admin)
    page = client.get(f"/accounts/second-factor/staff/{personas.head.pk}/reset/").content.decode()
    assert "Reset the second factor" in page and "Their authenticator app and recovery codes stop working" in page
    response = client.post(f"/accounts/second-factor/staff/{personas.head.pk}/reset/", {"reason": REASON})
    assert response["Location"] == "/accounts/second-factor/staff/"

    assert not TOTPDevice.objects.filter(user=personas.head).exists()
    assert not StaticDevice.objects.filter(user=personas.head).exists()
    event = SecondFactorEvent.objects.get(user=personas.head)
    assert (event.action, event.by, event.reason) == (SecondFactorAction.RESET, personas.admin, REASON)
    # Signed out everywhere; at the next sign-in, after the password, a new app is set up.
    assert signed_in_elsewhere.get("/")["Location"].startswith("/accounts/login/")
    fresh = Client()
    fresh.post("/accounts/login/", {"username": personas.head.username, "password": personas.password})
    assert fresh.get("/accounts/second-factor/")["Location"].startswith("/accounts/second-factor/set-up/")
    # The history is on the reset page.
    history = client.get(f"/accounts/second-factor/staff/{personas.head.pk}/reset/").content.decode()
    assert f"Second factor reset by {personas.admin.get_full_name() or personas.admin.username}: {REASON}" in history


def test_an_administrator_cannot_reset_their_own(client, personas):
    authenticator_for(personas.admin)
    client.force_login(personas.admin)
    url = f"/accounts/second-factor/staff/{personas.admin.pk}/reset/"
    assert "You cannot reset your own second factor. Ask another administrator." in client.get(url).content.decode()
    response = client.post(url, {"reason": REASON})
    assert response.status_code == 200
    assert "Only another administrator can reset" in response.content.decode()
    assert TOTPDevice.objects.filter(user=personas.admin).exists()
    assert not SecondFactorEvent.objects.exists()
    with pytest.raises(Refused):
        services.reset(actor=personas.admin, user=personas.admin, reason=REASON)


@pytest.mark.parametrize("persona", ["investigator", "authority", "head", "auditor"])
def test_no_one_else_may_reset_or_see_the_list(client, personas, persona):
    authenticator_for(personas.investigator_other_team)
    client.force_login(getattr(personas, persona))
    url = f"/accounts/second-factor/staff/{personas.investigator_other_team.pk}/reset/"
    assert client.post(url, {"reason": REASON}).status_code == 404
    assert client.get("/accounts/second-factor/staff/").status_code == 404
    assert TOTPDevice.objects.filter(user=personas.investigator_other_team).exists()


def test_a_reset_needs_a_reason(client, personas):
    authenticator_for(personas.head)
    client.force_login(personas.admin)
    response = client.post(f"/accounts/second-factor/staff/{personas.head.pk}/reset/", {"reason": "lost"})
    assert "Give the reason for the reset (at least 10 characters)" in response.content.decode()
    response = client.post(f"/accounts/second-factor/staff/{personas.head.pk}/reset/", {"reason": ""})
    assert "Give the reason for the reset" in response.content.decode()
    assert TOTPDevice.objects.filter(user=personas.head).exists()


def test_the_list_shows_who_has_set_up_an_app(client, personas):
    authenticator_for(personas.head)
    client.force_login(personas.admin)
    page = client.get("/accounts/second-factor/staff/").content.decode()
    assert page.count("Set up</td>") == 1 and page.count("Not set up yet") == 5
    assert "Yours" in page  # no reset link beside one's own account


def test_the_history_is_append_only(personas):
    event = SecondFactorEvent.objects.create(user=personas.head, action=SecondFactorAction.RESET, by=personas.admin)
    with pytest.raises(DatabaseError), transaction.atomic():
        SecondFactorEvent.objects.filter(pk=event.pk).update(reason="nothing happened")
    with pytest.raises(DatabaseError), transaction.atomic():
        SecondFactorEvent.objects.filter(pk=event.pk).delete()
