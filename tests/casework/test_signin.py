"""Signing in: lock-out by username and address together, the per-address rate limit, password
change, the absolute session lifetime, and the account log of sign-ins and failures."""

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from casework.models import AccountEvent, AccountEventKind
from tests.second_factor import pass_second_factor

pytestmark = pytest.mark.django_db

ELSEWHERE = "192.0.2.66"  # an attacker's address (TEST-NET-1: documentation only)
OFFICE = "198.51.100.10"  # the head of PSD's


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    keys = [f"sign-in-rate:{a}" for a in (ELSEWHERE, OFFICE, "127.0.0.1")]
    cache.delete_many(keys)
    yield
    cache.delete_many(keys)


def _sign_in(client, username, password, address):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def test_failing_a_username_from_one_address_does_not_lock_it_out_elsewhere(client, personas, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = _sign_in(client, "helen", "guess", ELSEWHERE)
    assert response.status_code == 429  # locked from the attacker's address
    assert _sign_in(Client(), "helen", personas.password, ELSEWHERE).status_code == 429
    assert _sign_in(Client(), "helen", personas.password, OFFICE).status_code == 302  # she still signs in
    failures = AccountEvent.objects.filter(kind=AccountEventKind.SIGN_IN_FAILED, user=personas.head)
    assert failures.count() >= settings.AXES_FAILURE_LIMIT
    assert set(failures.values_list("client_address", flat=True)) == {ELSEWHERE}
    assert AccountEvent.objects.filter(kind=AccountEventKind.SIGN_IN_THROTTLED, username="helen").exists()


def test_one_address_trying_many_usernames_meets_the_rate_limit(personas, settings):
    settings.SIGN_IN_RATE_LIMIT = 3
    client = Client()
    for n in range(3):
        assert _sign_in(client, f"nobody{n}", "guess", ELSEWHERE).status_code == 200
    refused = _sign_in(client, "helen", personas.password, ELSEWHERE)
    assert refused.status_code == 429
    assert "Too many attempts to sign in" in refused.content.decode()
    assert _sign_in(Client(), "helen", personas.password, OFFICE).status_code == 302  # other addresses unaffected
    # Counted once per window, not once per refused request.
    _sign_in(client, "helen", personas.password, ELSEWHERE)
    assert AccountEvent.objects.filter(kind=AccountEventKind.SIGN_IN_THROTTLED, client_address=ELSEWHERE).count() == 1
    # The admin's sign-in form is under the same limit.
    admin_login = client.post(reverse("admin:login"), {"username": "adele", "password": "x"}, REMOTE_ADDR=ELSEWHERE)
    assert admin_login.status_code == 429


def test_a_failure_naming_no_account_is_recorded_with_what_was_typed(client):
    _sign_in(client, "not-a-user", "guess", ELSEWHERE)
    event = AccountEvent.objects.get(kind=AccountEventKind.SIGN_IN_FAILED)
    assert event.user is None and event.username == "not-a-user" and event.client_address == ELSEWHERE


def test_signing_in_and_out_is_recorded(client, personas):
    assert _sign_in(client, "ivy", personas.password, OFFICE).status_code == 302
    client.post(reverse("logout"), REMOTE_ADDR=OFFICE)
    kinds = list(
        AccountEvent.objects.filter(user=personas.investigator).order_by("id").values_list("kind", "client_address")
    )
    assert kinds == [(AccountEventKind.SIGNED_IN, OFFICE), (AccountEventKind.SIGNED_OUT, OFFICE)]


def test_a_session_ends_after_the_absolute_lifetime_however_active(client, personas, settings):
    settings.SESSION_ABSOLUTE_SECONDS = 3 * 60 * 60
    idle = settings.SESSION_COOKIE_AGE
    with time_machine.travel("2026-11-20 08:00 +0000", tick=False) as clock:
        assert _sign_in(client, "ivy", personas.password, OFFICE).status_code == 302
        pass_second_factor(client, personas.investigator)  # the code is not what this tests
        for _ in range(int(settings.SESSION_ABSOLUTE_SECONDS // (idle - 60))):
            clock.shift(idle - 60)  # always active, never idle long enough to expire
            assert client.get("/").status_code == 200
        clock.shift(idle - 60)
        response = client.get("/deadlines/")
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('login')}?next=%2Fdeadlines%2F"
        login_page = client.get(response["Location"]).content.decode()
        assert "sessions last at most 3 hours" in login_page
        assert client.get("/").status_code == 302
    assert AccountEvent.objects.filter(kind=AccountEventKind.SESSION_ENDED, user=personas.investigator).exists()


def test_users_change_their_own_password(client, personas):
    client.force_login(personas.investigator)
    home = client.get("/").content.decode()
    assert f'href="{reverse("password_change")}"' in home
    url = reverse("password_change")
    new = "a much better passphrase"
    wrong = client.post(url, {"old_password": "wrong", "new_password1": new, "new_password2": new})
    assert wrong.status_code == 200 and "There is a problem" in wrong.content.decode()
    weak = client.post(url, {"old_password": personas.password, "new_password1": "short", "new_password2": "short"})
    assert "too short" in weak.content.decode()
    form = {"old_password": personas.password, "new_password1": new, "new_password2": new}
    done = client.post(url, form, follow=True)
    assert "Your password has been changed." in done.content.decode()
    assert client.get("/").status_code == 200  # still signed in
    personas.investigator.refresh_from_db()
    assert personas.investigator.check_password(new)
    assert AccountEvent.objects.filter(kind=AccountEventKind.PASSWORD_CHANGED, user=personas.investigator).exists()


def test_the_account_log_page_shows_sign_ins_to_auditors(client, personas):
    _sign_in(Client(), "helen", "guess", ELSEWHERE)
    client.force_login(personas.auditor)
    page = client.get(reverse("account-log"), {"kind": AccountEventKind.SIGN_IN_FAILED})
    body = page.content.decode()
    assert page.status_code == 200 and "Sign-in failed" in body and ELSEWHERE in body
    assert "Account log" in client.get("/").content.decode()  # linked from the header


def test_the_account_log_page_query_count_is_fixed(client, personas, django_assert_max_num_queries):
    for n in range(30):
        _sign_in(Client(), f"user{n}", "guess", ELSEWHERE)
        cache.delete(f"sign-in-rate:{ELSEWHERE}")
    client.force_login(personas.head)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("account-log")).status_code == 200
