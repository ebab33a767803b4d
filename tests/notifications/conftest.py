"""Fixtures for the outbox: an officer with an email address on a case of ivy's team, and a
helper that composes a letter in a committed transaction. The SMTP server is tests/conftest.py's
`smtp_server` (a real aiosmtpd server whose answers a test can script)."""

import pytest
from django.db import transaction
from django.urls import reverse

from notifications import outbox
from notifications.models import LetterKind
from tests.factories import ForceFactory, PersonFactory, TeamFactory, make_case


@pytest.fixture
def letter_case(personas):
    force = ForceFactory(code="home", name="Home Constabulary", is_home=True)
    officer = PersonFactory(
        force=force, number="4321", first_name="Dana", last_name="Whitlock", email="dana.whitlock@police.example"
    )
    team = TeamFactory(name="Team Ivy", members=[personas.investigator])
    case = make_case(personas.investigator, team, [officer], summary="Comments made in a group chat")
    return case, officer


@pytest.fixture
def write_letter(personas, letter_case):
    """Compose an information request to the officer, committed (on_commit enqueues delivery)."""
    case, officer = letter_case

    def write(key="request-1", kind=LetterKind.INFORMATION_REQUEST, email=None, **extra):
        fields = {
            "request_text": "Please say where you were on the evening of 14 September 2026.",
            "response_due_on": "2026-12-04",
        }
        fields.update(extra)
        with transaction.atomic():
            return outbox.compose(
                kind=kind,
                case=case,
                person=officer,
                recipient_name=officer.full_name,
                recipient_email=officer.email if email is None else email,
                sender=personas.investigator,
                idempotency_key=key,
                actor=personas.investigator,
                extra=fields,
            )

    return write


@pytest.fixture
def read(client):
    """GET a page as a user, stating a purpose first when the page asks why (s.62)."""

    def get(user, url):
        client.force_login(user)
        response = client.get(url)
        if response.status_code == 302 and response["Location"].startswith(reverse("consultation-purpose")):
            assert client.post(response["Location"], {"purpose": "oversight"}).status_code == 302
            response = client.get(url)
        return response

    return get
