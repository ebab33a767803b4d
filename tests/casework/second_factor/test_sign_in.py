"""Signing in with the second factor: enrolment the first time, the code every time, recovery
codes, throttling, and every page (/admin/ included) held until the code is given."""

import os
import re
import subprocess
import sys
from types import SimpleNamespace

import pytest
import time_machine
from django.test import Client
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from casework.models import SecondFactorAction, SecondFactorEvent
from casework.second_factor import gate
from tests.second_factor import authenticator_for, code_from_secret, next_code
from tests.test_authorisation_matrix import _cases, build_world, url_for

pytestmark = pytest.mark.django_db

SECRET = re.compile(r'data-testid="enrolment-secret">([A-Z2-7]+)<')


def password_only(user, password, next_url="/"):
    """A client that has given the right password and nothing more."""
    client = Client()
    response = client.post("/accounts/login/", {"username": user.username, "password": password, "next": next_url})
    assert response.status_code == 302
    return client


def enrol(client):
    page = client.get("/accounts/second-factor/set-up/").content.decode()
    secret = SECRET.search(page).group(1)
    response = client.post("/accounts/second-factor/set-up/", {"code": code_from_secret(secret), "next": "/cases/"})
    return secret, response


def test_after_the_password_a_first_sign_in_is_sent_to_set_up_an_app_keeping_its_destination(personas):
    client = password_only(personas.investigator, personas.password, next_url="/cases/")
    response = client.get("/cases/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/second-factor/?next=/cases/"
    response = client.get(response["Location"])
    assert response["Location"] == "/accounts/second-factor/set-up/?next=%2Fcases%2F"


def test_enrolment_shows_a_qr_code_and_the_secret_then_confirms_with_a_code(personas):
    with time_machine.travel("2026-11-20 09:00:10 +0000", tick=False) as clock:
        client = password_only(personas.investigator, personas.password)
        page = client.get("/accounts/second-factor/set-up/").content.decode()
        assert 'src="data:image/svg+xml' in page  # drawn on the server: the CSP allows no script
        secret = SECRET.search(page).group(1)
        assert len(secret) == 32  # 160 bits
        assert SECRET.search(client.get("/accounts/second-factor/set-up/").content.decode()).group(1) == secret
        assert "My work" not in client.get("/accounts/second-factor/set-up/").content.decode()  # no menu yet

        wrong = client.post("/accounts/second-factor/set-up/", {"code": "000000"})
        assert wrong.status_code == 200
        assert "That code is wrong or has already been used" in wrong.content.decode()
        assert client.get("/").status_code == 302

        clock.shift(2)  # past the throttle after one wrong code
        response = client.post("/accounts/second-factor/set-up/", {"code": code_from_secret(secret), "next": "/cases/"})
        assert response["Location"] == "/accounts/second-factor/recovery-codes/"
        page = client.get(response["Location"]).content.decode()
        codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", page)
        assert len(codes) == 10 and 'href="/cases/"' in page
        assert "This is the only time these codes are shown" in page
        again = client.get("/accounts/second-factor/recovery-codes/").content.decode()
        assert not any(code in again for code in codes) and "You have 10 unused recovery codes" in again
        assert client.get("/cases/").status_code == 200
        assert TOTPDevice.objects.get(user=personas.investigator).confirmed
        event = SecondFactorEvent.objects.get(user=personas.investigator)
        assert (event.action, event.by) == (SecondFactorAction.ENROLLED, personas.investigator)


def test_an_enrolled_user_gives_the_code_at_every_sign_in_and_a_code_works_once(personas):
    device = authenticator_for(personas.head)
    client = password_only(personas.head, personas.password)
    page = client.get("/accounts/second-factor/").content.decode()
    assert "Enter your code" in page and "set-up" not in page
    code = next_code(device)
    response = client.post("/accounts/second-factor/", {"code": code, "next": "/cases/"})
    assert response["Location"] == "/cases/"
    assert client.get("/cases/").status_code == 200

    replay = password_only(personas.head, personas.password)
    response = replay.post("/accounts/second-factor/", {"code": code})
    assert response.status_code == 200
    assert "That code is wrong or has already been used" in response.content.decode()
    assert replay.get("/").status_code == 302


def test_a_next_address_off_the_site_is_ignored(personas):
    device = authenticator_for(personas.head)
    client = password_only(personas.head, personas.password)
    response = client.post("/accounts/second-factor/", {"code": next_code(device), "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_wrong_codes_are_throttled_even_when_the_right_one_follows(personas):
    with time_machine.travel("2026-11-20 09:00:10 +0000", tick=False) as clock:
        device = authenticator_for(personas.auditor)
        client = password_only(personas.auditor, personas.password)
        client.post("/accounts/second-factor/", {"code": "123456"})
        clock.shift(1.5)
        client.post("/accounts/second-factor/", {"code": "123457"})  # the second wrong code: wait 2 s
        response = client.post("/accounts/second-factor/", {"code": next_code(device)})
        assert "Too many wrong codes. Wait 2 seconds, then enter the current code." in response.content.decode()
        assert client.get("/").status_code == 302
        clock.shift(3)
        response = client.post("/accounts/second-factor/", {"code": next_code(device)})
        assert response.status_code == 302 and client.get("/").status_code == 200


def test_a_recovery_code_signs_in_once_and_is_recorded(personas):
    client = password_only(personas.authority, personas.password)
    _secret, response = enrol(client)
    codes = re.findall(r"<code>([a-z2-7]{8})</code>", client.get(response["Location"]).content.decode())

    other = password_only(personas.authority, personas.password)
    response = other.post("/accounts/second-factor/", {"code": codes[0].upper()[:4] + "-" + codes[0][4:]}, follow=True)
    assert response.request["PATH_INFO"] == "/"
    assert "You signed in with a recovery code. It cannot be used again: you have 9 left." in response.content.decode()
    assert other.session[gate.SESSION_KEY]["method"] == gate.Method.RECOVERY_CODE
    assert SecondFactorEvent.objects.filter(
        user=personas.authority, action=SecondFactorAction.RECOVERY_CODE_USED
    ).exists()

    third = password_only(personas.authority, personas.password)
    response = third.post("/accounts/second-factor/", {"code": codes[0]})
    assert "That recovery code is wrong or has already been used" in response.content.decode()
    assert StaticToken.objects.filter(device__user=personas.authority).count() == 9


def test_new_recovery_codes_replace_the_old_ones(client, personas):
    authenticator_for(personas.investigator)
    client.force_login(personas.investigator)
    response = client.post("/accounts/second-factor/recovery-codes/")
    codes = re.findall(r"<code>([a-z2-7]{8})</code>", client.get(response["Location"]).content.decode())
    assert len(codes) == 10
    assert set(StaticToken.objects.filter(device__user=personas.investigator).values_list("token", flat=True)) == set(
        codes
    )
    assert SecondFactorEvent.objects.filter(action=SecondFactorAction.RECOVERY_CODES_RENEWED).count() == 1


def test_an_empty_code_gets_a_clear_message(personas):
    authenticator_for(personas.head)
    client = password_only(personas.head, personas.password)
    response = client.post("/accounts/second-factor/", {"code": "  "})
    assert "Enter the code from your authenticator app" in response.content.decode()


def test_every_signed_in_page_waits_for_the_second_factor(personas):
    """Each URL of the authorisation matrix that needs a login also needs the code."""
    world = build_world(personas)
    client = password_only(personas.admin, personas.password)
    failures = []
    for name, kwargs, expected in _cases():
        if expected["anonymous"] != 302 or name in {"logout", "second-factor", "second-factor-enrol"}:
            continue
        response = client.get(url_for(name, kwargs, world))
        if response.status_code != 302 or not response["Location"].startswith("/accounts/second-factor/"):
            failures.append(f"{name}: {response.status_code}")
    assert not failures
    assert client.post("/accounts/logout/").status_code == 302  # signing out never waits


def test_admin_refuses_a_session_without_the_second_factor(personas, settings):
    client = password_only(personas.admin, personas.password)
    response = client.get("/admin/casework/team/")
    assert response["Location"].startswith("/accounts/second-factor/")
    # The admin site checks it itself too, should the middleware ever be left out.
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if not m.endswith("SecondFactorMiddleware")]
    client, cookies = Client(), client.cookies  # a client loads the middleware once
    client.cookies = cookies
    response = client.get("/admin/casework/team/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    # ...and has no sign-in form of its own: the service's sign-in page, one lock-out.
    response = client.get("/admin/login/?next=/admin/casework/team/")
    assert response["Location"] == "/accounts/login/?next=/admin/casework/team/"


def test_the_identity_provider_hook_passes_a_sign_in_and_only_for_its_user(personas):
    client = Client()
    client.force_login(personas.head)
    assert client.get("/").status_code == 302
    session = client.session
    gate.passed_at_identity_provider(SimpleNamespace(session=session, user=personas.head), "entra-id")
    session.save()
    assert client.get("/").status_code == 200

    session[gate.SESSION_KEY]["user"] = personas.auditor.pk  # a mark for someone else counts for nothing
    session.save()
    assert client.get("/").status_code == 302


def test_production_refuses_to_start_without_the_second_factor():
    env = {"DEBUG": "false", "SECOND_FACTOR_REQUIRED": "false", "SECRET_KEY": "x"}
    env.update(PATH="/usr/bin:/bin", DJANGO_SETTINGS_MODULE="config.settings")
    env.update({k: os.environ[k] for k in ("DATABASE_URL", "REDIS_URL")})
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "SECOND_FACTOR_REQUIRED may be false only with DEBUG on" in result.stderr
