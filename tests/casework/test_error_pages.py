"""The styled 404 and 403 pages in every mode, DEBUG included (`make run`), and the styled
sign-in page with GOV.UK messages."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

STYLED_404 = "If you typed the web address, check it is correct."


@pytest.fixture(params=[False, True], ids=["production", "debug"])
def debug(request, settings):
    settings.DEBUG = request.param
    return request.param


def test_an_unknown_address_gets_the_styled_page_signed_in_or_not(client, personas, debug):
    anonymous = Client().get("/no-such-page/")
    assert anonymous.status_code == 404
    assert STYLED_404 in anonymous.content.decode()
    client.force_login(personas.investigator)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert STYLED_404 in body
    assert "Using the URLconf" not in body  # not Django's technical page
    assert 'class="govuk-service-navigation' in body  # the signed-in frame, with the navigation


def test_a_record_the_user_may_not_see_gets_the_styled_page(client, personas, debug):
    client.force_login(personas.investigator)
    response = client.get("/cases/PSD-2026-999999/")
    assert response.status_code == 404
    assert STYLED_404 in response.content.decode()


def test_a_refused_action_gets_the_styled_403(client, personas, debug):
    client.force_login(personas.admin)
    response = client.get(f"/admin/casework/user/{personas.investigator.pk}/password/")
    assert response.status_code == 403
    assert "You cannot do that" in response.content.decode()


def test_a_developer_can_ask_for_the_technical_page(client, personas, settings):
    settings.DEBUG = True
    settings.TECHNICAL_ERROR_PAGES = True
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    assert STYLED_404 not in response.content.decode()


def test_the_sign_in_page_uses_gov_uk_inputs_and_exact_messages(personas):
    page = Client().get(reverse("login")).content.decode()
    assert 'class="govuk-input" ' in page or 'class="govuk-input"' in page
    assert 'class="govuk-label govuk-label--s" for="id_username"' in page
    empty = Client().post(reverse("login"), {"username": "", "password": ""}).content.decode()
    assert "Enter your username" in empty
    assert "Enter your password" in empty
    assert "govuk-input--error" in empty
    wrong = Client().post(reverse("login"), {"username": "ivy", "password": "wrong"}).content.decode()
    assert "Enter a correct username and password" in wrong
